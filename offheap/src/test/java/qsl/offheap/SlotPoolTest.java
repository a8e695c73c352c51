package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SlotPoolTest {

    @Test
    void handsOutEverySlotOnceThenReportsExhaustion() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 5, 16);
            BitSet seen = new BitSet();
            for (int i = 0; i < 5; i++) {
                int s = pool.allocate();
                assertTrue(s >= 0 && s < 5, "slot " + s);
                assertFalse(seen.get(s), "slot handed out twice: " + s);
                seen.set(s);
            }
            assertTrue(pool.isFull());
            assertEquals(SlotPool.NO_SLOT, pool.allocate());
            assertEquals(SlotPool.NO_SLOT, pool.allocate(), "exhaustion is stable");
            assertEquals(5, pool.used());
        }
    }

    @Test
    void aFreedSlotIsReusedLastInFirstOut() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 4, 8);
            for (int i = 0; i < 4; i++) pool.allocate();
            pool.free(1);
            pool.free(3);
            assertEquals(2, pool.used());
            assertEquals(3, pool.allocate());
            assertEquals(1, pool.allocate());
            assertEquals(SlotPool.NO_SLOT, pool.allocate());
        }
    }

    @Test
    void theFreeListLivesInTheFreedSlotsThemselves() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 3, 8);
            for (int i = 0; i < 3; i++) pool.allocate();
            pool.free(0);
            pool.free(2);
            // Slot 2 is the head; its link names slot 0; slot 0's link ends the list.
            assertEquals(0, pool.segment().get(ValueLayout.JAVA_INT_UNALIGNED, pool.offset(2)));
            assertEquals(SlotPool.NO_SLOT, pool.segment().get(ValueLayout.JAVA_INT_UNALIGNED, pool.offset(0)));
        }
    }

    @Test
    void ownerBytesSurviveOtherSlotsChurning() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 64, 16);
            Random rnd = new Random(7);
            ArrayDeque<Integer> live = new ArrayDeque<>();
            for (int step = 0; step < 20_000; step++) {
                if (live.isEmpty() || (live.size() < 64 && rnd.nextBoolean())) {
                    int s = pool.allocate();
                    assertNotEquals(SlotPool.NO_SLOT, s);
                    pool.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, pool.offset(s), 1000L + s);
                    pool.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, pool.offset(s) + 8, -s);
                    live.addLast(s);
                } else {
                    int s = rnd.nextBoolean() ? live.pollFirst() : live.pollLast();
                    assertEquals(1000L + s, pool.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, pool.offset(s)));
                    assertEquals(-s, pool.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, pool.offset(s) + 8));
                    pool.free(s);
                }
                assertEquals(live.size(), pool.used());
            }
        }
    }

    @Test
    void clearStartsOverAndAnEmptyPoolIsAlwaysExhausted() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 2, 4);
            pool.allocate();
            pool.allocate();
            pool.clear();
            assertEquals(0, pool.used());
            assertEquals(0, pool.allocate());
            SlotPool none = SlotPool.allocate(arena, 0, 8);
            assertEquals(SlotPool.NO_SLOT, none.allocate());
        }
    }

    @Test
    void overARegionUsesWholeSlotsOnly() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.over(arena.allocate(100), 24);
            assertEquals(4, pool.capacity());
        }
    }

    @Test
    void fullOnlyWhenEverySlotIsInUse() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 2, 12);
            assertEquals(12, pool.slotBytes());
            assertEquals(24, pool.offset(2));
            assertFalse(pool.isFull());
            pool.allocate();
            assertFalse(pool.isFull());
            int s = pool.allocate();
            assertTrue(pool.isFull());
            pool.free(s);
            assertFalse(pool.isFull());
        }
    }

    @Test
    void theLargestPoolHasIntegerMaxMinusOneSlots() {
        // Counted, never touched: a pool over a region builds without reading or writing it.
        SlotPool most = SlotPool.over(MemorySegment.NULL.reinterpret((Integer.MAX_VALUE - 1L) * 4), 4);
        assertEquals(Integer.MAX_VALUE - 1, most.capacity());
        assertThrows(IllegalArgumentException.class,
                () -> SlotPool.over(MemorySegment.NULL.reinterpret(Integer.MAX_VALUE * 4L), 4));
    }

    @Test
    void badSlotSizesAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> SlotPool.allocate(arena, 4, 2));
            assertThrows(IllegalArgumentException.class, () -> SlotPool.allocate(arena, 4, 6));
            assertThrows(IllegalArgumentException.class, () -> SlotPool.allocate(arena, -1, 8));
        }
    }
}
