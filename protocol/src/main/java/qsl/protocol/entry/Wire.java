package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Big-endian field access shared by the descriptors (package-private). */
final class Wire {
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Wire() {}

    static byte u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at);
    }

    static void u8(MemorySegment s, long at, byte v) {
        s.set(ValueLayout.JAVA_BYTE, at, v);
    }

    static int i32(MemorySegment s, long at) {
        return s.get(I32, at);
    }

    static void i32(MemorySegment s, long at, int v) {
        s.set(I32, at, v);
    }

    static long i64(MemorySegment s, long at) {
        return s.get(I64, at);
    }

    static void i64(MemorySegment s, long at, long v) {
        s.set(I64, at, v);
    }
}
