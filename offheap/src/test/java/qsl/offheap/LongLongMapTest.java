package qsl.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LongLongMap}'s edges: sizing and argument checks, full maps, the bit operations, table reuse, the probe bound. */
class LongLongMapTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    /** {@code n} distinct keys from {@code from} up whose probe starts at {@code home}. */
    private static List<Long> keysWithHome(LongLongMap map, int home, int n, long from) {
        List<Long> keys = new ArrayList<>();
        for (long k = from; keys.size() < n; k++) if (map.homeIndex(k) == home) keys.add(k);
        return keys;
    }

    @Test
    void indexHandlesReadAndReplaceInPlace() {
        LongLongMap m = LongLongMap.forEntries(arena, 100);
        assertEquals(-1, m.indexOf(7), "absent in an empty table");
        List<Long> keys = keysWithHome(m, 5, 3, 0); // one run: homes 5, then 6 and 7 displaced
        for (long k : keys) m.put(k, k + 1000);
        for (int n = 0; n < 3; n++) {
            long k = keys.get(n);
            int i = m.indexOf(k);
            assertEquals(5 + n, i, "the entry's table index, along the probe run");
            assertEquals(k + 1000, m.valueAt(i));
        }
        assertEquals(-1, m.indexOf(keysWithHome(m, 5, 4, 0).get(3)), "absent: the run ends at an empty entry");
        int i = m.indexOf(keys.get(1));
        m.setValueAt(i, -42);
        assertEquals(-42, m.get(keys.get(1)));
        assertEquals(keys.get(0) + 1000, m.get(keys.get(0)), "neighbours untouched");
        assertEquals(keys.get(2) + 1000, m.get(keys.get(2)));
        assertEquals(3, m.size());
        assertThrows(IllegalArgumentException.class, () -> m.setValueAt(i, 0));
        assertEquals(-42, m.get(keys.get(1)), "a refused value changes nothing");
    }

    @Test
    void sizingAndArgumentChecks() {
        LongLongMap fixed = LongLongMap.allocate(arena, 2, 1);
        assertEquals(2, fixed.capacity());
        assertEquals(2, fixed.maxCapacity());
        assertEquals(1, fixed.maxEntries());
        assertThrows(IllegalArgumentException.class, () -> LongLongMap.allocate(arena, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LongLongMap.allocate(arena, 12, 5));
        assertThrows(IllegalArgumentException.class, () -> LongLongMap.allocate(arena, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> LongLongMap.allocate(arena, 16, 16));
        assertEquals(15, LongLongMap.allocate(arena, 16, 15).maxEntries());

        assertThrows(IllegalArgumentException.class, () -> LongLongMap.forEntries(arena, 0));
        assertThrows(IllegalArgumentException.class, () -> LongLongMap.forEntries(arena, (1 << 29) + 1));
        LongLongMap largest = LongLongMap.forEntries(arena, 1 << 29);
        assertEquals(1 << 30, largest.maxCapacity());
        assertEquals(LongLongMap.MIN_CAPACITY, largest.capacity(), "starts small whatever the bound");
        assertEquals(2, LongLongMap.forEntries(arena, 1).capacity());
        assertEquals(2, LongLongMap.forEntries(arena, 1).maxCapacity());
        assertEquals(32, LongLongMap.forEntries(arena, 10).capacity(), "never above what maxEntries needs");
        assertEquals(32, LongLongMap.forEntries(arena, 16).maxCapacity(), "16 keys at load one half");
        assertEquals(64, LongLongMap.forEntries(arena, 17).maxCapacity());

        LongLongMap m = LongLongMap.forEntries(arena, 100);
        assertThrows(IllegalArgumentException.class, () -> m.put(1, 0));
        assertThrows(IllegalArgumentException.class, () -> m.or(1, 0));
        assertEquals(0, m.size(), "a refused put or or changes nothing");
        assertEquals(-1, m.probeLength(1));
        for (long k = -5; k < 5; k++) {
            int h = m.homeIndex(k);
            assertTrue(h >= 0 && h < m.capacity(), "home " + h);
        }
    }

    @Test
    void aFullMapRefusesNewKeysAndStillUpdatesOldOnes() {
        LongLongMap m = LongLongMap.allocate(arena, 8, 7);
        for (long k = 0; k < 7; k++) assertTrue(m.put(k * 31, k + 100));
        assertFalse(m.put(999, 5), "new key, no room");
        assertEquals(7, m.size());
        assertEquals(LongLongMap.ABSENT, m.get(999));
        assertFalse(m.containsKey(999));
        assertThrows(IllegalStateException.class, () -> m.or(999, 1));
        assertEquals(7, m.size());
        assertEquals(LongLongMap.ABSENT, m.get(999));
        assertFalse(m.put(3 * 31, 7), "an existing key is replaced");
        assertEquals(7, m.get(3 * 31));
        assertEquals(7, m.or(3 * 31, 8), "or on an existing key works when full and returns the value before");
        assertEquals(15, m.get(3 * 31));
        assertEquals(15, m.remove(3 * 31));
        assertEquals(LongLongMap.ABSENT, m.remove(3 * 31));
        assertTrue(m.put(999, 5), "room again after a remove");
        assertEquals(LongLongMap.ABSENT, m.get(123_456), "a full table still answers misses");
    }

    @Test
    void orSetsAndAndNotClearsBitsDroppingEmptiedKeys() {
        LongLongMap m = LongLongMap.forEntries(arena, 100);
        assertEquals(0, m.or(42, 0b0101), "absent counts as 0");
        assertEquals(1, m.size());
        assertEquals(0b0101, m.or(42, 0b0011));
        assertEquals(0b0111, m.get(42));
        assertEquals(0b0110, m.andNot(42, 0b0001), "the value after");
        assertEquals(0b0110, m.get(42));
        assertEquals(1, m.size());
        assertEquals(0, m.andNot(42, 0b1110), "no bit left: the key goes");
        assertEquals(0, m.size());
        assertFalse(m.containsKey(42));
        assertEquals(-1, m.probeLength(42));
        assertEquals(0, m.andNot(42, 1), "an absent key stays absent");
        assertEquals(0, m.andNot(7, -1));
        assertEquals(0, m.size());
        assertEquals(Long.MIN_VALUE, m.or(-1, Long.MIN_VALUE) | m.get(-1), "any bit, the sign bit too");
    }

    @Test
    void theTableGrowsShrinksAndReusesZeroedTables() {
        LongLongMap m = LongLongMap.forEntries(arena, 1 << 16);
        for (long k = 0; k < 32; k++) assertTrue(m.put(k, k + 1));
        assertEquals(64, m.capacity(), "32 keys fit 64 entries at load one half");
        assertEquals(0, m.resizes());
        assertEquals(0, m.or(32, 1), "the 33rd key, through or, doubles the table");
        assertEquals(128, m.capacity());
        assertEquals(1, m.resizes());
        assertEquals(128L * LongLongMapDescriptor.ENTRY_BYTES, m.tableBytes());
        for (long k = 33; k < 5_000; k++) assertTrue(m.put(k * 7919, k + 1));
        assertEquals(16_384, m.capacity());
        for (long k = 0; k < 5_000; k++) assertEquals(k == 32 ? 1 : k + 1, m.get(k < 33 ? k : k * 7919), "key " + k);
        for (long k = 33; k < 5_000; k++) assertEquals(k + 1, k % 2 == 0 ? m.remove(k * 7919) : m.andNot(k * 7919, -1) + k + 1);
        assertEquals(33, m.size());
        assertTrue(m.capacity() <= 512 && m.capacity() >= 128, "follows the live keys down: " + m.capacity());
        for (long k = 0; k < 32; k++) assertEquals(k + 1, m.get(k));
        assertEquals(1, m.get(32));
        // Growing again reuses the tables already used: the keys removed before must not come back.
        for (long k = 5_000; k < 7_000; k++) assertTrue(m.put(k, k));
        for (long k = 33; k < 5_000; k++) assertEquals(LongLongMap.ABSENT, m.get(k * 7919), "stale key " + k);
        assertEquals(33 + 2_000, m.size());
        m.clear();
        assertEquals(LongLongMap.MIN_CAPACITY, m.capacity());
        assertEquals(0, m.size());
        assertEquals(0, m.maxDisplacement());
        for (long k = 0; k < 7_000; k += 97) assertEquals(LongLongMap.ABSENT, m.get(k));
        assertTrue(m.put(5, 6));
        assertEquals(6, m.get(5));
    }

    @Test
    void aGrowableMapIsFullOnlyAtMaxEntries() {
        LongLongMap m = LongLongMap.forEntries(arena, 100);
        for (long k = 0; k < 100; k++) assertTrue(m.put(k * 31, k + 1));
        assertEquals(256, m.capacity());
        assertFalse(m.put(-5, 1));
        assertThrows(IllegalStateException.class, () -> m.or(-5, 1));
        assertEquals(100, m.size());
        assertEquals(LongLongMap.ABSENT, m.get(-5));
    }

    @Test
    void removalShiftsTheRunBackWithoutMovingAKeyBeforeItsHome() {
        LongLongMap m = LongLongMap.allocate(arena, 16, 15);
        // A and B at home 3 (B in 4), C at home 4 (pushed to 5), D at home 5 (pushed to 6).
        List<Long> at3 = keysWithHome(m, 3, 2, 1);
        long c = keysWithHome(m, 4, 1, 1).get(0);
        long d = keysWithHome(m, 5, 1, 1).get(0);
        m.put(at3.get(0), 1);
        m.put(at3.get(1), 2);
        m.put(c, 3);
        m.put(d, 4);
        assertEquals(1, m.probeLength(at3.get(1)));
        assertEquals(1, m.probeLength(c));
        assertEquals(1, m.probeLength(d));
        assertEquals(1, m.maxDisplacement());
        assertEquals(1, m.remove(at3.get(0)));
        assertEquals(0, m.probeLength(at3.get(1)));
        assertEquals(0, m.probeLength(c), "C shifts to its home");
        assertEquals(0, m.probeLength(d), "D shifts to its home");
        assertEquals(0, m.maxDisplacement(), "the shifts lowered the bound");
        assertEquals(2, m.get(at3.get(1)));
        assertEquals(3, m.get(c));
        assertEquals(4, m.get(d));
        // A run across the end of the table: homes 14 (x4: 14, 15, 0, 1) and 0 (pushed to 2).
        List<Long> at14 = keysWithHome(m, 14, 4, 1_000);
        long z = keysWithHome(m, 0, 1, 1_000).get(0);
        m.clear();
        for (int i = 0; i < 4; i++) m.put(at14.get(i), 10 + i);
        m.put(z, 20);
        assertEquals(2, m.probeLength(z));
        assertEquals(10, m.andNot(at14.get(0), 0) , "andNot of no bits keeps the value");
        assertEquals(0, m.andNot(at14.get(0), -1), "emptied: removed, the run shifts back across the wrap");
        for (int i = 1; i < 4; i++) assertEquals(i - 1, m.probeLength(at14.get(i)));
        assertEquals(1, m.probeLength(z));
        assertEquals(20, m.get(z));
    }

    @Test
    void aRemovalReachesTheDisplacedKeysAtTheFarEndOfALongRun() {
        LongLongMap m = LongLongMap.allocate(arena, 256, 200);
        Map<Long, Long> expected = new HashMap<>();
        List<Long> run = new ArrayList<>();
        for (int h = 10; h < 110; h++) run.add(keysWithHome(m, h, 1, 1).get(0)); // one key at each home 10..109
        for (long k : run) {
            m.put(k, k + 1);
            expected.put(k, k + 1);
        }
        List<Long> far = keysWithHome(m, 105, 7, 100_000); // home 105, stored 110..116: 5 to 11 from home
        for (long k : far) {
            m.put(k, k + 1);
            expected.put(k, k + 1);
        }
        assertEquals(11, m.maxDisplacement());
        for (int i = run.size() - 1; i >= 0; i -= 3) {
            long k = run.get(i);
            assertEquals(expected.remove(k), m.remove(k));
            for (Map.Entry<Long, Long> e : expected.entrySet())
                assertEquals((long) e.getValue(), m.get(e.getKey()), "key " + e.getKey() + " after removing " + k);
        }
        assertEquals(expected.size(), m.size());
    }

    @Test
    void theProbeBoundFallsAgainAndStaysExactBeyondTheCountedRange() {
        LongLongMap m = LongLongMap.allocate(arena, 256, 255);
        List<Long> pile = keysWithHome(m, 40, 100, 1);
        for (int i = 0; i < pile.size(); i++) m.put(pile.get(i), i + 1);
        assertEquals(99, m.maxDisplacement());
        for (int i = 99; i >= 63; i--) {
            assertEquals(i + 1, m.remove(pile.get(i)));
            assertTrue(m.maxDisplacement() >= i - 1, "never below a live key's displacement");
        }
        assertEquals(62, m.maxDisplacement(), "the last far key left: exact again");
        for (int i = 62; i >= 10; i--) m.remove(pile.get(i));
        assertEquals(9, m.maxDisplacement());
        m.remove(pile.get(0));
        assertEquals(8, m.maxDisplacement(), "a backward shift lowers it too");
        for (int i = 1; i < 10; i++) assertEquals(i - 1, m.probeLength(pile.get(i)));
        for (int i = 1; i < 10; i++) m.remove(pile.get(i));
        assertEquals(0, m.maxDisplacement());
        assertEquals(0, m.size());
    }

    @Test
    void aFixedMapNeverResizesAndAGrowableOneShrinksBelowOneEighth() {
        LongLongMap fixed = LongLongMap.allocate(arena, 8, 7);
        for (long k = 1; k <= 6; k++) assertTrue(fixed.put(k, k));
        assertEquals(0, fixed.or(7, 1));
        assertEquals(8, fixed.capacity(), "full to maxEntries, past one half, in its one table");
        for (long k = 1; k <= 7; k++) fixed.remove(k);
        assertEquals(8, fixed.capacity(), "empty, below one eighth, still its one table");
        assertEquals(0, fixed.resizes());

        LongLongMap m = LongLongMap.forEntries(arena, 1000);
        for (long k = 0; k < 31; k++) assertTrue(m.put(k, 1));
        assertEquals(0, m.or(31, 1), "the 32nd key: load exactly one half");
        assertEquals(64, m.capacity());
        assertEquals(0, m.or(32, 1));
        assertEquals(128, m.capacity(), "the 33rd key, through or, doubles");
        for (long k = 32; k >= 16; k--) m.remove(k);
        assertEquals(16, m.size());
        assertEquals(128, m.capacity(), "16 keys: exactly one eighth of 128, no shrink");
        assertEquals(1, m.andNot(15, 0) , "andNot of nothing changes nothing");
        assertEquals(0, m.andNot(15, 1));
        assertEquals(64, m.capacity(), "15 keys: below one eighth, halved");
        for (long k = 14; k >= 8; k--) m.remove(k);
        assertEquals(8, m.size());
        assertEquals(64, m.capacity(), "never below the smallest table");
    }

    @Test
    void keysThatDifferOnlyInTheirHighBitsSpreadLikeRandomOnes() {
        // The price index's keys are (tree level << 58 | word): the high bits carry the level.
        int n = 20_000;
        LongLongMap m = LongLongMap.forEntries(arena, n);
        for (int i = 0; i < n; i++) m.put((long) (i % 11) << 58 | (long) (i / 11) << 40, i + 1);
        long sum = 0;
        for (int i = 0; i < n; i++) sum += m.probeLength((long) (i % 11) << 58 | (long) (i / 11) << 40);
        assertTrue(sum < n, "mean probe " + (double) sum / n);
    }
}
