package qsl.offheap;

/**
 * Layout of a {@link LongIntMap} table: a power-of-two table of 16-byte entries, probed
 * linearly from the key's home index and wrapping at the end. A growable map has one such table
 * per size it has reached (the current one is probed; see {@link LongIntMap}).
 *
 * <pre>
 *   entry i at i * 16:
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |           key (i64)           | value+1 (i32) |  unused (i32) |
 *   +-------------------------------+---------------+---------------+
 *   value+1 == 0: the entry is empty (so any long is a valid key; values are 0..MAX-1)
 *
 *   table:  [0][1][2] ... [capacity-1]
 *   home(key) = (key * phi64) >>> (64 - log2(capacity))      (top bits: every key bit counts)
 * </pre>
 * Four entries share a 64-byte cache line, so a short probe run costs one miss.
 */
public final class LongIntMapDescriptor {
    public static final int KEY_OFFSET = 0;
    /** Holds {@code value + 1}; zero marks an empty entry. */
    public static final int VALUE_OFFSET = 8;
    public static final int ENTRY_BYTES = 16;
    /** 2^64 / golden ratio, odd: Fibonacci hashing takes the top bits of {@code key * PHI64}. */
    public static final long PHI64 = 0x9E3779B97F4A7C15L;

    private LongIntMapDescriptor() {}

    public static long entryOffset(int index) {
        return (long) index * ENTRY_BYTES;
    }
}
