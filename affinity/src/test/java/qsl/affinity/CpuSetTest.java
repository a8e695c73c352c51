package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** CpuSet against a TreeSet reference, the kernel list form, and the native mask layout. */
class CpuSetTest {

    @Property(tries = 300)
    void listFormRoundTripsAndMatchesTheReference(@ForAll @Size(max = 40) Set<@IntRange(max = 2047) Integer> ids) {
        TreeSet<Integer> ref = new TreeSet<>(ids);
        CpuSet set = CpuSet.of(ids.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(ref.size(), set.size());
        assertEquals(ref.isEmpty() ? -1 : ref.first(), set.first());
        assertEquals(ref.isEmpty() ? -1 : ref.last(), set.max());
        assertEquals(set, CpuSet.parse(set.toList()));
        int[] arr = set.toArray();
        assertEquals(ref.stream().mapToInt(Integer::intValue).boxed().toList(), java.util.Arrays.stream(arr).boxed().toList());
        for (int probe = 0; probe < 2100; probe += 7) assertEquals(ref.contains(probe), set.contains(probe));
    }

    @Property(tries = 200)
    void setAlgebraMatchesTheReference(@ForAll @Size(max = 20) Set<@IntRange(max = 300) Integer> a,
                                       @ForAll @Size(max = 20) Set<@IntRange(max = 300) Integer> b) {
        CpuSet sa = CpuSet.of(a.stream().mapToInt(Integer::intValue).toArray());
        CpuSet sb = CpuSet.of(b.stream().mapToInt(Integer::intValue).toArray());
        TreeSet<Integer> union = new TreeSet<>(a);
        union.addAll(b);
        TreeSet<Integer> inter = new TreeSet<>(a);
        inter.retainAll(b);
        TreeSet<Integer> minus = new TreeSet<>(a);
        minus.removeAll(b);
        assertEquals(CpuSet.of(union.stream().mapToInt(Integer::intValue).toArray()), sa.union(sb));
        assertEquals(CpuSet.of(inter.stream().mapToInt(Integer::intValue).toArray()), sa.intersect(sb));
        assertEquals(CpuSet.of(minus.stream().mapToInt(Integer::intValue).toArray()), sa.minus(sb));
    }

    @Test
    void parsesTheKernelForms() {
        assertEquals(CpuSet.of(0, 1, 2, 3, 8, 9, 10, 11), CpuSet.parse("0-3,8-11\n"));
        assertEquals("0-3,8-11", CpuSet.parse("0-3,8-11").toList());
        assertTrue(CpuSet.parse("").isEmpty());
        assertTrue(CpuSet.parse("\n").isEmpty());
        assertEquals("5", CpuSet.of(5).toList());
    }

    @Test
    void malformedListsAreNamedErrors() {
        for (String bad : new String[] {"a", "3-1", "1,,2", "-4", "1-", "0-7:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void maskLayoutIsTheKernels() {
        // More than 64 CPUs: bit i % 64 of unsigned long i / 64.
        CpuSet set = CpuSet.of(0, 63, 64, 130, 1023);
        assertEquals(128, set.maskBytes());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(set.maskBytes(), 8);
            mask.fill((byte) 0xFF);
            set.writeMask(mask);
            assertEquals((1L << 63) | 1L, mask.getAtIndex(ValueLayout.JAVA_LONG, 0));
            assertEquals(1L, mask.getAtIndex(ValueLayout.JAVA_LONG, 1));
            assertEquals(1L << 2, mask.getAtIndex(ValueLayout.JAVA_LONG, 2));
            assertEquals(0L, mask.getAtIndex(ValueLayout.JAVA_LONG, 3));
            assertEquals(1L << 63, mask.getAtIndex(ValueLayout.JAVA_LONG, 15));
            assertEquals(set, CpuSet.fromMask(mask));
            MemorySegment small = arena.allocate(8, 8);
            assertThrows(IllegalArgumentException.class, () -> set.writeMask(small));
        }
        assertEquals(8, CpuSet.of(0).maskBytes());
        assertEquals(8, CpuSet.empty().maskBytes());
        assertEquals(16, CpuSet.of(64).maskBytes());
        assertFalse(CpuSet.of(3).contains(-1));
    }
}
