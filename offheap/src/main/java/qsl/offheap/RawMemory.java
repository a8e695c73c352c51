package qsl.offheap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Loads and stores by absolute address through one global-scope segment held in a
 * {@code static final} field, so the JIT folds its bounds and liveness checks away and a hot
 * path pays for the access only. The price is that such an access proves nothing: a caller
 * addresses only memory it knows to be allocated and checks its arena's scope itself once per
 * operation ({@link LongLongMap} and {@link LongIntMap} do, and throw
 * {@link IllegalStateException} after their arena is closed, as a checked access would).
 *
 * <p>Little-endian by definition (the native order on x86-64 and AArch64, so no swap): records
 * whose packed two-i32 fields are read as one i64 rely on the first i32 being the low half.
 * Restricted: needs native access enabled ({@code --enable-native-access}).
 */
public final class RawMemory {
    /** Every address, global scope (never closed). */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RawMemory() {}

    public static long getLong(long address) { return ALL.get(I64, address); }
    public static int getInt(long address) { return ALL.get(I32, address); }
    public static void putLong(long address, long v) { ALL.set(I64, address, v); }
    public static void putInt(long address, int v) { ALL.set(I32, address, v); }
}
