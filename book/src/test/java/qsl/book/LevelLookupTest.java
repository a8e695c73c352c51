package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import qsl.offheap.LongIntMap;

/**
 * {@link LevelLookup}'s answers, and its direct-mapped cache as its Javadoc lays it out (16-byte
 * entries at {@code (ticks mod 4096) * 16}: ticks i64, level i32; ticks -1 empty): filled by a
 * {@code put} and by a map hit, never by a miss, evicted by a colliding tick, cleared with its
 * level only. The cache is read directly here: its answers are the map's, so only its contents
 * show whether it works.
 */
class LevelLookupTest {
    private static long cacheAddress(LevelLookup lookup) throws ReflectiveOperationException {
        Field f = LevelLookup.class.getDeclaredField("cache");
        f.setAccessible(true);
        return f.getLong(lookup);
    }

    /** The cache entry for {@code ticks}: {ticks, level}. */
    private static long[] entry(long cache, long ticks) {
        long e = cache + (ticks & (LevelLookup.CACHE_ENTRIES - 1)) * 16;
        return new long[] {RawMemory.getLong(e), RawMemory.getInt(e + 8)};
    }

    @Test
    void theCacheHoldsWhatTheMapHoldsNearTheTouch() throws ReflectiveOperationException {
        try (Arena arena = Arena.ofConfined()) {
            LevelLookup lookup = new LevelLookup(arena, 100);
            long cache = cacheAddress(lookup);
            for (int i = 0; i < LevelLookup.CACHE_ENTRIES; i++)
                assertEquals(-1L, RawMemory.getLong(cache + 16L * i), "entry " + i + " starts empty");

            lookup.put(5, 7);
            assertEquals(1, lookup.size());
            assertEquals(5, entry(cache, 5)[0]);
            assertEquals(7, entry(cache, 5)[1]);
            assertEquals(7, lookup.find(5));

            assertEquals(LongIntMap.MISSING, lookup.find(6));
            assertEquals(-1L, entry(cache, 6)[0], "a miss fills nothing");

            long collides = 5 + LevelLookup.CACHE_ENTRIES;
            lookup.put(collides, 9);
            assertEquals(collides, entry(cache, 5)[0], "the colliding tick evicts the entry");
            assertEquals(9, lookup.find(collides));
            assertEquals(7, lookup.find(5), "from the map");
            assertEquals(5, entry(cache, 5)[0], "a map hit fills the entry back");
            assertEquals(7, entry(cache, 5)[1]);

            lookup.remove(collides);
            assertEquals(5, entry(cache, 5)[0], "removing a tick the entry does not hold leaves it");
            assertEquals(LongIntMap.MISSING, lookup.find(collides));
            assertEquals(7, lookup.find(5));
            lookup.remove(5);
            assertEquals(-1L, entry(cache, 5)[0], "cleared with its level");
            assertEquals(LongIntMap.MISSING, lookup.find(5));
            assertEquals(0, lookup.size());

            lookup.put(4095, 3);
            lookup.put(4096, 4);
            assertEquals(4095, entry(cache, 4095)[0], "the last entry");
            assertEquals(4096, entry(cache, 0)[0], "wraps to the first");
            assertEquals(3, lookup.find(4095));
            assertEquals(4, lookup.find(4096));
        }
    }
}
