package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The containers that address their memory raw ({@link RawAddress}) still fail like a checked
 * access once their arena is closed (each operation checks the scope first), and a
 * {@link SlotPool} over a heap segment (which has no address to use raw) keeps checked accesses.
 */
class RawAccessTest {
    @Test
    void rawIntAccessesSeeTheSameBytesAsCheckedOnes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16, 8);
            long a = RawAddress.base(s);
            RawAddress.putInt(a + 4, 0x0403_0201);
            assertEquals(0x0403_0201, s.get(ValueLayout.JAVA_INT, 4));
            assertEquals(0, s.get(ValueLayout.JAVA_INT, 0), "four bytes written, no more");
            assertEquals(0, s.get(ValueLayout.JAVA_INT, 8));
            s.set(ValueLayout.JAVA_INT_UNALIGNED, 9, -2);
            assertEquals(-2, RawAddress.getInt(a + 9));
        }
    }

    @Test
    void aLongLongMapFailsAfterItsArenaCloses() {
        Arena arena = Arena.ofShared();
        LongLongMap m = LongLongMap.forEntries(arena, 100);
        m.put(7, 70);
        int at = m.indexOf(7);
        arena.close();
        assertThrows(IllegalStateException.class, () -> m.get(7));
        assertThrows(IllegalStateException.class, () -> m.indexOf(7));
        assertThrows(IllegalStateException.class, () -> m.valueAt(at));
        assertThrows(IllegalStateException.class, () -> m.setValueAt(at, 71));
        assertThrows(IllegalStateException.class, () -> m.put(8, 80));
        assertThrows(IllegalStateException.class, () -> m.remove(7));
        assertThrows(IllegalStateException.class, () -> m.or(9, 1));
        assertThrows(IllegalStateException.class, () -> m.andNot(7, 1));
        assertThrows(IllegalStateException.class, () -> m.probeLength(7));
    }

    @Test
    void aLongIntMapFailsAfterItsArenaCloses() {
        Arena arena = Arena.ofShared();
        LongIntMap m = LongIntMap.forEntries(arena, 100);
        m.put(7, 70);
        arena.close();
        assertThrows(IllegalStateException.class, () -> m.get(7));
        assertThrows(IllegalStateException.class, () -> m.put(8, 80));
        assertThrows(IllegalStateException.class, () -> m.remove(7));
        assertThrows(IllegalStateException.class, () -> m.probeLength(7));
    }

    @Test
    void aSlotPoolFailsAfterItsArenaCloses() {
        Arena arena = Arena.ofShared();
        SlotPool pool = SlotPool.allocate(arena, 4, 8);
        pool.allocate();
        pool.allocate();
        pool.free(0);
        arena.close();
        assertThrows(IllegalStateException.class, pool::allocate, "reads the free link of slot 0");
        assertThrows(IllegalStateException.class, () -> pool.free(1));
    }

    @Test
    void aSlotPoolOverAHeapSegmentThreadsItsListThroughIt() {
        MemorySegment heap = MemorySegment.ofArray(new long[4]); // 4 slots of 8 bytes
        SlotPool pool = SlotPool.over(heap, 8);
        for (int i = 0; i < 4; i++) assertEquals(i, pool.allocate());
        pool.free(2);
        pool.free(0);
        assertEquals(2, heap.get(ValueLayout.JAVA_INT_UNALIGNED, 0), "slot 0's link names slot 2");
        assertEquals(0, pool.allocate());
        assertEquals(2, pool.allocate());
        assertEquals(SlotPool.NO_SLOT, pool.allocate());
    }

    @Test
    void freeingASlotNeverHandedOutIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            SlotPool pool = SlotPool.allocate(arena, 4, 8);
            pool.allocate();
            assertThrows(IndexOutOfBoundsException.class, () -> pool.free(1));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.free(-1));
            pool.free(0);
            assertEquals(0, pool.used());
        }
    }
}
