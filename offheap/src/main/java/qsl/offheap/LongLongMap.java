package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An open-addressing map from {@code long} keys to non-zero {@code long} values, off-heap (layout:
 * {@link LongLongMapDescriptor}); zero is "no value", so a key mapped to 0 is simply absent. The
 * same table discipline as {@link LongIntMap} (multiplicative hash of all 64 key bits, linear
 * probing, backward-shift deletion, a table that follows the live keys between loads of one
 * eighth and one half, tables from the caller's arena reused by size, a displacement bound that
 * falls again); see that class and {@code docs/offheap.md}. Made for sparse bitmaps: a key per
 * non-zero 64-bit word.
 */
public final class LongLongMap {
    /** {@link #get} of an absent key. */
    public static final long ABSENT = 0;
    /** Smallest table of a growable map. */
    public static final int MIN_CAPACITY = 64;
    /** Displacements at and above this share one counting bucket. */
    static final int DISPLACEMENT_BUCKETS = 63;


    private final Arena arena;
    /** Tables by log2(capacity), allocated on first use and kept for reuse. */
    private final MemorySegment[] tables = new MemorySegment[31];
    private final int minCapacity;
    private final int maxCapacity;
    private final int maxEntries;
    /** Keys per displacement (the last bucket: {@link #DISPLACEMENT_BUCKETS} and more). */
    private final int[] displaced = new int[DISPLACEMENT_BUCKETS + 1];

    /** Address of the current table's entry 0; accessed through {@link RawAddress}. */
    private long base;
    /** The arena's scope: every public operation checks it once instead of every access checking it. */
    private final MemorySegment.Scope scope;
    private int capacity;
    private int mask;
    private int shift;
    private int size;
    private int maxDisplacement;
    private long resizes;

    private LongLongMap(Arena arena, int minCapacity, int maxCapacity, int maxEntries) {
        this.arena = arena;
        this.scope = arena.scope();
        this.minCapacity = minCapacity;
        this.maxCapacity = maxCapacity;
        this.maxEntries = maxEntries;
        use(minCapacity);
    }

