package qsl.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;
import qsl.wal.DurabilityMode;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SegmentFiles;
import qsl.wal.SnapshotStore;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/** Journal, apply, snapshot; rebuild gives the live state, the node's records and the snapshot extension back. */
class JournaledEngineTest {
    static final EngineConfig CONFIG = new EngineConfig(1 << 14, 16, 1024);

    @TempDir
    Path tmp;

    static WalConfig wal(Path dir, DurabilityMode mode) {
        return new WalConfig(dir, mode, 1L << 16, 64, Long.MAX_VALUE);
    }

    static JournaledEngine create(Path dir, DurabilityMode mode, SnapshotPolicy policy, Workload w, EventSink sink) {
        JournaledEngine.Open o = JournaledEngine.create(wal(dir, mode), policy, CONFIG, w.symbols(), sink);
        return assertInstanceOf(JournaledEngine.Open.Ready.class, o, () -> "create: " + o).engine();
    }

    static JournaledEngine recover(Path dir, DurabilityMode mode, SnapshotPolicy policy, EventSink sink, RecordHandler extra) {
        JournaledEngine.Open o = JournaledEngine.recover(wal(dir, mode), policy, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, sink, extra);
        return assertInstanceOf(JournaledEngine.Open.Ready.class, o, () -> "recover: " + o).engine();
    }

