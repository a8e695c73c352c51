package qsl.offheap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Native-order 4- and 8-byte loads and stores by absolute address through one global-scope segment held
 * in a {@code static final} field, so the JIT folds its bounds and liveness checks away and a hot
 * path pays for the access only (the technique of ADR 0004 and 0005, without {@code Unsafe}).
 *
 * <p>Nothing here is checked: an address must come from {@link #base} of a live native segment
 * plus an offset the caller has proved in bounds, and the caller must make one checked access
 * through that segment before raw ones, or check its arena's scope once per operation (as
 * {@link LongLongMap}, {@link LongIntMap} and a {@link SlotPool} over native memory do), so a
 * closed arena still throws {@link IllegalStateException} instead of touching freed memory. The
 * ordered accesses ({@link #getLongAcquire}, {@link #setLongRelease}, {@link #getLongOpaque})
 * need 8-byte aligned addresses and throw {@link IllegalArgumentException} otherwise; the plain
 * ones accept any address.
 *
 * <p>{@code reinterpret} is a restricted method: the JVM needs native access enabled (the qsl
 * launcher, test JVMs, JMH forks and child JVMs all pass it).
 */
public final class RawAddress {
    /** Every address, global scope (never closed). */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** Aligned native-order long: the access modes acquire/release/opaque need the aligned layout. */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ValueLayout.OfLong PLAIN_LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt PLAIN_INT = ValueLayout.JAVA_INT_UNALIGNED;

    private RawAddress() {}

    /**
     * The absolute address of {@code segment}'s first byte, to add offsets to.
     *
     * @throws IllegalArgumentException when the segment is on the heap (its address is an offset
     *     inside a Java array that the collector may move, not a place in memory)
     */
    public static long base(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("raw addressing needs a native segment, not a heap segment");
        }
        return segment.address();
    }

    public static long getLong(long address) {
        return ALL.get(PLAIN_LONG, address);
    }

    public static void putLong(long address, long value) {
        ALL.set(PLAIN_LONG, address, value);
    }

    public static int getInt(long address) {
        return ALL.get(PLAIN_INT, address);
    }

    public static void putInt(long address, int value) {
        ALL.set(PLAIN_INT, address, value);
    }

    /** Acquire load: the caller's comment names the release store it pairs with. */
    public static long getLongAcquire(long address) {
        return (long) LONG.getAcquire(ALL, address);
    }

    /** Release store: the caller's comment names the acquire load it pairs with. */
    public static void setLongRelease(long address, long value) {
        LONG.setRelease(ALL, address, value);
    }

    /** Opaque load: a fresh value that orders nothing else. */
    public static long getLongOpaque(long address) {
        return (long) LONG.getOpaque(ALL, address);
    }
}