    /**
     * A fixed map of exactly {@code capacity} entries (a power of two, at least 2) that accepts up
     * to {@code maxEntries} keys ({@code 1 <= maxEntries < capacity}); it never resizes.
     */
    public static LongLongMap allocate(Arena arena, int capacity, int maxEntries) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        if (maxEntries < 1 || maxEntries >= capacity)
            throw new IllegalArgumentException("maxEntries must be in [1, capacity): " + maxEntries);
        return new LongLongMap(arena, capacity, capacity, maxEntries);
    }

    /**
     * A growable map for up to {@code maxEntries} keys ({@code 1..2^29}): it starts at
     * {@link #MIN_CAPACITY} entries (or less, if that is all {@code maxEntries} needs) and follows
     * the live keys at a load between one eighth and one half.
     */
    public static LongLongMap forEntries(Arena arena, int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 29))
            throw new IllegalArgumentException("maxEntries must be in [1, 2^29]: " + maxEntries);
        int max = Math.max(2, Integer.highestOneBit(maxEntries * 2 - 1) << 1);
        return new LongLongMap(arena, Math.min(MIN_CAPACITY, max), max, maxEntries);
    }

    /** Fails as a checked access would once the arena is closed: the table accesses themselves are raw. */
    private void alive() {
        if (!scope.isAlive()) throw new IllegalStateException("Already closed");
    }

    /** Switches to the (zeroed) table of {@code newCapacity} entries. */
    private void use(int newCapacity) {
        int log2 = Integer.numberOfTrailingZeros(newCapacity);
        MemorySegment t = tables[log2];
        if (t == null) {
            t = HugePageMemory.allocate(arena, (long) newCapacity * LongLongMapDescriptor.ENTRY_BYTES); // zeroed; huge pages when large
            tables[log2] = t;
        } else {
            t.fill((byte) 0);
        }
        base = t.address();
        capacity = newCapacity;
        mask = newCapacity - 1;
        shift = 64 - log2;
    }

    /**
     * The table index a key's probe starts at: the top {@code log2(capacity)} bits of
     * {@code key * 2^64/phi} (Fibonacci hashing). Every key bit reaches the top bits of the
     * product, so ids that differ only in their high bits ({@code seq << 20 | gateway}) spread as
     * well as random ones.
     */
    public int homeIndex(long key) {
        return (int) ((key * LongLongMapDescriptor.PHI64) >>> shift) & mask;
    }

    /** The value for {@code key}, or {@link #ABSENT} (0). */
    public long get(long key) {
        alive();
        long b = base;
        int m = mask;
        int i = (int) ((key * LongLongMapDescriptor.PHI64) >>> shift) & m;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            long stored = RawAddress.getLong(b + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return ABSENT;
            if (RawAddress.getLong(b + at + LongLongMapDescriptor.KEY_OFFSET) == key) return stored;
            i = (i + 1) & m;
        }
    }

    public boolean containsKey(long key) {
        return get(key) != ABSENT;
    }

    /**
     * The table index of {@code key}'s entry, or -1 if absent: a handle for {@link #valueAt} and
     * {@link #setValueAt}, valid until the next {@link #put}, {@link #remove}, {@link #or},
     * {@link #andNot} or {@link #clear} (which may move entries or switch tables). Lets a caller
     * read a value and later replace it with one probe.
     */
    public int indexOf(long key) {
        alive();
        long b = base;
        int m = mask;
        int i = (int) ((key * LongLongMapDescriptor.PHI64) >>> shift) & m;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            if (RawAddress.getLong(b + at + LongLongMapDescriptor.VALUE_OFFSET) == 0) return -1;
            if (RawAddress.getLong(b + at + LongLongMapDescriptor.KEY_OFFSET) == key) return i;
            i = (i + 1) & m;
        }
    }

    /** The value of the entry at table index {@code i}, an {@link #indexOf} handle still valid. */
    public long valueAt(int i) {
        alive();
        return RawAddress.getLong(base + LongLongMapDescriptor.entryOffset(i) + LongLongMapDescriptor.VALUE_OFFSET);
    }

    /** Replaces the value ({@code value != 0}) of the entry at table index {@code i}, an {@link #indexOf} handle still valid. */
    public void setValueAt(int i, long value) {
        alive();
        if (value == 0) throw new IllegalArgumentException("value 0 means absent: remove the key instead");
        RawAddress.putLong(base + LongLongMapDescriptor.entryOffset(i) + LongLongMapDescriptor.VALUE_OFFSET, value);
    }

    /**
     * Maps {@code key} to {@code value} ({@code value != 0}).
     *
     * @return true if the key was new; false if it was there (its value replaced) or if it was new
     *     and the map already holds {@link #maxEntries()} keys (nothing changed: check
     *     {@link #size()})
     */
    public boolean put(long key, long value) {
        alive();
        if (value == 0) throw new IllegalArgumentException("value 0 means absent: remove the key instead");
        int home = homeIndex(key);
        int i = home;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            long stored = RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (stored == 0) break;
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET) == key) {
                RawAddress.putLong(base + at + LongLongMapDescriptor.VALUE_OFFSET, value);
                return false;
            }
            i = (i + 1) & mask;
        }
        if (size == maxEntries) return false;
        if (size + 1 > capacity >>> 1 && capacity < maxCapacity) {
            resize(capacity << 1);
            insertNew(key, value);
        } else {
            store(i, (i - home) & mask, key, value);
        }
        size++;
        return true;
    }

    /** Inserts a key known to be absent (after a resize, or while rehashing). */
    private void insertNew(long key, long value) {
        int home = homeIndex(key);
        int i = home;
        while (RawAddress.getLong(base + LongLongMapDescriptor.entryOffset(i) + LongLongMapDescriptor.VALUE_OFFSET) != 0) {
            i = (i + 1) & mask;
        }
        store(i, (i - home) & mask, key, value);
    }

    private void store(int i, int displacement, long key, long value) {
        long at = LongLongMapDescriptor.entryOffset(i);
        RawAddress.putLong(base + at + LongLongMapDescriptor.KEY_OFFSET, key);
        RawAddress.putLong(base + at + LongLongMapDescriptor.VALUE_OFFSET, value);
        displaced[Math.min(displacement, DISPLACEMENT_BUCKETS)]++;
        if (displacement > maxDisplacement) maxDisplacement = displacement;
    }

    /** One key left displacement {@code d} (removed, or shifted back). */
    private void leave(int d) {
        displaced[Math.min(d, DISPLACEMENT_BUCKETS)]--;
    }

    /** Lowers {@link #maxDisplacement} to the largest displacement still held. */
    private void settleMax() {
        int d = maxDisplacement;
        if (d >= DISPLACEMENT_BUCKETS) {
            if (displaced[DISPLACEMENT_BUCKETS] > 0) return; // some key is 63+ away: keep the exact old bound
            d = DISPLACEMENT_BUCKETS - 1;
        }
        while (d > 0 && displaced[d] == 0) d--;
        maxDisplacement = d;
    }

    /** Removes {@code key}; returns its value or {@link #ABSENT}. */
    public long remove(long key) {
        alive();
        int home = homeIndex(key);
        int i = home;
        long stored;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            stored = RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return ABSENT;
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET) == key) break;
            i = (i + 1) & mask;
        }
        removeAt(i, home);
        return stored;
    }

    /**
     * Sets {@code bits} in the value of {@code key} (an absent key counts as 0) with one probe;
     * returns the value before.
     *
     * @throws IllegalStateException if the key is new and the map already holds {@link #maxEntries()}
     */
    public long or(long key, long bits) {
        alive();
        if (bits == 0) throw new IllegalArgumentException("no bits to set");
        int home = homeIndex(key);
        int i = home;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            long stored = RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (stored == 0) break;
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET) == key) {
                RawAddress.putLong(base + at + LongLongMapDescriptor.VALUE_OFFSET, stored | bits);
                return stored;
            }
            i = (i + 1) & mask;
        }
        if (size == maxEntries) throw new IllegalStateException("map full: " + maxEntries + " keys");
        if (size + 1 > capacity >>> 1 && capacity < maxCapacity) {
            resize(capacity << 1);
            insertNew(key, bits);
        } else {
            store(i, (i - home) & mask, key, bits);
        }
        size++;
        return 0;
    }

    /**
     * Clears {@code bits} in the value of {@code key} with one probe, removing the key when no bit
     * is left; returns the value after (0: the key is gone, or was never there).
     */
    public long andNot(long key, long bits) {
        alive();
        int home = homeIndex(key);
        int i = home;
        while (true) {
            long at = LongLongMapDescriptor.entryOffset(i);
            long stored = RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return 0;
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET) == key) {
                long left = stored & ~bits;
                if (left != 0) {
                    RawAddress.putLong(base + at + LongLongMapDescriptor.VALUE_OFFSET, left);
                } else {
                    removeAt(i, home);
                }
                return left;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes the entry at {@code i} (home {@code home}), shifting its run back. */
    private void removeAt(int i, int home) {
        leave((i - home) & mask);
        // Backward shift: walk the rest of the probe run; an entry whose home is not inside
        // (hole, j] cyclically can move into the hole and stay reachable from its home. No key
        // is farther than maxDisplacement from its home, so past that distance from the hole
        // nothing can move: stop there.
        int hole = i;
        int j = i;
        int limit = maxDisplacement;
        while (true) {
            j = (j + 1) & mask;
            if (((j - hole) & mask) > limit) break;
            long at = LongLongMapDescriptor.entryOffset(j);
            long v = RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (v == 0) break;
            long k = RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET);
            int d = (j - homeIndex(k)) & mask;
            if (d >= ((j - hole) & mask)) {
                long holeAt = LongLongMapDescriptor.entryOffset(hole);
                RawAddress.putLong(base + holeAt + LongLongMapDescriptor.KEY_OFFSET, k);
                RawAddress.putLong(base + holeAt + LongLongMapDescriptor.VALUE_OFFSET, v);
                leave(d);
                displaced[Math.min(d - ((j - hole) & mask), DISPLACEMENT_BUCKETS)]++;
                hole = j;
            }
        }
        RawAddress.putLong(base + LongLongMapDescriptor.entryOffset(hole) + LongLongMapDescriptor.VALUE_OFFSET, 0L);
        size--;
        settleMax();
        if (size < capacity >>> 3 && capacity > minCapacity) resize(capacity >>> 1);
    }

    /** Rehashes every live key into a table of {@code newCapacity} entries. */
    private void resize(int newCapacity) {
        long old = base;
        int oldCapacity = capacity;
        use(newCapacity);
        java.util.Arrays.fill(displaced, 0);
        maxDisplacement = 0;
        for (int i = 0; i < oldCapacity; i++) {
            long at = LongLongMapDescriptor.entryOffset(i);
            long v = RawAddress.getLong(old + at + LongLongMapDescriptor.VALUE_OFFSET);
            if (v != 0) insertNew(RawAddress.getLong(old + at + LongLongMapDescriptor.KEY_OFFSET), v);
        }
        resizes++;
    }

    /** Empties the map (and shrinks a growable map back to its smallest table). */
    public void clear() {
        use(minCapacity);
        java.util.Arrays.fill(displaced, 0);
        size = 0;
        maxDisplacement = 0;
    }

    public int size() {
        return size;
    }

    /** Entries in the current table. */
    public int capacity() {
        return capacity;
    }

    /** Entries in the largest table this map may grow to. */
    public int maxCapacity() {
        return maxCapacity;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** An upper bound on every live key's distance from its home; falls when those keys leave. */
    public int maxDisplacement() {
        return maxDisplacement;
    }

    /** How many times the table has been resized (for tests and tuning). */
    public long resizes() {
        return resizes;
    }

    /** Bytes of the current table: what a lookup's cache footprint is bounded by. */
    public long tableBytes() {
        return (long) capacity * LongLongMapDescriptor.ENTRY_BYTES;
    }

    /** Length of the probe from {@code key}'s home to its entry (0 = at home), or -1 if absent; for tests and tuning. */
    public int probeLength(long key) {
        alive();
        int home = homeIndex(key);
        int i = home;
        for (int n = 0; n < capacity; n++) {
            long at = LongLongMapDescriptor.entryOffset(i);
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.VALUE_OFFSET) == 0) return -1;
            if (RawAddress.getLong(base + at + LongLongMapDescriptor.KEY_OFFSET) == key) return n;
            i = (i + 1) & mask;
        }
        return -1;
    }
}
