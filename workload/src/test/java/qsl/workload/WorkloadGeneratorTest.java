package qsl.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.CommandType;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;
import qsl.book.reference.ReferenceEngine;

class WorkloadGeneratorTest {
    private static final int MAIN = 200_000;

    /** Counts what an engine did with a workload. */
    static final class Counts implements EventSink {
        long accepted;
        long rejected;
        long trades;
        long tradingCommands;
        long lastTradingSeq;
        long lowestPrice = Long.MAX_VALUE;
        long highestPrice;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            accepted++;
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity, long mr, long tr) {
            trades++;
            if (seq != lastTradingSeq) {
                tradingCommands++;
                lastTradingSeq = seq;
            }
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long q, byte reason) {}

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long q, boolean kept) {
            accepted++;
        }

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            rejected++;
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
            if (count > 0) {
                lowestPrice = Math.min(lowestPrice, price);
                highestPrice = Math.max(highestPrice, price);
            }
        }

        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {}
        @Override public void onMassCancelled(long seq, int account, int symbol, int count) {}
    }

    private static byte[] bytes(Workload w) {
        return w.commands().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        try (Arena arena = Arena.ofConfined()) {
            for (WorkloadShape shape : WorkloadShape.values()) {
                Workload a = WorkloadGenerator.generate(shape, 7, 50_000, true, arena);
                Workload b = WorkloadGenerator.generate(shape, 7, 50_000, true, arena);
                Workload c = WorkloadGenerator.generate(shape, 8, 50_000, true, arena);
                assertEquals(a.count(), b.count());
                assertTrue(Arrays.equals(bytes(a), bytes(b)), shape + ": same seed, different bytes");
                assertNotEquals(Arrays.hashCode(bytes(a)), Arrays.hashCode(bytes(c)), shape + ": seed ignored");
                assertEquals(a.symbols(), b.symbols());
            }
        }
    }

    @Test
    void exchangeCoreMixIsWithinTolerance() {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, 1, MAIN, false, arena);
            assertEquals(MAIN, w.mainPhase());
            assertEquals(MAIN, w.gtc() + w.ioc() + w.cancels() + w.moves());
            assertNear("GTC", 0.09, w.gtc(), MAIN, 0.01);
            assertNear("IOC", 0.03, w.ioc(), MAIN, 0.005);
            assertNear("cancel", 0.06, w.cancels(), MAIN, 0.01);
            assertNear("move", 0.82, w.moves(), MAIN, 0.01);
            // Recount from the bytes themselves, not the generator's own tallies.
            int gtc = 0, ioc = 0, cancel = 0, modify = 0;
            long lo = Long.MAX_VALUE, hi = 0;
            for (int i = w.prefill(); i < w.count(); i++) {
                long at = Workload.offset(i);
                switch (CommandDescriptor.type(w.commands(), at)) {
                    case CommandType.NEW_ORDER -> {
                        if (CommandDescriptor.tif(w.commands(), at) == TimeInForce.GTC) gtc++;
                        else ioc++;
                    }
                    case CommandType.CANCEL -> cancel++;
                    case CommandType.MODIFY -> modify++;
                    default -> throw new AssertionError("bad type at " + i);
                }
            }
            assertEquals(w.gtc(), gtc);
            assertEquals(w.ioc(), ioc);
            assertEquals(w.cancels(), cancel);
            assertEquals(w.moves(), modify);
        }
    }

    private static void assertNear(String what, double expected, long count, long total, double tolerance) {
        double f = (double) count / total;
        assertTrue(Math.abs(f - expected) <= tolerance, what + " fraction " + f + ", expected " + expected + " +/- " + tolerance);
    }

    /** Runs a workload through the reference engine: nothing is rejected and the generator's model agrees with it. */
    private static Counts runThroughReference(Workload w, ReferenceEngine[] out) {
        Counts counts = new Counts();
        ReferenceEngine ref = new ReferenceEngine(new EngineConfig(1 << 20, 16, 4096), counts);
        for (SymbolSpec s : w.symbols()) ref.addSymbol(s);
        MemorySegment cmds = w.commands();
        for (int i = 0; i < w.count(); i++) ref.apply(cmds, Workload.offset(i));
        out[0] = ref;
        return counts;
    }

    @Test
    void exchangeCoreShapeTradesAboutSixPercentThroughTheReference() {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, 1, MAIN, false, arena);
            ReferenceEngine[] ref = new ReferenceEngine[1];
            Counts c = runThroughReference(w, ref);
            assertEquals(0, c.rejected, "the generator wrote commands the engine rejects");
            assertEquals(w.count(), ref[0].lastSequence(), "every command takes a sequence number");
            assertEquals(w.liveAtEnd(), ref[0].restingOrders(), "the generator's model lost track of the book");
            assertEquals(w.tradingCommands(), c.tradingCommands, "the generator's model mispredicts trades");
            double tradingFraction = (double) c.tradingCommands / w.count();
            System.out.printf("exchange-core shape: %d commands (%d prefill), trading fraction %.4f, %d trades, %d resting at end,"
                    + " prices %d..%d%n", w.count(), w.prefill(), tradingFraction, c.trades, ref[0].restingOrders(), c.lowestPrice,
                    c.highestPrice);
            assertTrue(tradingFraction > 0.045 && tradingFraction < 0.075, "trading fraction " + tradingFraction);
            assertTrue(ref[0].restingOrders() > 700 && ref[0].restingOrders() < 1400, "resting " + ref[0].restingOrders());
            assertTrue(c.highestPrice - c.lowestPrice < 1000, "price slots used: " + (c.highestPrice - c.lowestPrice));
        }
    }

    @Test
    void everyShapeIsValidAndClosesOutToAnEmptyBook() {
        try (Arena arena = Arena.ofConfined()) {
            for (WorkloadShape shape : WorkloadShape.values()) {
                // The reference sums a level on every event: a 100,000-order level is quadratic there.
                Workload w = shape == WorkloadShape.HUGE_LEVEL ? FlowGenerator.hugeLevel(3, 3_000, 100_000, true, arena)
                        : WorkloadGenerator.generate(shape, 3, 100_000, true, arena);
                ReferenceEngine[] ref = new ReferenceEngine[1];
                Counts c = runThroughReference(w, ref);
                assertEquals(0, c.rejected, shape + ": rejects");
                assertEquals(0, ref[0].restingOrders(), shape + ": book not empty after close-out");
                assertEquals(w.tradingCommands(), c.tradingCommands, shape + ": model mispredicts trades");
                System.out.printf("%s: %d commands, %d symbols, trading %d, prices %d..%d%n", shape, w.count(), w.symbols().size(),
                        c.tradingCommands, c.lowestPrice, c.highestPrice);
                if (shape == WorkloadShape.DRIFTING)
                    assertTrue(c.highestPrice - c.lowestPrice > 10 * 4096, "drift spans only " + (c.highestPrice - c.lowestPrice));
                if (shape == WorkloadShape.MULTI_SYMBOL) assertTrue(w.symbols().size() >= 4);
            }
        }
    }
}
