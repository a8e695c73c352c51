package qsl.journal;

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
import qsl.book.CommandDescriptor;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;
import qsl.wal.DurabilityMode;
import qsl.wal.RecordDescriptor;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SegmentDescriptor;
import qsl.wal.SegmentFiles;
import qsl.wal.SnapshotStore;
import qsl.wal.WalConfig;

/** Snapshot + replay rebuilds the live engine's exact state; a bad snapshot falls back; a torn tail is cut. */
class EngineRecoveryTest {
    @TempDir
    Path tmp;

    /** Journals {@code n} commands with snapshots every {@code every}; returns the live digest after each sequence (index 0: before any). */
    private static List<Long> live(Path dir, Workload w, int n, long every) {
        List<Long> digests = new ArrayList<>();
        WalConfig wal = new WalConfig(dir, DurabilityMode.NONE, 1L << 20, 64, Long.MAX_VALUE);
        SnapshotPolicy policy = every > 0 ? new SnapshotPolicy(every, 3) : SnapshotPolicy.MANUAL;
        JournaledEngine.Open o = JournaledEngine.create(wal, policy, JournaledEngineTest.CONFIG, w.symbols(), EventSink.NONE);
        try (JournaledEngine je = assertInstanceOf(JournaledEngine.Open.Ready.class, o).engine()) {
            digests.add(je.engine().digest());
            for (int i = 0; i < n; i++) {
                je.submit(w.commands(), Workload.offset(i));
                digests.add(je.engine().digest());
            }
        }
        return digests;
    }

    private static EngineRecovery.Rebuilt rebuild(Path dir) {
        return assertInstanceOf(EngineRecovery.Rebuilt.class,
                EngineRecovery.rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true, EventSink.NONE, RecordHandler.NONE));
    }

    @Test
    void replayEqualsTheLiveDigestAndADamagedSnapshotFallsBack() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 5, 30_000, false, arena);
            int n = 25_000;
            Path dir = tmp.resolve("a");
            List<Long> digests = live(dir, w, n, 7_000);
            EngineRecovery.Rebuilt b = rebuild(dir);
            try (MatchingEngine e = b.engine()) {
                assertEquals(21_000, b.snapshotSequence());
                assertEquals(n - 21_000, b.commandsReplayed());
                assertEquals(n, b.lastSequence());
                assertEquals(digests.get(n), e.digest());
            }
            Path newest = SnapshotStore.path(dir, 21_000);
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                f.seek(f.length() / 2);
                int v = f.read();
                f.seek(f.length() / 2);
                f.write(v ^ 0x10);
            }
            EngineRecovery.Rebuilt fb = rebuild(dir);
            try (MatchingEngine e = fb.engine()) {
                assertEquals(14_000, fb.snapshotSequence());
                assertEquals(1, fb.rejectedSnapshots().size(), fb.rejectedSnapshots().toString());
                assertTrue(fb.rejectedSnapshots().get(0).contains("checksum"), fb.rejectedSnapshots().toString());
                assertEquals(n - 14_000, fb.commandsReplayed());
                assertEquals(digests.get(n), e.digest());
            }
        }
    }

    @Test
    void aTornTailIsRepairedAndTheStateIsThePrefixs() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 9, 5_000, false, arena);
            Path d = tmp.resolve("t");
            List<Long> digests = live(d, w, 3_000, 0);
            Path seg = SegmentFiles.path(d, 0);
            int frame = RecordDescriptor.frameLength(CommandDescriptor.LENGTH);
            // Tear record 2,000 in half, zeros after it.
            long at = SegmentDescriptor.LENGTH + 1999L * frame + 20;
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                f.seek(at);
                f.write(new byte[(int) (3_000L * frame + SegmentDescriptor.LENGTH - at)]);
            }
            EngineRecovery.Rebuilt b = rebuild(d);
            try (MatchingEngine e = b.engine()) {
                assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, b.report().kind(), b.report().summary());
                assertEquals(1_999, b.lastSequence());
                assertEquals(digests.get(1_999), e.digest());
            }
            assertTrue(Files.size(seg) > 0);
        }
    }

    @Test
    void noSnapshotIsUnusable() throws Exception {
        Files.createDirectories(tmp.resolve("e"));
        EngineRecovery.Unusable u = assertInstanceOf(EngineRecovery.Unusable.class,
                EngineRecovery.rebuild(tmp.resolve("e"), RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, false, EventSink.NONE, RecordHandler.NONE));
        assertTrue(u.reason().contains("no snapshot"), u.reason());
    }
}
