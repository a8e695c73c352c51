package qsl.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.wal.DurabilityMode;
import qsl.wal.PipelinedRecovery;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.WalConfig;
import qsl.wal.WalRecovery;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;

/**
 * Replaying a journal with the scan on a helper thread ({@link PipelinedRecovery}) gives the engine
 * the same commands in the same order as the one-thread {@link WalRecovery}: the same events, field
 * for field and in order, the same digest and a byte-identical snapshot.
 */
class PipelinedReplayDeterminismTest {
    @TempDir
    Path tmp;

    /** Every event as text, in order. */
    static final class Transcript implements EventSink {
        final List<String> events = new ArrayList<>();

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            events.add("A " + seq + " " + symbol + " " + orderId + " " + side + " " + type + " " + tif + " " + price + " " + quantity);
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                                      long makerRemaining, long takerRemaining) {
            events.add("T " + seq + " " + symbol + " " + maker + " " + taker + " " + takerSide + " " + price + " " + quantity
                    + " " + makerRemaining + " " + takerRemaining);
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long quantity, byte reason) {
            events.add("C " + seq + " " + symbol + " " + orderId + " " + side + " " + price + " " + quantity + " " + reason);
        }

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean kept) {
            events.add("M " + seq + " " + symbol + " " + orderId + " " + side + " " + price + " " + quantity + " " + kept);
        }

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            events.add("R " + commandType + " " + symbol + " " + orderId + " " + reason);
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
            events.add("L " + seq + " " + symbol + " " + side + " " + price + " " + total + " " + count);
        }

        @Override public void onMassCancelled(long seq, int account, int symbol, int count) {
            events.add("X " + seq + " " + account + " " + symbol + " " + count);
        }

        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {
            events.add("B " + seq + " " + symbol + " " + bp + " " + bq + " " + ap + " " + aq);
        }
    }

    record Replayed(List<String> events, long digest, byte[] snapshot, RecoveryReport report) {}

    static Replayed replay(Path dir, List<SymbolSpec> symbols, boolean pipelined) {
        Transcript t = new Transcript();
        try (MatchingEngine e = new MatchingEngine(JournaledEngineTest.CONFIG, t)) {
            for (SymbolSpec s : symbols) e.addSymbol(s);
            RecordHandler apply = (seq, type, seg, off, len) -> {
                if (type == RecordTypes.COMMAND) e.apply(seg, off);
            };
            RecoveryReport r = pipelined
                    ? PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, apply, false)
                    : WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, apply, false);
            return new Replayed(t.events, e.digest(), EngineSnapshotCodec.encode(e, JournaledEngineTest.CONFIG, symbols, r.lastSequence()), r);
        }
    }

    @Test
    void theSameEventsDigestAndSnapshotBytes() {
        Path dir = tmp.resolve("journal");
        int n = 30_000;
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 13, n, false, a);
            WalConfig wal = new WalConfig(dir, DurabilityMode.NONE, 1L << 20, 64, Long.MAX_VALUE);
            JournaledEngine.Open o = JournaledEngine.create(wal, SnapshotPolicy.MANUAL, JournaledEngineTest.CONFIG, w.symbols(), EventSink.NONE);
            long liveDigest;
            try (JournaledEngine je = assertInstanceOf(JournaledEngine.Open.Ready.class, o).engine()) {
                for (int i = 0; i < n; i++) je.submit(w.commands(), Workload.offset(i));
                liveDigest = je.engine().digest();
            }
            Replayed one = replay(dir, w.symbols(), false);
            Replayed two = replay(dir, w.symbols(), true);
            assertEquals(RecoveryReport.Kind.CLEAN, two.report().kind(), two.report().summary());
            assertEquals(one.report(), two.report());
            assertEquals(n, two.report().recordsDelivered());
            assertTrue(one.events().size() > n, "events: " + one.events().size());
            assertEquals(one.events(), two.events(), "the same events, in the same order");
            assertEquals(liveDigest, one.digest());
            assertEquals(liveDigest, two.digest());
            assertArrayEquals(one.snapshot(), two.snapshot(), "byte-identical snapshots");
        }
    }
}
