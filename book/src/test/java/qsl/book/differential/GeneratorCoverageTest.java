package qsl.book.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Example;
import qsl.book.CancelReason;
import qsl.book.EventSink;
import qsl.book.OrderType;
import qsl.book.RejectReason;
import qsl.book.SymbolSpec;
import qsl.book.reference.ReferenceEngine;

/**
 * The scenario generators are only as good as what they reach: this samples them with a fixed
 * seed and asserts that every reject reason, every cancel reason, both kinds of modify, trades,
 * id reuse, prices near Long.MAX_VALUE and prices far outside a 64-level band all occur.
 */
class GeneratorCoverageTest {

    /** Counts what the reference engine did; forwards everything to the checker's recorder. */
    static final class Coverage {
        final TreeMap<String, Long> counts = new TreeMap<>();
        final Set<Long> everAccepted = new HashSet<>();
        final Set<Integer> massSymbols = new HashSet<>();
        long massSeq = -1;

        void hit(String key) {
            counts.merge(key, 1L, Long::sum);
        }

        EventSink tee(EventSink inner) {
            return new EventSink() {
                @Override
                public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
                    hit("accepted " + (type == OrderType.MARKET ? "MARKET" : "LIMIT") + " " + Concrete.tif(tif));
                    if (!everAccepted.add(orderId)) hit("id reused");
                    if (price > Long.MAX_VALUE / 4) hit("accepted price near Long.MAX_VALUE");
                    inner.onAccepted(seq, symbol, orderId, side, type, tif, price, quantity);
                }

                @Override
                public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                                    long makerRemaining, long takerRemaining) {
                    hit("trade");
                    if (makerRemaining > 0) hit("trade partial maker");
                    inner.onTrade(seq, symbol, maker, taker, takerSide, price, quantity, makerRemaining, takerRemaining);
                }

                @Override
                public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long q, byte reason) {
                    hit("cancelled " + switch (reason) {
                        case CancelReason.USER -> "USER";
                        case CancelReason.UNFILLED -> "UNFILLED";
                        case CancelReason.MASS -> "MASS";
                        default -> "FOK_KILLED";
                    });
                    if (reason == CancelReason.MASS) {
                        if (massSeq != seq) massSymbols.clear();
                        massSeq = seq;
                        massSymbols.add(symbol);
                    }
                    inner.onCancelled(seq, symbol, orderId, side, price, q, reason);
                }

                @Override
                public void onModified(long seq, int symbol, long orderId, byte side, long p, long q, boolean kept) {
                    hit(kept ? "modify kept priority" : "modify lost priority");
                    inner.onModified(seq, symbol, orderId, side, p, q, kept);
                }

                @Override
                public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
                    hit("reject " + RejectReason.name(reason));
                    inner.onRejected(commandType, symbol, orderId, reason);
                }

                @Override
                public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
                    inner.onLevel(seq, symbol, side, price, total, count);
                }

                @Override
                public void onMassCancelled(long seq, int account, int symbol, int count) {
                    hit("mass cancel " + (symbol == qsl.book.Engine.ALL_SYMBOLS ? "all symbols" : "one symbol")
                            + (count == 0 ? " empty" : ""));
                    if (count > 0 && massSeq == seq && massSymbols.size() > 1) hit("mass cancel over several symbols");
                    inner.onMassCancelled(seq, account, symbol, count);
                }

                @Override
                public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {
                    hit("top of book");
                    inner.onTopOfBook(seq, symbol, bp, bq, ap, aq);
                }
            };
        }
    }

    /** Forwards every event. */
    static class Forwarding implements EventSink {
        final EventSink inner;

        Forwarding(EventSink inner) {
            this.inner = inner;
        }

        @Override public void onAccepted(long a, int b, long c, byte d, byte e, byte f, long g, long h) { inner.onAccepted(a, b, c, d, e, f, g, h); }
        @Override public void onTrade(long a, int b, long c, long d, byte e, long f, long g, long h, long i) { inner.onTrade(a, b, c, d, e, f, g, h, i); }
        @Override public void onCancelled(long a, int b, long c, byte d, long e, long f, byte g) { inner.onCancelled(a, b, c, d, e, f, g); }
        @Override public void onModified(long a, int b, long c, byte d, long e, long f, boolean g) { inner.onModified(a, b, c, d, e, f, g); }
        @Override public void onRejected(byte a, int b, long c, byte d) { inner.onRejected(a, b, c, d); }
        @Override public void onLevel(long a, int b, byte c, long d, long e, int f) { inner.onLevel(a, b, c, d, e, f); }
        @Override public void onMassCancelled(long a, int b, int c, int d) { inner.onMassCancelled(a, b, c, d); }
        @Override public void onTopOfBook(long a, int b, long c, long d, long e, long f) { inner.onTopOfBook(a, b, c, d, e, f); }
    }

    @Example
    void generatorsReachEveryOutcome() {
        Coverage coverage = new Coverage();
        long[] farLevels = new long[1];
        sample(ScenarioArbitraries.scenarios(), 400, coverage, farLevels);
        sample(ScenarioArbitraries.denseScenarios(), 200, coverage, farLevels);
        System.out.println("generator coverage: " + coverage.counts + ", far-from-reference resting levels seen: " + farLevels[0]);
        for (byte r = RejectReason.UNKNOWN_SYMBOL; r <= RejectReason.NOT_OWNER; r++)
            assertTrue(coverage.counts.getOrDefault("reject " + RejectReason.name(r), 0L) > 0, "never rejected " + RejectReason.name(r));
        for (String k : new String[] {"cancelled USER", "cancelled UNFILLED", "cancelled FOK_KILLED", "cancelled MASS",
                "mass cancel one symbol", "mass cancel all symbols", "mass cancel one symbol empty", "mass cancel all symbols empty",
                "mass cancel over several symbols", "modify kept priority",
                "modify lost priority", "trade", "trade partial maker", "id reused", "accepted price near Long.MAX_VALUE",
                "accepted MARKET IOC", "accepted MARKET FOK", "accepted LIMIT GTC", "accepted LIMIT IOC", "accepted LIMIT FOK",
                "top of book"})
            assertTrue(coverage.counts.getOrDefault(k, 0L) > 0, "never saw: " + k);
        assertTrue(farLevels[0] > 0, "no order ever rested more than 64 levels from its symbol's reference");
        assertTrue(coverage.counts.get("trade") > 1000, "too few trades: " + coverage.counts.get("trade"));
    }

    private static void sample(Arbitrary<Scenario> arbitrary, int n, Coverage coverage, long[] farLevels) {
        RandomGenerator<Scenario> gen = arbitrary.generator(1000);
        Random random = new Random(20261124L);
        for (int i = 0; i < n; i++) {
            Scenario s = gen.next(random).value();
            EngineFactory counting = (cfg, sink) -> new ReferenceEngine(cfg, coverage.tee(sink));
            EngineFactory outOfBand = (cfg, sink) -> new ReferenceEngine(cfg, new Forwarding(sink) {
                @Override
                public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
                    SymbolSpec spec = s.symbols().stream().filter(x -> x.symbol() == symbol).findFirst().orElseThrow();
                    if (count > 0 && Math.abs(price / spec.tickSize() - spec.referencePrice() / spec.tickSize()) > 64) farLevels[0]++;
                    super.onLevel(seq, symbol, side, price, total, count);
                }
            });
            DifferentialChecker.check(s, counting, outOfBand).ifPresent(r -> fail("reference disagrees with itself:\n" + r));
        }
    }
}
