package qsl.protocol.mold;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Big-endian unaligned value layouts shared by the MoldUDP64 and market-by-order codecs. */
public final class MoldBytes {
    /** u16 / i16, big-endian. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** i32, big-endian. */
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** i64 / u64, big-endian. */
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MoldBytes() {}
}
