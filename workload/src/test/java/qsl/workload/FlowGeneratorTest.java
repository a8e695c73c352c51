package qsl.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.CommandType;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.TimeInForce;

/** The new flows have the mix, ids, populations and spans they advertise, and run without a reject. */
class FlowGeneratorTest {

    /** Counts events; tracks the live population through accepted/cancelled/traded orders. */
    static final class Census implements EventSink {
        long rejected;
        long maxTouched;
        long minTouched = Long.MAX_VALUE;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {}
        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity, long mr, long tr) {}
        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long q, byte reason) {}
        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long q, boolean kept) {}
        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            rejected++;
        }
        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
            if (count > 0) {
                maxTouched = Math.max(maxTouched, price);
                minTouched = Math.min(minTouched, price);
            }
        }
        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {}
        @Override public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {}
    }

    @Test
    void realisticFlowsHaveTheAdvertisedMixIdsAndPopulation() {
        try (Arena arena = Arena.ofConfined()) {
            java.util.List<String> wrong = new java.util.ArrayList<>();
            for (WorkloadShape shape : new WorkloadShape[] {WorkloadShape.GBM_CALM, WorkloadShape.GBM_SWING,
                    WorkloadShape.GBM_VOLATILE, WorkloadShape.GBM_CRASH}) {
                int main = shape == WorkloadShape.GBM_CALM || shape == WorkloadShape.GBM_CRASH ? 400_000 : 1_000_000;
                Workload w = WorkloadGenerator.generate(shape, 1, main, true, arena);
                MemorySegment c = w.commands();
                int news = 0, iocs = 0, cancels = 0, modifies = 0;
                Set<Long> ids = new HashSet<>();
                long minLive = Long.MAX_VALUE, maxLive = 0;
                Census census = new Census();
                try (MatchingEngine e = new MatchingEngine(EngineConfig.defaults(), census)) {
                    w.symbols().forEach(e::addSymbol);
                    for (int i = 0; i < w.count(); i++) {
                        long at = Workload.offset(i);
                        e.apply(c, at);
                        if (i >= w.prefill() && i < w.count() - w.closing()) {
                            minLive = Math.min(minLive, e.restingOrders());
                            maxLive = Math.max(maxLive, e.restingOrders());
                            switch (CommandDescriptor.type(c, at)) {
                                case CommandType.NEW_ORDER -> {
                                    news++;
                                    if (CommandDescriptor.tif(c, at) == TimeInForce.IOC) iocs++;
                                    long id = CommandDescriptor.orderId(c, at);
                                    assertTrue(id > 0 && id < (1 << 20), "20-bit id: " + id);
                                    ids.add(id);
                                }
                                case CommandType.CANCEL -> cancels++;
                                case CommandType.MODIFY -> modifies++;
                                default -> throw new AssertionError("type");
                            }
                        }
                    }
                    assertEquals(0, census.rejected, shape + ": rejects");
                    assertEquals(0, e.restingOrders(), shape + ": close-out leaves an empty book");
                }
                double total = w.mainPhase();
                System.out.printf("%s: new %.3f (ioc %.3f of new), cancel %.3f, modify %.3f, live %d..%d, prices %d..%d, distinct ids %d%n",
                        shape, news / total, (double) iocs / news, cancels / total, modifies / total, minLive, maxLive,
                        census.minTouched, census.maxTouched, ids.size());
                check(wrong, shape, news / total > 0.45 && news / total < 0.73, "new orders " + news / total);
                check(wrong, shape, (double) iocs / news > 0.12 && (double) iocs / news < 0.25, "IOC share " + (double) iocs / news);
                check(wrong, shape, cancels / total > 0.2 && cancels / total < 0.45, "cancels " + cancels / total);
                check(wrong, shape, modifies / total > 0.06 && modifies / total < 0.11, "modifies " + modifies / total);
                check(wrong, shape, minLive >= 1_000 && maxLive <= 24_000 && maxLive >= 10_000, "live " + minLive + ".." + maxLive);
                check(wrong, shape, ids.size() > news / 4, "ids are reused at random, not counted up: " + ids.size());
                long span = census.maxTouched - census.minTouched;
                if (shape == WorkloadShape.GBM_SWING) check(wrong, shape, span > 400_000, "swing span " + span);
                if (shape == WorkloadShape.GBM_VOLATILE) check(wrong, shape, span > 600_000, "volatile span " + span);
                if (shape == WorkloadShape.GBM_CALM) check(wrong, shape, span < 150_000, "calm span " + span);
            }
            assertEquals(java.util.List.of(), wrong);
        }
    }

    private static void check(java.util.List<String> wrong, WorkloadShape shape, boolean ok, String what) {
        if (!ok) wrong.add(shape + ": " + what);
    }

    @Test
    void adversarialShapesHaveTheirShape() {
        try (Arena arena = Arena.ofConfined()) {
            Workload s = FlowGenerator.scattered(2, 5_000, 50_000, true, arena);
            assertEquals(5_000, s.prefill());
            long lo = Long.MAX_VALUE, hi = 0;
            for (int i = 0; i < s.prefill(); i++) {
                long p = CommandDescriptor.price(s.commands(), Workload.offset(i));
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            assertTrue(hi - lo > 90L * FlowGenerator.REFERENCE_BAND, "scattered over 100 bands: " + (hi - lo));

            Workload ids = WorkloadGenerator.generate(WorkloadShape.STRUCTURED_IDS, 2, 20_000, true, arena);
            Workload seq = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, 2, 20_000, true, arena);
            assertEquals(seq.count(), ids.count());
            for (int i = 0; i < ids.count(); i++) {
                long a = CommandDescriptor.orderId(seq.commands(), Workload.offset(i));
                assertEquals(FlowGenerator.structuredId(a), CommandDescriptor.orderId(ids.commands(), Workload.offset(i)));
            }
            assertEquals(5L << 20 | 5, FlowGenerator.structuredId(5));
            assertEquals(17L << 20 | 1, FlowGenerator.structuredId(17));

            Workload huge = FlowGenerator.hugeLevel(2, 20_000, 20_000, true, arena);
            long hugePrice = CommandDescriptor.price(huge.commands(), 0);
            for (int i = 0; i < 20_000; i++) assertEquals(hugePrice, CommandDescriptor.price(huge.commands(), Workload.offset(i)));

            Workload trend = WorkloadGenerator.generate(WorkloadShape.TREND, 2, 100_000, true, arena);
            long last = 0;
            for (int i = trend.count() - trend.closing() - 1000; i < trend.count() - trend.closing(); i++)
                last = Math.max(last, CommandDescriptor.price(trend.commands(), Workload.offset(i)));
            assertTrue(last > FlowGenerator.MID + 20_000, "the trend moved the market: " + last);
        }
    }
}
