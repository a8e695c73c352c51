package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import qsl.book.CommandDescriptor;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/** Small seeded streams for the adapter tests, independent of the workload generator. */
final class TestStreams {
    private TestStreams() {}

    static final long MID = 10_000;

    /**
     * GTC limit orders only, both sides, prices within 20 ticks either side of {@link #MID}, so
     * about half of them cross: the one shape where qsl and exchange-core must agree exactly.
     */
    static CommandStream gtcOnly(long seed, int count, Arena arena) {
        MemorySegment s = arena.allocate((long) count * CommandDescriptor.LENGTH, 64);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            byte side = r.nextBoolean() ? Side.BUY : Side.SELL;
            long price = MID + r.nextLong(-20, 21);
            long qty = r.nextLong(1, 101);
            CommandDescriptor.writeNewOrder(s, (long) i * CommandDescriptor.LENGTH, 0, i + 1, 0, side, OrderType.LIMIT,
                    TimeInForce.GTC, price, qty);
        }
        return new CommandStream("gtc-only", seed, s, count, count, List.of(SymbolSpec.open(0, MID)));
    }
}
