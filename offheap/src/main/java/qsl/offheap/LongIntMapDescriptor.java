package qsl.offheap;

/**
 * Layout of a {@link LongIntMap} segment: a power-of-two table of 16-byte entries, probed
 * linearly from the key's home index and wrapping at the end.
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
 *   home(key) = (low32(key) + high32(high32(key) * phi64)) mod capacity
 * </pre>
 * Four entries share a 64-byte cache line, so a short probe run costs one miss.
 */
public final class LongIntMapDescriptor {
    public static final int KEY_OFFSET = 0;
    /** Holds {@code value + 1}; zero marks an empty entry. */
    public static final int VALUE_OFFSET = 8;
    public static final int ENTRY_BYTES = 16;
    /** 2^64 / golden ratio: Fibonacci hashing of a key's high half picks where its run of low values starts. */
    public static final long PHI64 = 0x9E3779B97F4A7C15L;

    private LongIntMapDescriptor() {}

    public static long entryOffset(int index) {
        return (long) index * ENTRY_BYTES;
    }
}
