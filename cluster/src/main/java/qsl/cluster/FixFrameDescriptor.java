package qsl.cluster;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one FIX connection event of the clustered node, as a ring record ({@link #TYPE}) and
 * as the payload of a {@link ClusterRequestDescriptor#FIX} request. Inbound (a member's FIX port
 * to the cluster): {@link #FRAME}, one FIX frame exactly as the connection sent it (or the bytes
 * of one frame whose field the parser refused), and {@link #CLOSED}, the connection ended.
 * Outbound (the service to the member's FIX port): {@link #DATA}, bytes for the connection, and
 * {@link #CLOSE}, close it once they are written. Little-endian.
 *
 * <pre>
 *   0       1                                                       8
 *   +-------+-------------------------------------------------------+
 *   | event |                  reserved (zero)                      |
 *   +-------+-------------------------------------------------------+
 *   |  connection id (i64): member (8 bits) | start (24) | count (32) |  8
 *   +---------------------------------------------------------------+
 *   |  bytes (FRAME, DATA; none for CLOSED, CLOSE)                  | 16
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class FixFrameDescriptor {
    /** Ring record type (beside the session commands' 16). */
    public static final int TYPE = 17;

    public static final byte FRAME = 1;
    public static final byte CLOSED = 2;
    public static final byte DATA = 3;
    public static final byte CLOSE = 4;

    public static final int EVENT_OFFSET = 0;
    public static final int CONNECTION_OFFSET = 8;
    public static final int BYTES_OFFSET = 16;
    public static final int HEADER_LENGTH = 16;

    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FixFrameDescriptor() {}

    public static byte event(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + EVENT_OFFSET); }
    public static long connection(MemorySegment s, long at) { return s.get(I64, at + CONNECTION_OFFSET); }

    /** Writes the header; the caller copies the bytes to {@code at + BYTES_OFFSET}. */
    public static void writeHeader(MemorySegment s, long at, byte event, long connection) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0L);
        s.set(ValueLayout.JAVA_BYTE, at + EVENT_OFFSET, event);
        s.set(I64, at + CONNECTION_OFFSET, connection);
    }

    /** The id prefix (upper 32 bits) of the connections of {@code member} in its start {@code epoch}. */
    public static long prefix(int member, long epoch) {
        return ((long) (member & 0xFF) << 24) | (epoch & 0xFF_FFFF);
    }
}
