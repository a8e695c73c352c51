package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An open-addressing map from {@code long} keys to non-negative {@code int} values, off-heap
 * (layout: {@link LongIntMapDescriptor}). Linear probing from a multiplicative hash of all 64
 * key bits; deletion shifts later entries of the probe run back into the hole (backward-shift
 * deletion), so there are no tombstones and a miss stops at the first empty entry.
 *
 * <p><b>Footprint follows the live keys.</b> A map made by {@link #forEntries} starts at
 * {@link #MIN_CAPACITY} entries and doubles when a new key would take it past a load of one half,
 * up to the capacity {@code maxEntries} needs at that load; it halves when removals leave it below
 * one eighth. A resize rehashes every live key into a table of the new size: O(live keys + new
 * capacity), on the {@code put} or {@code remove} that crosses the threshold, and never twice in a
 * row without a doubling (or halving) of the live count in between, so its cost is amortized O(1)
 * per operation. Tables come from the caller's arena; each size is allocated at most once and
 * reused (zeroed) when the map comes back to it, so the arena holds at most twice the largest
 * table, which {@code maxEntries} bounds. No heap allocation after construction.
 *
 * <p><b>Probe bound that comes back down.</b> The map counts its keys by displacement (distance
 * from home, 0..62, and one bucket for 63 and more); {@link #maxDisplacement()} is the largest
 * occupied count and falls as soon as the last key that far from home leaves or is shifted back.
 * A removal's backward shift stops once it is farther than that from the hole.
 *
 * <p>{@link #allocate} makes a fixed-capacity map (never resizes). {@link #put} of a new key
 * when {@link #size()} equals {@link #maxEntries()} returns {@link #FULL} and changes nothing.
 *
 * <p>The caller's arena frees the tables. Not thread-safe. Iteration order is never exposed.
 */
public final class LongIntMap {
    /** Returned by {@link #get} and {@link #remove} for an absent key, by {@link #put} for a new key. */
    public static final int MISSING = -1;
    /** Returned by {@link #put} when the key is new and the map already holds {@link #maxEntries()}. */
    public static final int FULL = -2;
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

    private LongIntMap(Arena arena, int minCapacity, int maxCapacity, int maxEntries) {
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
    public static LongIntMap allocate(Arena arena, int capacity, int maxEntries) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        if (maxEntries < 1 || maxEntries >= capacity)
            throw new IllegalArgumentException("maxEntries must be in [1, capacity): " + maxEntries);
        return new LongIntMap(arena, capacity, capacity, maxEntries);
    }

    /**
     * A growable map for up to {@code maxEntries} keys ({@code 1..2^29}): it starts at
     * {@link #MIN_CAPACITY} entries (or less, if that is all {@code maxEntries} needs) and follows
     * the live keys at a load between one eighth and one half.
     */
    public static LongIntMap forEntries(Arena arena, int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 29))
            throw new IllegalArgumentException("maxEntries must be in [1, 2^29]: " + maxEntries);
        int max = Math.max(2, Integer.highestOneBit(maxEntries * 2 - 1) << 1);
        return new LongIntMap(arena, Math.min(MIN_CAPACITY, max), max, maxEntries);
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
            t = HugePageMemory.allocate(arena, (long) newCapacity * LongIntMapDescriptor.ENTRY_BYTES); // zeroed; huge pages when large
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
        return (int) ((key * LongIntMapDescriptor.PHI64) >>> shift) & mask;
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public int get(long key) {
        alive();
        long b = base;
        int m = mask;
        int i = (int) ((key * LongIntMapDescriptor.PHI64) >>> shift) & m;
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            int stored = RawAddress.getInt(b + at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return MISSING;
            if (RawAddress.getLong(b + at + LongIntMapDescriptor.KEY_OFFSET) == key) return stored - 1;
            i = (i + 1) & m;
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
        alive();
        if (value < 0 || value == Integer.MAX_VALUE) throw new IllegalArgumentException("value out of range: " + value);
        int home = homeIndex(key);
        int i = home;
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            int stored = RawAddress.getInt(base + at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) break;
            if (RawAddress.getLong(base + at + LongIntMapDescriptor.KEY_OFFSET) == key) {
                RawAddress.putInt(base + at + LongIntMapDescriptor.VALUE_OFFSET, value + 1);
                return stored - 1;
            }
            i = (i + 1) & mask;
        }
        if (size == maxEntries) return FULL;
        if (size + 1 > capacity >>> 1 && capacity < maxCapacity) {
            resize(capacity << 1);
            insertNew(key, value);
        } else {
            store(i, (i - home) & mask, key, value);
        }
        size++;
        return MISSING;
    }

    /** Inserts a key known to be absent (after a resize, or while rehashing). */
    private void insertNew(long key, int value) {
        int home = homeIndex(key);
        int i = home;
        while (RawAddress.getInt(base + LongIntMapDescriptor.entryOffset(i) + LongIntMapDescriptor.VALUE_OFFSET) != 0) {
            i = (i + 1) & mask;
        }
        store(i, (i - home) & mask, key, value);
    }

    private void store(int i, int displacement, long key, int value) {
        long at = LongIntMapDescriptor.entryOffset(i);
        RawAddress.putLong(base + at + LongIntMapDescriptor.KEY_OFFSET, key);
        RawAddress.putInt(base + at + LongIntMapDescriptor.VALUE_OFFSET, value + 1);
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

    /** Removes {@code key}; returns its value or {@link #MISSING}. */
    public int remove(long key) {
        alive();
        int home = homeIndex(key);
        int i = home;
        int stored;
        while (true) {
            long at = LongIntMapDescriptor.entryOffset(i);
            stored = RawAddress.getInt(base + at + LongIntMapDescriptor.VALUE_OFFSET);
            if (stored == 0) return MISSING;
            if (RawAddress.getLong(base + at + LongIntMapDescriptor.KEY_OFFSET) == key) break;
            i = (i + 1) & mask;
        }
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
            long at = LongIntMapDescriptor.entryOffset(j);
            int v = RawAddress.getInt(base + at + LongIntMapDescriptor.VALUE_OFFSET);
            if (v == 0) break;
            long k = RawAddress.getLong(base + at + LongIntMapDescriptor.KEY_OFFSET);
            int d = (j - homeIndex(k)) & mask;
            if (d >= ((j - hole) & mask)) {
                long holeAt = LongIntMapDescriptor.entryOffset(hole);
                RawAddress.putLong(base + holeAt + LongIntMapDescriptor.KEY_OFFSET, k);
                RawAddress.putInt(base + holeAt + LongIntMapDescriptor.VALUE_OFFSET, v);
                leave(d);
                displaced[Math.min(d - ((j - hole) & mask), DISPLACEMENT_BUCKETS)]++;
                hole = j;
            }
        }
        RawAddress.putInt(base + LongIntMapDescriptor.entryOffset(hole) + LongIntMapDescriptor.VALUE_OFFSET, 0);
        size--;
        settleMax();
        if (size < capacity >>> 3 && capacity > minCapacity) resize(capacity >>> 1);
        return stored - 1;
    }

    /** Rehashes every live key into a table of {@code newCapacity} entries. */
    private void resize(int newCapacity) {
        long old = base;
        int oldCapacity = capacity;
        use(newCapacity);
        java.util.Arrays.fill(displaced, 0);
        maxDisplacement = 0;
        for (int i = 0; i < oldCapacity; i++) {
            long at = LongIntMapDescriptor.entryOffset(i);
            int v = RawAddress.getInt(old + at + LongIntMapDescriptor.VALUE_OFFSET);
            if (v != 0) insertNew(RawAddress.getLong(old + at + LongIntMapDescriptor.KEY_OFFSET), v - 1);
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
        return (long) capacity * LongIntMapDescriptor.ENTRY_BYTES;
    }

    /** Length of the probe from {@code key}'s home to its entry (0 = at home), or -1 if absent; for tests and tuning. */
    public int probeLength(long key) {
        alive();
        int home = homeIndex(key);
        int i = home;
        for (int n = 0; n < capacity; n++) {
            long at = LongIntMapDescriptor.entryOffset(i);
            if (RawAddress.getInt(base + at + LongIntMapDescriptor.VALUE_OFFSET) == 0) return -1;
            if (RawAddress.getLong(base + at + LongIntMapDescriptor.KEY_OFFSET) == key) return n;
            i = (i + 1) & mask;
        }
        return -1;
    }
}