    /** Counts accepted orders and trades. */
    static final class Counting implements EventSink {
        long accepted;
        long trades;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            accepted++;
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                                      long makerRemaining, long takerRemaining) {
            trades++;
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long quantity, byte reason) {}

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean kept) {}

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {}

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {}

        @Override public void onMassCancelled(long seq, int account, int symbol, int count) {}

        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {}
    }

    /** A node record of type 16 + (seq % 16) carrying the sequence, written every 7 commands. */
    record NodeRecord(long seq, int type, long value) {}

    @Test
    void rebuildReachesTheLiveStateWithNodeRecordsAndExtension() {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 7, 3000, false, a);
            MemorySegment buf = a.allocate(16);
            List<NodeRecord> written = new ArrayList<>();
            long liveDigest;
            long lastSeq;
            try (JournaledEngine je = create(dir, DurabilityMode.BATCH, SnapshotPolicy.every(1000), w, EventSink.NONE)) {
                je.extension(seq -> new byte[] {(byte) seq, (byte) (seq >> 8), 42});
                for (int i = 0; i < w.count(); i++) {
                    assertTrue(je.submit(w.commands(), Workload.offset(i)) > 0);
                    if (i % 7 == 0) {
                        buf.set(ValueLayout.JAVA_LONG, 0, i * 31L);
                        int type = RecordTypes.FIRST_NODE + (i % 16);
                        long seq = je.appendRecord(type, buf, 0, 8);
                        assertTrue(seq > 0);
                        written.add(new NodeRecord(seq, type, i * 31L));
                    }
                }
                assertEquals(0, je.snapshotFailures());
                assertTrue(je.journal().snapshotsWritten() >= 3, "policy snapshots taken");
                liveDigest = je.engine().digest();
                lastSeq = je.lastSequence();
                assertEquals(w.count() + written.size(), lastSeq);
            }
            List<NodeRecord> seen = new ArrayList<>();
            EngineRecovery.Result r = EngineRecovery.rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, false, EventSink.NONE,
                    (seq, type, seg, off, len) -> seen.add(new NodeRecord(seq, type, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, off))));
            EngineRecovery.Rebuilt b = assertInstanceOf(EngineRecovery.Rebuilt.class, r);
            try (MatchingEngine e = b.engine()) {
                assertEquals(RecoveryReport.Kind.CLEAN, b.report().kind());
                assertEquals(liveDigest, e.digest());
                assertEquals(lastSeq, b.lastSequence());
                assertTrue(b.snapshotSequence() > 0);
                long s = b.snapshotSequence();
                assertArrayEquals(new byte[] {(byte) s, (byte) (s >> 8), 42}, b.extension());
                List<NodeRecord> expected = written.stream().filter(n -> n.seq() > s).toList();
                assertEquals(expected, seen);
                assertEquals(expected.size(), b.otherRecords());
                assertEquals(lastSeq - s - expected.size(), b.commandsReplayed());
            }
        }
    }

    @Test
    void recoverContinuesTheLogAndReplaysIntoTheCallersSink() {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 11, 2000, false, a);
            int half = w.count() / 2;
            Counting liveSink = new Counting();
            try (JournaledEngine je = create(dir, DurabilityMode.SYNC, SnapshotPolicy.MANUAL, w, liveSink)) {
                for (int i = 0; i < half; i++) je.submit(w.commands(), Workload.offset(i));
                assertEquals(half, je.durableSequence(), "sync mode: durable on return");
            }
            Counting replaySink = new Counting();
            long digest;
            try (JournaledEngine je = recover(dir, DurabilityMode.SYNC, SnapshotPolicy.MANUAL, replaySink, RecordHandler.NONE)) {
                assertEquals(liveSink.accepted, replaySink.accepted, "replay emits the same events into the caller's sink");
                assertEquals(liveSink.trades, replaySink.trades);
                assertEquals(half, je.lastSequence());
                for (int i = half; i < w.count(); i++) assertEquals(i + 1, je.submit(w.commands(), Workload.offset(i)));
                digest = je.engine().digest();
            }
            try (MatchingEngine fresh = new MatchingEngine(CONFIG, EventSink.NONE)) {
                for (SymbolSpec s : w.symbols()) fresh.addSymbol(s);
                for (int i = 0; i < w.count(); i++) fresh.apply(w.commands(), Workload.offset(i));
                assertEquals(fresh.digest(), digest);
            }
        }
    }

    @Test
    void aSnapshotNeverOutrunsTheDurableLog() {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 3, 500, false, a);
            try (JournaledEngine je = create(dir, DurabilityMode.NONE, SnapshotPolicy.MANUAL, w, EventSink.NONE)) {
                for (int i = 0; i < 300; i++) je.submit(w.commands(), Workload.offset(i));
                assertEquals(0, je.durableSequence(), "none mode syncs only when asked");
                Journal.Snapshot s = je.snapshot();
                Journal.Snapshot.Written done = assertInstanceOf(Journal.Snapshot.Written.class, s);
                assertEquals(300, done.sequence());
                assertTrue(je.durableSequence() >= 300, "the log was synced through the snapshot first");
                Journal.Snapshot beyond = je.journal().snapshot(301, new byte[] {1});
                assertInstanceOf(Journal.Snapshot.Failed.class, beyond);
            }
        }
    }

    @Test
    void typesOutsideTheNodesRangeAreRefused() {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 3, 10, false, a);
            try (JournaledEngine je = create(dir, DurabilityMode.NONE, SnapshotPolicy.MANUAL, w, EventSink.NONE)) {
                MemorySegment b = a.allocate(8);
                assertEquals(WalWriter.BAD_TYPE, je.appendRecord(RecordTypes.COMMAND, b, 0, 8));
                assertEquals(WalWriter.BAD_TYPE, je.appendRecord(15, b, 0, 8));
                assertEquals(WalWriter.BAD_TYPE, je.appendRecord(32, b, 0, 8));
                assertEquals(1, je.appendRecord(16, b, 0, 8));
                assertEquals(2, je.appendRecord(31, b, 0, 8));
            }
            assertInstanceOf(JournaledEngine.Open.Failed.class,
                    JournaledEngine.create(wal(dir, DurabilityMode.NONE), SnapshotPolicy.MANUAL, CONFIG, w.symbols(), EventSink.NONE),
                    "create refuses a directory that already holds a journal");
        }
    }

    @Test
    void aCorruptLogIsRefusedNotContinued() throws Exception {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 5, 400, false, a);
            try (JournaledEngine je = create(dir, DurabilityMode.NONE, SnapshotPolicy.MANUAL, w, EventSink.NONE)) {
                for (int i = 0; i < w.count(); i++) je.submit(w.commands(), Workload.offset(i));
            }
            // Flip a byte of the tenth record: valid records follow it.
            try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(dir, 0).toFile(), "rw")) {
                long at = 64 + 10L * qsl.wal.RecordDescriptor.frameLength(qsl.book.CommandDescriptor.LENGTH) + 30;
                f.seek(at);
                int v = f.read();
                f.seek(at);
                f.write(v ^ 1);
            }
            JournaledEngine.Open o = JournaledEngine.recover(wal(dir, DurabilityMode.NONE), SnapshotPolicy.MANUAL,
                    RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, EventSink.NONE, RecordHandler.NONE);
            JournaledEngine.Open.Failed f = assertInstanceOf(JournaledEngine.Open.Failed.class, o);
            assertTrue(f.reason().contains("corrupt"), f.reason());
        }
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOne() throws Exception {
        Path dir = tmp.resolve("j");
        try (Arena a = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 9, 1500, false, a);
            long digest;
            try (JournaledEngine je = create(dir, DurabilityMode.BATCH, SnapshotPolicy.every(400), w, EventSink.NONE)) {
                for (int i = 0; i < w.count(); i++) je.submit(w.commands(), Workload.offset(i));
                digest = je.engine().digest();
            }
            Path newest = SnapshotStore.list(dir).get(0);
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                f.seek(f.length() - 1);
                int v = f.read();
                f.seek(f.length() - 1);
                f.write(v ^ 0x80);
            }
            EngineRecovery.Rebuilt b = assertInstanceOf(EngineRecovery.Rebuilt.class,
                    EngineRecovery.rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, false, EventSink.NONE, RecordHandler.NONE));
            try (MatchingEngine e = b.engine()) {
                assertEquals(1, b.rejectedSnapshots().size(), b.rejectedSnapshots().toString());
                assertEquals(digest, e.digest());
            }
        }
    }
}
