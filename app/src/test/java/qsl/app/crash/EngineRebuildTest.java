package qsl.app.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.book.workload.Workload;
import qsl.book.workload.WorkloadGenerator;
import qsl.wal.DurabilityMode;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SnapshotStore;
import qsl.wal.WalWriter;

/** Snapshot + replay rebuilds the live engine's exact state; a bad snapshot falls back to the previous one. */
class EngineRebuildTest {
    @TempDir
    Path tmp;

    /** Runs a live engine journaling {@code n} commands with snapshots every {@code every}; returns digests per sequence. */
    private static List<Long> live(Path dir, Workload w, int n, long every) {
        List<Long> digests = new ArrayList<>();
        try (MatchingEngine e = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
            for (SymbolSpec s : w.symbols()) e.addSymbol(s);
            digests.add(e.digest());
            SnapshotStore.write(dir, 0, EngineSnapshotCodec.encode(e, EngineLog.HARNESS_ENGINE, w.symbols(), 0));
            WalWriter log = ((WalWriter.Open.Ready) WalWriter.open(EngineLog.harnessConfig(dir, DurabilityMode.NONE), 1)).writer();
            for (int i = 0; i < n; i++) {
                long seq = log.append(EngineLog.COMMAND, w.commands(), Workload.offset(i), qsl.book.CommandDescriptor.LENGTH);
                e.apply(w.commands(), Workload.offset(i));
                digests.add(e.digest());
                if (every > 0 && seq % every == 0) {
                    log.sync();
                    SnapshotStore.write(dir, seq, EngineSnapshotCodec.encode(e, EngineLog.HARNESS_ENGINE, w.symbols(), seq));
                }
            }
            log.close();
        }
        return digests;
    }

    @Test
    void replayEqualsTheLiveDigestWithAndWithoutSnapshots() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, 5, 30_000, false, arena);
            int n = 25_000;
            List<Long> digests = live(tmp.resolve("a"), w, n, 7_000);
            EngineRebuild.Rebuilt b = assertInstanceOf(EngineRebuild.Rebuilt.class,
                    EngineRebuild.rebuild(tmp.resolve("a"), RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true));
            try (MatchingEngine e = b.engine()) {
                assertEquals(21_000, b.snapshotSequence());
                assertEquals(n - 21_000, b.recordsReplayed());
                assertEquals(n, b.lastSequence());
                assertEquals(digests.get(n), e.digest());
            }
            // The newest snapshot damaged: the previous one plus a longer replay gives the same state.
            Path newest = SnapshotStore.path(tmp.resolve("a"), 21_000);
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                f.seek(f.length() / 2);
                int v = f.read();
                f.seek(f.length() / 2);
                f.write(v ^ 0x10);
            }
            EngineRebuild.Rebuilt fb = assertInstanceOf(EngineRebuild.Rebuilt.class,
                    EngineRebuild.rebuild(tmp.resolve("a"), RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true));
            try (MatchingEngine e = fb.engine()) {
                assertEquals(14_000, fb.snapshotSequence());
                assertEquals(1, fb.rejectedSnapshots().size(), fb.rejectedSnapshots().toString());
                assertTrue(fb.rejectedSnapshots().get(0).contains("checksum"), fb.rejectedSnapshots().toString());
                assertEquals(n - 14_000, fb.recordsReplayed());
                assertEquals(digests.get(n), e.digest());
            }
        }
    }

    @Test
    void aTornTailIsRepairedAndTheStateIsThePrefixs() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, 9, 5_000, false, arena);
            Path d = tmp.resolve("t");
            List<Long> digests = live(d, w, 3_000, 0);
            Path seg = d.resolve("wal-00000000000000000000.log");
            // Record k (1-based) starts at 64 + (k-1)*stride (a 24-byte record header plus the command):
            // tear record 2,000 in half.
            long stride = qsl.wal.RecordDescriptor.HEADER_LENGTH + qsl.book.CommandDescriptor.LENGTH;
            long at = 64 + 1999L * stride + 20;
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.seek(at);
                f.write(new byte[(int) (3_000L * stride + 64 - at)]);
            }
            EngineRebuild.Rebuilt b = assertInstanceOf(EngineRebuild.Rebuilt.class,
                    EngineRebuild.rebuild(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true));
            try (MatchingEngine e = b.engine()) {
                assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, b.report().kind(), b.report().summary());
                assertEquals(1_999, b.lastSequence());
                assertEquals(digests.get(1_999), e.digest());
            }
            assertTrue(Files.size(seg) > 0);
        }
    }
}
