package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HugePageMemoryTest {
    @Test
    void largeRegionsAreZeroedExactAndHugePageAlignedWhenMapped() {
        long bytes = 3 * HugePageMemory.HUGE_PAGE + 4096;
        MemorySegment s;
        try (Arena arena = Arena.ofConfined()) {
            s = HugePageMemory.allocate(arena, bytes);
            assertEquals(bytes, s.byteSize());
            assertEquals(0, s.address() % 64);
            if (HugePageMemory.available()) assertEquals(0, s.address() % HugePageMemory.HUGE_PAGE);
            for (long at = 0; at < bytes; at += 4096) assertEquals(0L, s.get(ValueLayout.JAVA_LONG, at));
            assertEquals(0L, s.get(ValueLayout.JAVA_LONG, bytes - 8));
            s.set(ValueLayout.JAVA_LONG, bytes - 8, 42L);
            s.set(ValueLayout.JAVA_LONG, 0, -1L);
            assertEquals(42L, s.get(ValueLayout.JAVA_LONG, bytes - 8));
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(ValueLayout.JAVA_BYTE, bytes));
        }
        assertFalse(s.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_LONG, 0));
    }

    @Test
    void smallRegionsComeFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = HugePageMemory.allocate(arena, HugePageMemory.THRESHOLD - 8);
            assertEquals(HugePageMemory.THRESHOLD - 8, s.byteSize());
            assertEquals(0, s.address() % 64);
            assertEquals(0L, s.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(0, HugePageMemory.allocate(arena, 0).byteSize());
        }
        assertThrows(IllegalArgumentException.class, () -> HugePageMemory.allocate(Arena.global(), -1));
    }

    @Test
    void mappingsAreWholeHugePagesPlusOneForAlignment() {
        long page = HugePageMemory.HUGE_PAGE;
        assertEquals(2 * page, HugePageMemory.mappedLength(page));
        assertEquals(3 * page, HugePageMemory.mappedLength(page + 1));
        assertEquals(page, HugePageMemory.alignUp(1, page));
        assertEquals(page, HugePageMemory.alignUp(page, page));
        assertEquals(0, HugePageMemory.alignUp(0, page));
    }

    @Test
    void onLinuxTheMappingIsUsed() {
        if (System.getProperty("os.name", "").startsWith("Linux") && System.getProperty(HugePageMemory.PROPERTY) == null)
            assertTrue(HugePageMemory.available());
    }
}
