package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An open-addressing map from {@code long} keys to non-negative {@code int} values in one
 * {@link MemorySegment} (layout: {@link LongIntMapDescriptor}). Linear probing; deletion shifts
 * later entries of the probe run back into the hole (backward-shift deletion), so there are no
 * tombstones, lookups never slow down after many insert/delete cycles, and a miss stops at the
 * first empty entry.
 *
 * <p>The capacity is fixed: {@link #put} of a new key when {@link #size()} equals
 * {@link #maxEntries()} returns {@link #FULL} and changes nothing. {@code maxEntries} is below
 * the table capacity, so a probe always reaches an empty entry.
 *
 * <p>Memory: the map's segment comes from the caller's arena, which the caller closes. Not
 * thread-safe. Iteration order is never exposed (no hash-order iteration reaches the engine).
 */
public final class LongIntMap {
    /** Returned by {@link #get} and {@link #remove} for an absent key, by {@link #put} for a new key. */
    public static final int MISSING = -1;
    /** Returned by {@link #put} when the key is new and the map already holds {@link #maxEntries()}. */
    public static final int FULL = -2;

    private static final ValueLayout.OfLong KEY = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt VALUE = ValueLayout.JAVA_INT_UNALIGNED;

    private final MemorySegment table;
    private final int capacity;
    private final int mask;
    private final int maxEntries;
    private int size;
    /**
     * Largest distance from its home any key has been stored at (never lowered, except by
     * {@link #clear}): an upper bound on every live key's displacement, which lets a removal stop
     * its backward shift once it is farther than that from the hole.
     */
    private int maxDisplacement;

    private LongIntMap(MemorySegment table, int capacity, int maxEntries) {
        this.table = table;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxEntries = maxEntries;
    }

    /**
     * A map of exactly {@code capacity} entries (a power of two, at least 2) that accepts up to
     * {@code maxEntries} keys ({@code 1 <= maxEntries < capacity}).
     */
    public static LongIntMap allocate(Arena arena, int capacity, int maxEntries) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        if (maxEntries < 1 || maxEntries >= capacity)
            throw new IllegalArgumentException("maxEntries must be in [1, capacity): " + maxEntries);
        MemorySegment table = arena.allocate((long) capacity * LongIntMapDescriptor.ENTRY_BYTES, 64);
        return new LongIntMap(table, capacity, maxEntries);
    }

    /** A map for {@code maxEntries} keys at a load factor of at most one half. */
    public static LongIntMap forEntries(Arena arena, int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 29))
            throw new IllegalArgumentException("maxEntries must be in [1, 2^29]: " + maxEntries);
        int capacity = Math.max(2, Integer.highestOneBit(maxEntries * 2 - 1) << 1);
        return allocate(arena, capacity, maxEntries);
    }

    /**
     * The table index a key's probe starts at: the low 32 bits of the key plus a Fibonacci-hashed
     * offset of the high 32 bits. Keys that count up (order ids) land in neighbouring entries, so
     * the live ones share cache lines and a new key's probe touches a line that is already hot;
     * families of keys that differ in their high half (a session or symbol prefix) start at
     * unrelated places instead of piling onto the same entries.
     */
    public int homeIndex(long key) {
        return ((int) key + (int) (((key >>> 32) * LongIntMapDescriptor.PHI64) >>> 32)) & mask;
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public int get(long key) {
        int i = homeIndex(key);
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            int stored = table.get(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return MISSING;
            if (table.get(KEY, at + LongIntMapDescriptor.KEY_OFFSET) == key) return stored - 1;
            i = (i + 1) & mask;
        }
    }

    public boolean containsKey(long key) {
        return get(key) != MISSING;
    }

    /**
     * Maps {@code key} to {@code value} ({@code 0 <= value < Integer.MAX_VALUE}).
     *
     * @return the previous value, {@link #MISSING} if the key was new, or {@link #FULL} if the key
     *     was new and there is no room (nothing changed)
     */
    public int put(long key, int value) {
        if (value < 0 || value == Integer.MAX_VALUE) throw new IllegalArgumentException("value out of range: " + value);
        int home = homeIndex(key);
        int i = home;
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            int stored = table.get(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) {
                if (size == maxEntries) return FULL;
                table.set(KEY, at + LongIntMapDescriptor.KEY_OFFSET, key);
                table.set(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET, value + 1);
                size++;
                int displacement = (i - home) & mask;
                if (displacement > maxDisplacement) maxDisplacement = displacement;
                return MISSING;
            }
            if (table.get(KEY, at + LongIntMapDescriptor.KEY_OFFSET) == key) {
                table.set(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET, value + 1);
                return stored - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns its value or {@link #MISSING}. */
    public int remove(long key) {
        int i = homeIndex(key);
        int stored;
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            stored = table.get(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return MISSING;
            if (table.get(KEY, at + LongIntMapDescriptor.KEY_OFFSET) == key) break;
            i = (i + 1) & mask;
        }
        // Backward shift: walk the rest of the probe run; an entry whose home is not inside
        // (hole, j] cyclically can move into the hole and stay reachable from its home. Past
        // maxDisplacement from the hole no entry can be that far from its home: stop there
        // (with counting-up keys the run can be long while every entry sits at its home).
        int hole = i;
        int j = i;
        int limit = maxDisplacement;
        while (true) {
            j = (j + 1) & mask;
            if (((j - hole) & mask) > limit) break;
            long at = LongIntMapDescriptor.entryOffset(j);
            int v = table.get(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET);
            if (v == 0) break;
            long k = table.get(KEY, at + LongIntMapDescriptor.KEY_OFFSET);
            int home = homeIndex(k);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                long holeAt = LongIntMapDescriptor.entryOffset(hole);
                table.set(KEY, holeAt + LongIntMapDescriptor.KEY_OFFSET, k);
                table.set(VALUE, holeAt + LongIntMapDescriptor.VALUE_OFFSET, v);
                hole = j;
            }
        }
        table.set(VALUE, LongIntMapDescriptor.entryOffset(hole) + LongIntMapDescriptor.VALUE_OFFSET, 0);
        size--;
        return stored - 1;
    }

    /** Empties the map. */
    public void clear() {
        table.fill((byte) 0);
        size = 0;
        maxDisplacement = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Length of the probe from {@code key}'s home to its entry (0 = at home), or -1 if absent; for tests and tuning. */
    public int probeLength(long key) {
        int home = homeIndex(key);
        int i = home;
        for (int n = 0; n < capacity; n++) {
            long at = LongIntMapDescriptor.entryOffset(i);
            if (table.get(VALUE, at + LongIntMapDescriptor.VALUE_OFFSET) == 0) return -1;
            if (table.get(KEY, at + LongIntMapDescriptor.KEY_OFFSET) == key) return n;
            i = (i + 1) & mask;
        }
        return -1;
    }
}
