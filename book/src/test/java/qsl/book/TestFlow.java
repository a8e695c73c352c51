package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small seeded command stream for tests inside {@code book} (the full generators live in the
 * {@code workload} module, which depends on this one): new GTC and IOC limit orders around each
 * symbol's reference, cancels and modifies of earlier ids. Some commands are rejected (an id
 * already gone, a duplicate), which is part of what the tests replay. Order {@code id} belongs to
 * account {@code id % 3}, and cancels and modifies act as that account.
 *
 * @param commands {@code count} {@link CommandDescriptor} records from offset 0
 */
public record TestFlow(MemorySegment commands, int count, List<SymbolSpec> symbols) {

    public static long offset(int i) {
        return (long) i * CommandDescriptor.LENGTH;
    }

    /** {@code n} commands over {@code symbolCount} symbols (ticks 1, 1, 5, 10, ...). */
    public static TestFlow generate(long seed, int symbolCount, int n, Arena arena) {
        long[] ticks = {1, 1, 5, 10, 25, 1, 100, 2};
        List<SymbolSpec> specs = new ArrayList<>();
        for (int s = 0; s < symbolCount; s++) {
            long tick = ticks[s % ticks.length];
            specs.add(new SymbolSpec(s, tick, 1, 1_000_000_000L, Long.MAX_VALUE, 0, (10_000L + 7_919L * s) * tick));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        MemorySegment seg = arena.allocate(Math.max(1, (long) n * CommandDescriptor.LENGTH), 8);
        long nextId = 1;
        for (int i = 0; i < n; i++) {
            SymbolSpec spec = specs.get(rng.nextInt(specs.size()));
            long tick = spec.tickSize();
            long price = spec.referencePrice() + (rng.nextInt(401) - 200) * tick;
            int roll = rng.nextInt(100);
            long at = offset(i);
            if (roll < 55 || nextId < 10) {
                byte side = rng.nextBoolean() ? Side.BUY : Side.SELL;
                byte tif = roll < 50 ? TimeInForce.GTC : TimeInForce.IOC;
                long id = nextId++;
                CommandDescriptor.writeNewOrder(seg, at, spec.symbol(), id, account(id), side, OrderType.LIMIT, tif, price,
                        1 + rng.nextInt(500));
            } else if (roll < 75) {
                long id = 1 + rng.nextLong(nextId - 1);
                CommandDescriptor.writeCancel(seg, at, spec.symbol(), id, account(id));
            } else {
                long id = 1 + rng.nextLong(nextId - 1);
                CommandDescriptor.writeModify(seg, at, spec.symbol(), id, account(id), price, 1 + rng.nextInt(500));
            }
        }
        return new TestFlow(seg, n, List.copyOf(specs));
    }

    /** The account that owns order {@code id} in these flows. */
    static int account(long id) {
        return (int) (id % 3);
    }
}
