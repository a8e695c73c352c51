package qsl.offheap;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LongIntMapTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    /** {@code n} distinct keys whose probe starts at {@code home}. */
    private static List<Long> keysWithHome(LongIntMap map, int home, int n, long from) {
        List<Long> keys = new ArrayList<>();
        for (long k = from; keys.size() < n; k++) if (map.homeIndex(k) == home) keys.add(k);
        return keys;
    }

    @Test
    void putGetRemoveAndTypedMisses() {
        LongIntMap map = LongIntMap.forEntries(arena, 10);
        assertEquals(LongIntMap.MISSING, map.get(5));
        assertEquals(LongIntMap.MISSING, map.put(5, 50));
        assertEquals(50, map.put(5, 51), "put returns the previous value");
        assertEquals(51, map.get(5));
        assertEquals(1, map.size());
        assertEquals(51, map.remove(5));
        assertEquals(LongIntMap.MISSING, map.remove(5));
        assertEquals(LongIntMap.MISSING, map.get(5));
        assertEquals(0, map.size());
    }

    @Test
    void anyLongIsAKeyIncludingZeroAndExtremes() {
        LongIntMap map = LongIntMap.forEntries(arena, 8);
        long[] keys = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
        for (int i = 0; i < keys.length; i++) map.put(keys[i], i);
        for (int i = 0; i < keys.length; i++) assertEquals(i, map.get(keys[i]));
        assertEquals(0, map.remove(0));
        assertEquals(LongIntMap.MISSING, map.get(0));
        assertEquals(3, map.get(Long.MAX_VALUE));
    }

    @Test
    void fullIsTypedAndChangesNothing() {
        LongIntMap map = LongIntMap.allocate(arena, 8, 7);
        for (int i = 0; i < 7; i++) assertEquals(LongIntMap.MISSING, map.put(i * 31L, i));
        assertEquals(LongIntMap.FULL, map.put(999, 1));
        assertEquals(LongIntMap.MISSING, map.get(999));
        assertEquals(7, map.size());
        assertEquals(3, map.put(3 * 31L, 33), "an existing key can still be updated when full");
        assertEquals(33, map.remove(3 * 31L));
        assertEquals(LongIntMap.MISSING, map.put(999, 1), "room again after a remove");
        assertEquals(LongIntMap.FULL, map.put(1000, 1));
        // A full table still answers misses: one entry always stays empty.
        assertEquals(LongIntMap.MISSING, map.get(123456));
    }

    @Test
    void deletingInTheMiddleOfAProbeChainKeepsTheRestReachable() {
        LongIntMap map = LongIntMap.allocate(arena, 16, 15);
        List<Long> keys = keysWithHome(map, 3, 5, 1);
        for (int i = 0; i < keys.size(); i++) map.put(keys.get(i), i);
        for (int i = 0; i < keys.size(); i++) assertEquals(i, map.probeLength(keys.get(i)));
        map.remove(keys.get(1));
        assertEquals(LongIntMap.MISSING, map.get(keys.get(1)));
        for (int i : new int[] {0, 2, 3, 4}) assertEquals(i, map.get(keys.get(i)));
        // Backward shift closed the gap: no tombstone, every later key moved one closer to home.
        assertEquals(1, map.probeLength(keys.get(2)));
        assertEquals(3, map.probeLength(keys.get(4)));
    }

    @Test
    void aShiftDoesNotMoveAnEntryBeforeItsHome() {
        LongIntMap map = LongIntMap.allocate(arena, 16, 15);
        // A at home 3, B at home 3 (in 4), C at home 4 (pushed to 5), D at home 5 (pushed to 6).
        long a = keysWithHome(map, 3, 1, 1).get(0);
        long b = keysWithHome(map, 3, 2, 1).get(1);
        long c = keysWithHome(map, 4, 1, 1).get(0);
        long d = keysWithHome(map, 5, 1, 1).get(0);
        map.put(a, 1);
        map.put(b, 2);
        map.put(c, 3);
        map.put(d, 4);
        map.remove(a);
        assertEquals(2, map.get(b));
        assertEquals(0, map.probeLength(b));
        assertEquals(0, map.probeLength(c), "C shifts to its home");
        assertEquals(0, map.probeLength(d), "D shifts to its home");
        assertEquals(3, map.get(c));
        assertEquals(4, map.get(d));
    }

    @Test
    void chainsThatWrapAroundTheEndOfTheTable() {
        LongIntMap map = LongIntMap.allocate(arena, 16, 15);
        List<Long> atEnd = keysWithHome(map, 14, 4, 1); // occupy 14, 15, 0, 1
        List<Long> atZero = keysWithHome(map, 0, 2, 1); // pushed to 2, 3
        for (int i = 0; i < 4; i++) map.put(atEnd.get(i), i);
        for (int i = 0; i < 2; i++) map.put(atZero.get(i), 10 + i);
        assertEquals(3, map.probeLength(atEnd.get(3)));
        assertEquals(2, map.probeLength(atZero.get(0)));
        map.remove(atEnd.get(0)); // hole at 14: everything after shifts back across the wrap
        for (int i = 1; i < 4; i++) assertEquals(i, map.get(atEnd.get(i)));
        for (int i = 0; i < 2; i++) assertEquals(10 + i, map.get(atZero.get(i)));
        assertEquals(0, map.probeLength(atEnd.get(1)));
        assertEquals(1, map.probeLength(atZero.get(0)), "home 0, now in slot 1");
        map.remove(atEnd.get(2));
        map.remove(atEnd.get(1));
        map.remove(atEnd.get(3));
        assertEquals(0, map.probeLength(atZero.get(0)));
        assertEquals(1, map.probeLength(atZero.get(1)));
        assertEquals(2, map.size());
    }

    @Test
    void manyInsertDeleteCyclesOfTheSameKeysLeaveShortProbes() {
        LongIntMap map = LongIntMap.allocate(arena, 64, 48);
        Random rnd = new Random(11);
        long[] keys = new long[48];
        for (int i = 0; i < keys.length; i++) keys[i] = rnd.nextLong();
        for (int cycle = 0; cycle < 2_000; cycle++) {
            for (int i = 0; i < keys.length; i++) assertEquals(LongIntMap.MISSING, map.put(keys[i], i + cycle));
            for (int i = 0; i < keys.length; i++) assertEquals(i + cycle, map.get(keys[i]));
            for (int i = keys.length - 1; i >= 0; i -= 2) assertEquals(i + cycle, map.remove(keys[i]));
            for (int i = keys.length - 2; i >= 0; i -= 2) assertEquals(i + cycle, map.remove(keys[i]));
            assertEquals(0, map.size());
        }
        // With tombstones a miss would now scan the whole table; here it stops at once.
        for (int i = 0; i < 64; i++) assertEquals(LongIntMap.MISSING, map.get(i));
        map.put(keys[0], 1);
        assertEquals(0, map.probeLength(keys[0]));
    }

    @Test
    void keysThatAllCollideStillWork() {
        LongIntMap map = LongIntMap.allocate(arena, 32, 31);
        List<Long> keys = keysWithHome(map, 7, 31, 1);
        Map<Long, Integer> ref = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), i);
            ref.put(keys.get(i), i);
        }
        assertEquals(LongIntMap.FULL, map.put(keysWithHome(map, 7, 32, 1).get(31), 0));
        Random rnd = new Random(3);
        for (int step = 0; step < 5_000; step++) {
            long k = keys.get(rnd.nextInt(keys.size()));
            if (ref.containsKey(k)) {
                assertEquals(ref.remove(k), map.remove(k));
            } else {
                int v = rnd.nextInt(1000);
                assertEquals(LongIntMap.MISSING, map.put(k, v));
                ref.put(k, v);
            }
            for (long key : keys) assertEquals(ref.getOrDefault(key, LongIntMap.MISSING), map.get(key));
        }
    }

    @Test
    void removalStopsItsShiftOnlyWhereNoDisplacedKeyCanFollow() {
        // A long run of counting-up keys, each at its home, with a displaced cluster at its far
        // end: removals from the run's start must still pull the far displaced keys back.
        LongIntMap map = LongIntMap.allocate(arena, 256, 200);
        Map<Long, Integer> expected = new HashMap<>();
        for (long k = 10; k < 110; k++) {
            map.put(k, (int) k);
            expected.put(k, (int) k);
        }
        List<Long> displaced = keysWithHome(map, 105, 6, 1_000); // homes at 105, stored at 110..
        for (long k : displaced) {
            map.put(k, (int) (k % 1000));
            expected.put(k, (int) (k % 1000));
        }
        for (long k = 109; k >= 10; k -= 3) {
            assertEquals(expected.remove(k), map.remove(k));
            for (Map.Entry<Long, Integer> e : expected.entrySet())
                assertEquals(e.getValue(), map.get(e.getKey()), "key " + e.getKey() + " after removing " + k);
        }
        for (long k : displaced) {
            assertEquals(expected.remove(k), map.remove(k));
            assertEquals(LongIntMap.MISSING, map.get(k));
        }
        for (Map.Entry<Long, Integer> e : expected.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
        assertEquals(expected.size(), map.size());
    }

    @Test
    void sizingAndArgumentChecks() {
        LongIntMap m = LongIntMap.forEntries(arena, 1000);
        assertEquals(LongIntMap.MIN_CAPACITY, m.capacity(), "a growable map starts small");
        assertEquals(2048, m.maxCapacity());
        assertEquals(1000, m.maxEntries());
        assertEquals(2, LongIntMap.forEntries(arena, 1).capacity());
        assertEquals(2, LongIntMap.forEntries(arena, 1).maxCapacity());
        assertEquals(32, LongIntMap.forEntries(arena, 10).capacity(), "never above what maxEntries needs");
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.forEntries(arena, 0));
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.forEntries(arena, (1 << 29) + 1));
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.allocate(arena, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.allocate(arena, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE - 1, m.put(2, Integer.MAX_VALUE - 1) == LongIntMap.MISSING ? m.get(2) : -9);
        assertEquals(0, m.put(3, 0) == LongIntMap.MISSING ? m.get(3) : -9);
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.allocate(arena, 12, 5));
        assertThrows(IllegalArgumentException.class, () -> LongIntMap.allocate(arena, 16, 16));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, -1));
        m.put(1, 7);
        m.clear();
        assertEquals(0, m.size());
        assertEquals(LongIntMap.MISSING, m.get(1));
    }

    @Test
    void tableFollowsTheLiveKeysUpAndBackDown() {
        LongIntMap m = LongIntMap.forEntries(arena, 1 << 20);
        assertEquals(1 << 21, m.maxCapacity());
        for (int i = 0; i < 32; i++) m.put(i, i);
        assertEquals(64, m.capacity(), "load one half: 32 keys fit 64 entries");
        m.put(32, 32);
        assertEquals(128, m.capacity(), "the 33rd key doubles the table");
        assertEquals(1, m.resizes());
        for (int i = 33; i < 100_000; i++) m.put(i * 7919L, i);
        assertEquals(262_144, m.capacity());
        for (int i = 0; i < 100_000; i++) assertEquals(i, m.get(i < 33 ? i : i * 7919L));
        for (int i = 33; i < 100_000; i++) assertEquals(i, m.remove(i * 7919L));
        assertEquals(33, m.size());
        assertTrue(m.capacity() <= 512, "shrinks back with the live keys: " + m.capacity());
        assertTrue(m.capacity() >= 128, "at most one half full: " + m.capacity());
        for (int i = 0; i < 33; i++) assertEquals(i, m.get(i));
        assertEquals(m.capacity() * 16L, m.tableBytes());
        // Growing again reuses the tables already allocated: the arena is not asked for more.
        long before = m.resizes();
        for (int i = 33; i < 100_000; i++) m.put(i * 7919L, i);
        assertTrue(m.resizes() > before);
        assertEquals(262_144, m.capacity());
        m.clear();
        assertEquals(LongIntMap.MIN_CAPACITY, m.capacity());
        assertEquals(0, m.size());
        assertEquals(LongIntMap.MISSING, m.get(5));
    }

    @Test
    void aGrowableMapIsFullOnlyAtMaxEntries() {
        LongIntMap m = LongIntMap.forEntries(arena, 100);
        for (int i = 0; i < 100; i++) assertEquals(LongIntMap.MISSING, m.put(i * 31L, i));
        assertEquals(256, m.capacity());
        assertEquals(LongIntMap.FULL, m.put(-5, 1));
        assertEquals(100, m.size());
        assertEquals(LongIntMap.MISSING, m.get(-5));
    }

    @Test
    void tablesReusedAfterAShrinkHoldNoStaleKeys() {
        LongIntMap m = LongIntMap.forEntries(arena, 1 << 12);
        for (int i = 0; i < 3_000; i++) m.put(i * 31L, i);
        assertEquals(8192, m.capacity());
        for (int i = 10; i < 3_000; i++) m.remove(i * 31L);
        assertEquals(64, m.capacity(), "shrunk to the smallest table");
        for (int i = 0; i < 3_000; i++) m.put(-1 - i, i); // grows back into the tables used before
        assertEquals(8192, m.capacity());
        for (int i = 10; i < 3_000; i++) assertFalse(m.containsKey(i * 31L), "stale key " + i * 31L);
        for (int i = 0; i < 10; i++) assertTrue(m.containsKey(i * 31L));
        assertEquals(3_010, m.size());
        m.clear();
        assertEquals(0, m.maxDisplacement());
        assertFalse(m.containsKey(-1));
        assertEquals(2, LongIntMap.allocate(arena, 2, 1).capacity(), "the smallest fixed map");
        LongIntMap largest = LongIntMap.forEntries(arena, 1 << 29);
        assertEquals(1 << 30, largest.maxCapacity());
        assertEquals(LongIntMap.MIN_CAPACITY, largest.capacity());
    }

    @Test
    void aFixedMapNeverResizesAndAGrowableOneShrinksBelowOneEighth() {
        LongIntMap fixed = LongIntMap.allocate(arena, 8, 7);
        for (int k = 1; k <= 7; k++) assertEquals(LongIntMap.MISSING, fixed.put(k, k));
        assertEquals(8, fixed.capacity(), "full to maxEntries, past one half, in its one table");
        for (int k = 1; k <= 7; k++) fixed.remove(k);
        assertEquals(8, fixed.capacity(), "empty, below one eighth, still its one table");
        assertEquals(0, fixed.resizes());

        LongIntMap m = LongIntMap.forEntries(arena, 1000);
        for (int k = 0; k < 33; k++) m.put(k, k);
        assertEquals(128, m.capacity());
        for (int k = 32; k >= 16; k--) m.remove(k);
        assertEquals(16, m.size());
        assertEquals(128, m.capacity(), "16 keys: exactly one eighth of 128, no shrink");
        m.remove(15);
        assertEquals(64, m.capacity(), "15 keys: below one eighth, halved");
        for (int k = 14; k >= 8; k--) m.remove(k);
        assertEquals(64, m.capacity(), "never below the smallest table");
    }

    @Test
    void theProbeBoundIsExactAfterAClearAndAfterAResize() {
        LongIntMap m = LongIntMap.forEntries(arena, 1000);
        List<Long> pile = keysWithHome(m, 9, 10, 1); // displacements 0..9 in the 64-entry table
        for (int i = 0; i < pile.size(); i++) m.put(pile.get(i), i);
        assertEquals(9, m.maxDisplacement());
        m.clear();
        List<Long> again = keysWithHome(m, 30, 10, 1);
        for (int i = 0; i < again.size(); i++) m.put(again.get(i), i);
        for (int i = again.size() - 1; i >= 1; i--) m.remove(again.get(i));
        assertEquals(0, m.maxDisplacement(), "one key left, at its home: nothing counted before the clear remains");
        for (int i = 0; i < 40; i++) m.put(1_000_000L + i * 7919L, i); // grows: every key rehashed
        int longest = 0;
        for (int i = 0; i < 40; i++) longest = Math.max(longest, m.probeLength(1_000_000L + i * 7919L));
        longest = Math.max(longest, m.probeLength(again.get(0)));
        assertEquals(longest, m.maxDisplacement(), "exact right after the resize");
        for (int i = 0; i < 40; i++) m.remove(1_000_000L + i * 7919L);
        assertEquals(0, m.maxDisplacement(), "one key left: nothing counted before the resize remains");
    }

    /** Mean probe length of {@code keys} once all are in a fresh map. */
    private double meanProbe(long[] keys) {
        LongIntMap m = LongIntMap.forEntries(arena, keys.length);
        for (int i = 0; i < keys.length; i++) m.put(keys[i], i);
        long sum = 0;
        for (long k : keys) sum += m.probeLength(k);
        return (double) sum / keys.length;
    }

    @Test
    void structuredIdsSpreadLikeRandomOnes() {
        int n = 50_000;
        long[] sequential = new long[n], structured = new long[n], random = new long[n], highOnly = new long[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            sequential[i] = i + 1;
            structured[i] = (long) (i + 1) << 20 | ((i + 1) % 16);
            random[i] = rnd.nextLong();
            highOnly[i] = (long) (i + 1) << 40;
        }
        double r = meanProbe(random);
        assertTrue(r < 1.0, "random keys at load <= 1/2: mean probe " + r);
        assertTrue(meanProbe(structured) < 1.0, "seq << 20 | gateway: " + meanProbe(structured));
        assertTrue(meanProbe(highOnly) < 1.0, "keys differing only in their top bits: " + meanProbe(highOnly));
        assertTrue(meanProbe(sequential) < 1.0, "sequential: " + meanProbe(sequential));
    }

    @Test
    void theProbeBoundComesBackDown() {
        LongIntMap m = LongIntMap.allocate(arena, 256, 255);
        List<Long> pile = keysWithHome(m, 40, 30, 1);
        for (int i = 0; i < pile.size(); i++) m.put(pile.get(i), i);
        assertEquals(29, m.maxDisplacement());
        for (int i = pile.size() - 1; i >= 10; i--) m.remove(pile.get(i));
        assertEquals(9, m.maxDisplacement(), "the bound follows the keys that remain");
        m.remove(pile.get(0));
        assertEquals(8, m.maxDisplacement(), "a backward shift lowers it too");
        for (int i = 1; i < 10; i++) m.remove(pile.get(i));
        assertEquals(0, m.maxDisplacement());
        // Beyond the counted range (63+) the bound is exact until the far keys leave.
        List<Long> big = keysWithHome(m, 100, 100, 1);
        for (int i = 0; i < big.size(); i++) m.put(big.get(i), i);
        assertEquals(99, m.maxDisplacement());
        for (int i = 99; i >= 63; i--) {
            m.remove(big.get(i));
            assertTrue(m.maxDisplacement() >= i - 1, "never below a live key's displacement");
        }
        assertEquals(62, m.maxDisplacement());
        for (int i = 0; i < 63; i++) assertEquals(i, m.get(big.get(i)));
    }
}
