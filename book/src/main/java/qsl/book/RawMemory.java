package qsl.book;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Loads and stores by absolute address through one global-scope segment held in a
 * {@code static final} field, so the JIT folds its bounds and liveness checks away: the hot
 * paths of {@link OrderSlots}, {@link PriceLevels} and {@link LevelLookup}'s cache pay for the access
 * only. The price is that these accesses no longer prove the engine's arena alive: the engine
 * makes one checked access (the id map lookup) before any raw one in each command and checks
 * the arena's scope on its cold read paths (see {@link MatchingEngine}), so a use after close
 * still fails with {@link IllegalStateException} rather than touching freed memory.
 *
 * <p>Little-endian by definition (the native order on x86-64 and AArch64, so no swap): the
 * records' packed two-i32 accesses rely on the first i32 being the low half of the i64.
 */
final class RawMemory {
    /** Every address, global scope (never closed). Restricted: needs native access enabled. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RawMemory() {}

    static long getLong(long address) { return ALL.get(I64, address); }
    static int getInt(long address) { return ALL.get(I32, address); }
    static void putLong(long address, long v) { ALL.set(I64, address, v); }
    static void putInt(long address, int v) { ALL.set(I32, address, v); }
}
