package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link PriceIndex} against a {@link TreeSet}: add, remove, contains, below and above over the whole tick range. */
class PriceIndexProperties {
    record Op(boolean add, long ticks) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> ticks = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 200),
                Arbitraries.longs().between(0, 5).map(k -> k * 4096 + 63),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 1L, 63L, 64L, 4095L, 4096L, 262_143L, 262_144L, Long.MAX_VALUE, Long.MAX_VALUE - 1,
                        1L << 62, (1L << 62) - 1, 1L << 60));
        return Combinators.combine(Arbitraries.integers().between(0, 2).map(i -> i > 0), ticks).as(Op::new).list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesLikeATreeSet(@ForAll("ops") List<Op> ops, @ForAll("ops") List<Op> probes) {
        try (Arena arena = Arena.ofConfined()) {
            PriceIndex index = new PriceIndex(arena, 1000);
            TreeSet<Long> ref = new TreeSet<>();
            for (Op o : ops) {
                if (o.add() && !ref.contains(o.ticks())) {
                    index.add(o.ticks());
                    ref.add(o.ticks());
                } else if (!o.add() && ref.contains(o.ticks())) {
                    index.remove(o.ticks());
                    ref.remove(o.ticks());
                }
                check(index, ref, o.ticks());
            }
            for (Op p : probes) check(index, ref, p.ticks());
            for (long t : ref) check(index, ref, t);
            for (long t : List.copyOf(ref)) index.remove(t);
            assertEquals(0, index.words(), "every word is dropped when its last tick goes");
        }
    }

    private static void check(PriceIndex index, TreeSet<Long> ref, long t) {
        assertEquals(ref.contains(t), index.contains(t), "contains " + t);
        Long lo = ref.lower(t);
        Long hi = ref.higher(t);
        assertEquals(lo == null ? PriceIndex.NONE : lo, index.below(t), "below " + t);
        assertEquals(hi == null ? PriceIndex.NONE : hi, index.above(t), "above " + t);
    }

    @Test
    void wordsFollowTheLevels() {
        try (Arena arena = Arena.ofConfined()) {
            PriceIndex index = new PriceIndex(arena, 100);
            index.add(5);
            assertEquals(PriceIndex.LEVELS, index.words(), "one word per tree level for the first tick");
            index.add(6);
            assertEquals(PriceIndex.LEVELS, index.words(), "a neighbour shares every word");
            index.add(64);
            assertEquals(PriceIndex.LEVELS + 1, index.words(), "the next leaf word");
            assertEquals(64, index.above(6));
            assertEquals(6, index.below(64));
            index.remove(5);
            index.remove(6);
            index.remove(64);
            assertEquals(0, index.words());
            assertEquals(PriceIndex.NONE, index.below(Long.MAX_VALUE));
            assertEquals(PriceIndex.NONE, index.above(0));
        }
    }
}
