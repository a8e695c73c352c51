package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.offheap.LongIntMap;

/**
 * Ticks to level record for one book side: an off-heap hash map ({@link LongIntMap}, growable, so
 * its table follows the number of levels) behind a small direct-mapped cache. Knows nothing of
 * order, queues or the best price; {@link PriceBand} keeps those.
 *
 * <p>The cache: {@link #CACHE_ENTRIES} entries of 16 bytes at {@code (ticks mod CACHE_ENTRIES) * 16}
 * in one off-heap block, accessed through {@link RawMemory}:
 * <pre>
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |          ticks (i64)          |  level (i32)  |  unused (i32) |
 *   +-------------------------------+---------------+---------------+
 *   ticks -1: the entry is empty (real ticks are in [0, 2^63))
 * </pre>
 * Prices near the touch hit it: a level found with one load and one compare, adjacent ticks on
 * adjacent entries. An entry is filled by a map hit or a {@link #put} and cleared with its level.
 */
final class LevelLookup {
    static final int CACHE_ENTRIES = 4096;
    private static final int ENTRY_BYTES = 16;
    private static final int LEVEL_OFFSET = 8;
    private static final long EMPTY = -1L;

    private final LongIntMap map;
    /** Address of the cache block. */
    private final long cache;

    LevelLookup(Arena arena, int maxLevels) {
        this.map = LongIntMap.forEntries(arena, maxLevels);
        MemorySegment c = arena.allocate((long) CACHE_ENTRIES * ENTRY_BYTES, 64);
        for (int i = 0; i < CACHE_ENTRIES; i++) c.set(ValueLayout.JAVA_LONG, (long) i * ENTRY_BYTES, EMPTY);
        this.cache = c.address();
    }

    private long entry(long ticks) {
        return cache + ((ticks & (CACHE_ENTRIES - 1)) * ENTRY_BYTES);
    }

    /** The level at {@code ticks}, or {@link LongIntMap#MISSING}: the cache, then the map (filling the cache). */
    int find(long ticks) {
        long e = entry(ticks);
        if (RawMemory.getLong(e) == ticks) return RawMemory.getInt(e + LEVEL_OFFSET);
        int l = map.get(ticks);
        if (l != LongIntMap.MISSING) fill(e, ticks, l);
        return l;
    }

    /** Records a new level (absent before) at {@code ticks}. */
    void put(long ticks, int level) {
        map.put(ticks, level);
        fill(entry(ticks), ticks, level);
    }

    /** Forgets the level at {@code ticks} (present). */
    void remove(long ticks) {
        map.remove(ticks);
        long e = entry(ticks);
        if (RawMemory.getLong(e) == ticks) RawMemory.putLong(e, EMPTY);
    }

    /** Levels recorded. */
    int size() {
        return map.size();
    }

    private static void fill(long e, long ticks, int level) {
        RawMemory.putLong(e, ticks);
        RawMemory.putInt(e + LEVEL_OFFSET, level);
    }
}
