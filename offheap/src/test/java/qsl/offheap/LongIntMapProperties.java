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

/** {@link LongIntMap} against {@link HashMap} on random operation sequences over a small key space. */
class LongIntMapProperties {

    /** op 0 put, 1 remove, 2 get; keys from a tiny range so chains, collisions and reuse are common. */
    record Op(int op, long key, int value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> keys = Arbitraries.oneOf(
                Arbitraries.longs().between(-20, 40),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L),
                Arbitraries.longs());
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2), keys,
                Arbitraries.integers().between(0, 1 << 20)).as(Op::new);
        return op.list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 2, max = 6) int log2Capacity) {
        int capacity = 1 << log2Capacity;
        int maxEntries = capacity - 1;
        try (Arena arena = Arena.ofConfined()) {
            LongIntMap map = LongIntMap.allocate(arena, capacity, maxEntries);
            Map<Long, Integer> ref = new HashMap<>();
            for (Op o : ops) {
                switch (o.op()) {
                    case 0 -> {
                        int got = map.put(o.key(), o.value());
                        if (ref.containsKey(o.key())) {
                            assertEquals((int) ref.put(o.key(), o.value()), got);
                        } else if (ref.size() == maxEntries) {
                            assertEquals(LongIntMap.FULL, got);
                        } else {
                            assertEquals(LongIntMap.MISSING, got);
                            ref.put(o.key(), o.value());
                        }
                    }
                    case 1 -> assertEquals(ref.containsKey(o.key()) ? ref.remove(o.key()) : LongIntMap.MISSING, map.remove(o.key()));
                    default -> assertEquals(ref.getOrDefault(o.key(), LongIntMap.MISSING), map.get(o.key()));
                }
                assertEquals(ref.size(), map.size());
            }
            for (Map.Entry<Long, Integer> e : ref.entrySet()) assertEquals((int) e.getValue(), map.get(e.getKey()));
        }
    }

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
    void aGrowableMapBehavesLikeAHashMap(@ForAll("bursts") List<Op> ops, @ForAll @IntRange(min = 1, max = 400) int maxEntries) {
        try (Arena arena = Arena.ofConfined()) {
            LongIntMap map = LongIntMap.forEntries(arena, maxEntries);
            Map<Long, Integer> ref = new HashMap<>();
            for (Op o : ops) {
                switch (o.op()) {
                    case 0 -> {
                        int got = map.put(o.key(), o.value());
                        if (ref.containsKey(o.key())) {
                            assertEquals((int) ref.put(o.key(), o.value()), got);
                        } else if (ref.size() == maxEntries) {
                            assertEquals(LongIntMap.FULL, got);
                        } else {
                            assertEquals(LongIntMap.MISSING, got);
                            ref.put(o.key(), o.value());
                        }
                    }
                    case 1 -> assertEquals(ref.containsKey(o.key()) ? ref.remove(o.key()) : LongIntMap.MISSING, map.remove(o.key()));
                    default -> assertEquals(ref.getOrDefault(o.key(), LongIntMap.MISSING), map.get(o.key()));
                }
                assertEquals(ref.size(), map.size());
                org.junit.jupiter.api.Assertions.assertTrue(map.capacity() <= map.maxCapacity());
                org.junit.jupiter.api.Assertions.assertTrue(map.size() <= Math.max(map.capacity() / 2, maxEntries < map.capacity() ? maxEntries : 0),
                        "load above one half");
                int longest = 0;
                for (Map.Entry<Long, Integer> e : ref.entrySet()) longest = Math.max(longest, map.probeLength(e.getKey()));
                // Exact while every key is under 63 from home (the counted range): falls as soon as the farthest key leaves.
                if (longest < 63) assertEquals(longest, map.maxDisplacement(), "maxDisplacement is the longest live probe");
                else org.junit.jupiter.api.Assertions.assertTrue(map.maxDisplacement() >= longest);
            }
            for (Map.Entry<Long, Integer> e : ref.entrySet()) assertEquals((int) e.getValue(), map.get(e.getKey()));
        }
    }
}
