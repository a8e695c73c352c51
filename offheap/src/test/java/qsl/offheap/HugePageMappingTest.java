package qsl.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the kernel says about {@link HugePageMemory}'s mappings ({@code /proc/self/smaps}): a region
 * of {@link HugePageMemory#THRESHOLD} bytes or more is its own mapping advised for huge pages
 * ({@code VmFlags} {@code hg}), one just below comes from the arena, and closing the arena unmaps it.
 */
class HugePageMappingTest {
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    /** The VmFlags line of the mapping that holds {@code address}, or null if none does. */
    static String vmFlags(long address) throws IOException {
        List<String> lines = Files.readAllLines(SMAPS);
        boolean inside = false;
        for (String line : lines) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                long lo = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long hi = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = Long.compareUnsigned(address, lo) >= 0 && Long.compareUnsigned(address, hi) < 0;
            } else if (inside && line.startsWith("VmFlags:")) {
                return line;
            }
        }
        return null;
    }

    static boolean advised(long address) throws IOException {
        String flags = vmFlags(address);
        return flags != null && (flags + " ").contains(" hg ");
    }

    @Test
    void aRegionAtTheThresholdIsMappedAdvisedAndUnmappedWithItsArena() throws IOException {
        assumeTrue(HugePageMemory.available() && Files.isReadable(SMAPS), "no mmap/madvise here");
        long address;
        long last;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = HugePageMemory.allocate(arena, HugePageMemory.THRESHOLD);
            address = s.address();
            last = address + s.byteSize() - 1;
            assertEquals(0, address % HugePageMemory.HUGE_PAGE);
            assertTrue(advised(address), "MADV_HUGEPAGE at the start: " + vmFlags(address));
            assertTrue(advised(last), "and at the end: " + vmFlags(last));
            MemorySegment small = HugePageMemory.allocate(arena, HugePageMemory.THRESHOLD - 64);
            assertFalse(advised(small.address()), "below the threshold: arena memory, not advised");
        }
        assertFalse(advised(address), "unmapped when the arena closed: " + vmFlags(address));
    }

    @Test
    void theWholeRegionOfALargeMappingIsAdvised() throws IOException {
        assumeTrue(HugePageMemory.available() && Files.isReadable(SMAPS), "no mmap/madvise here");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = HugePageMemory.allocate(arena, 5 * HugePageMemory.HUGE_PAGE + 1);
            for (long at = 0; at < s.byteSize(); at += HugePageMemory.HUGE_PAGE / 2)
                assertTrue(advised(s.address() + at), "offset " + at);
            assertTrue(advised(s.address() + s.byteSize() - 1));
        }
    }

    @Test
    void theAdviceStopsAtTheEndOfTheRegion() throws Throwable {
        assumeTrue(HugePageMemory.available() && Files.isReadable(SMAPS), "no mmap/madvise here");
        // A plain mapping of our own, then a region: the kernel places a new mapping right below
        // the last one when it can, so the region's mapping ends where ours starts.
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.ADDRESS,
                        java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_LONG));
        java.lang.invoke.MethodHandle munmap = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                        java.lang.foreign.ValueLayout.JAVA_LONG));
        long plainBytes = 4 * HugePageMemory.HUGE_PAGE;
        // Other threads of this JVM map memory too and may take the place right below ours between
        // the two calls: try again (each attempt releases what it mapped) until the region lands there.
        boolean checked = false;
        for (int attempt = 0; attempt < 50 && !checked; attempt++) {
            MemorySegment plain = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, plainBytes, 0x3, 0x22, -1, 0L);
            try {
                assertFalse(advised(plain.address()));
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment s = HugePageMemory.allocate(arena, HugePageMemory.HUGE_PAGE);
                    long end = s.address() + s.byteSize();
                    long gap = plain.address() - end;
                    if (gap < 0 || gap >= 2 * HugePageMemory.HUGE_PAGE) continue; // not placed right below ours
                    assertTrue(advised(s.address()));
                    assertFalse(advised(plain.address()), "the advice reached past the region into the next mapping");
                    assertFalse(advised(plain.address() + HugePageMemory.HUGE_PAGE));
                    checked = true;
                }
            } finally {
                int rc = (int) munmap.invokeExact(plain, plainBytes);
                assertEquals(0, rc);
            }
        }
        assumeTrue(checked, "the region was never placed right below a mapping of ours");
    }
}
