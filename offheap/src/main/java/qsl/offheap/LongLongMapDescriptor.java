package qsl.offheap;

/**
 * Layout of a {@link LongLongMap} table: a power-of-two table of 16-byte entries, probed linearly
 * from the key's home index and wrapping at the end (the same discipline as
 * {@link LongIntMapDescriptor}, with a 64-bit value).
 *
 * <pre>
 *   entry i at i * 16:
 *   0                               8                               16
 *   +-------------------------------+-------------------------------+
 *   |           key (i64)           |          value (i64)          |
 *   +-------------------------------+-------------------------------+
 *   value == 0: the entry is empty (a key mapped to 0 is absent)
 *
 *   home(key) = (key * phi64) >>> (64 - log2(capacity))      (top bits: every key bit counts)
 * </pre>
 */
public final class LongLongMapDescriptor {
    public static final int KEY_OFFSET = 0;
    /** The value; zero marks an empty entry. */
    public static final int VALUE_OFFSET = 8;
    public static final int ENTRY_BYTES = 16;
    /** 2^64 / golden ratio, odd: Fibonacci hashing takes the top bits of {@code key * PHI64}. */
    public static final long PHI64 = 0x9E3779B97F4A7C15L;

    private LongLongMapDescriptor() {}

    public static long entryOffset(int index) {
        return (long) index * ENTRY_BYTES;
    }
}
