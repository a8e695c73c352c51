package qsl.offheap;

import java.lang.foreign.Arena;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LongLongMap} against {@link HashMap}, through growth and shrinking. */
class LongLongMapProperties {
    record Op(int op, long key, int value) {}

    /** Bursts of puts and removes over a key space larger than the smallest table: growth and shrinking. */
    @Provide
    Arbitrary<List<Op>> bursts() {
        Arbitrary<Long> keys = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 600),
                Arbitraries.longs().between(0, 600).map(k -> k << 20 | (k & 15)),
                Arbitraries.longs());
        Arbitrary<Op> puts = Combinators.combine(Arbitraries.just(0), keys, Arbitraries.integers().between(0, 1 << 20)).as(Op::new);
        Arbitrary<Op> removes = Combinators.combine(Arbitraries.just(1), keys, Arbitraries.just(0)).as(Op::new);
        Arbitrary<Op> gets = Combinators.combine(Arbitraries.just(2), keys, Arbitraries.just(0)).as(Op::new);
        Arbitrary<List<Op>> burst = Arbitraries.oneOf(puts.list().ofMaxSize(300), removes.list().ofMaxSize(300),
                gets.list().ofMaxSize(50), Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, puts), net.jqwik.api.Tuple.of(3, removes), net.jqwik.api.Tuple.of(1, gets))
                        .list().ofMaxSize(200));
        return burst.list().ofMaxSize(12).map(l -> l.stream().flatMap(List::stream).toList());
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("bursts") List<Op> ops, @ForAll @IntRange(min = 1, max = 400) int maxEntries) {
        try (Arena arena = Arena.ofConfined()) {
            LongLongMap map = LongLongMap.forEntries(arena, maxEntries);
            Map<Long, Long> ref = new HashMap<>();
            for (Op o : ops) {
                switch (o.op()) {
                    case 0 -> {
                        long v = o.value() + 1L + ((long) o.value() << 33);
                        boolean fresh = map.put(o.key(), v);
                        if (ref.containsKey(o.key())) {
                            assertEquals(false, fresh);
                            ref.put(o.key(), v);
                        } else if (ref.size() == maxEntries) {
                            assertEquals(false, fresh);
                        } else {
                            assertEquals(true, fresh);
                            ref.put(o.key(), v);
                        }
                    }
                    case 1 -> assertEquals(ref.containsKey(o.key()) ? ref.remove(o.key()) : LongLongMap.ABSENT, map.remove(o.key()));
                    default -> assertEquals((long) ref.getOrDefault(o.key(), LongLongMap.ABSENT), map.get(o.key()));
                }
                assertEquals(ref.size(), map.size());
                org.junit.jupiter.api.Assertions.assertTrue(map.capacity() <= map.maxCapacity());
                org.junit.jupiter.api.Assertions.assertTrue(map.size() <= Math.max(map.capacity() / 2, maxEntries < map.capacity() ? maxEntries : 0),
                        "load above one half");
                int longest = 0;
                for (Map.Entry<Long, Long> e : ref.entrySet()) longest = Math.max(longest, map.probeLength(e.getKey()));
                // Exact while every key is under 63 from home (the counted range): falls as soon as the farthest key leaves.
                if (longest < 63) assertEquals(longest, map.maxDisplacement(), "maxDisplacement is the longest live probe");
                else org.junit.jupiter.api.Assertions.assertTrue(map.maxDisplacement() >= longest);
            }
            for (Map.Entry<Long, Long> e : ref.entrySet()) assertEquals((long) e.getValue(), map.get(e.getKey()));
        }
    }

    @Property(tries = 200)
    void bitOperationsMatchAHashMap(@ForAll("bursts") List<Op> ops) {
        try (Arena arena = Arena.ofConfined()) {
            LongLongMap map = LongLongMap.forEntries(arena, 5_000);
            Map<Long, Long> ref = new HashMap<>();
            for (Op o : ops) {
                long bits = 1L << (o.value() & 63) | (o.value() % 3 == 0 ? 1L << ((o.value() >>> 6) & 63) : 0);
                if (o.op() == 1) {
                    long before = ref.getOrDefault(o.key(), 0L);
                    long after = before & ~bits;
                    if (after == 0) ref.remove(o.key());
                    else ref.put(o.key(), after);
                    assertEquals(after, map.andNot(o.key(), bits));
                } else {
                    long before = ref.getOrDefault(o.key(), 0L);
                    ref.put(o.key(), before | bits);
                    assertEquals(before, map.or(o.key(), bits));
                }
                assertEquals(ref.size(), map.size());
                int longest = 0;
                for (long k : ref.keySet()) longest = Math.max(longest, map.probeLength(k));
                if (longest < 63) assertEquals(longest, map.maxDisplacement(), "maxDisplacement is the longest live probe");
            }
            for (Map.Entry<Long, Long> e : ref.entrySet()) assertEquals((long) e.getValue(), map.get(e.getKey()));
        }
    }
}
