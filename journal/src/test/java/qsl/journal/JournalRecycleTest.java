package qsl.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.wal.DurabilityMode;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SegmentFiles;
import qsl.wal.WalConfig;
import qsl.wal.WalRecovery;

/**
 * A journal's prunes recycle covered segments in none mode at the default configuration (the
 * writer's preparer reuses them), and delete them in batch mode; either way the log after the
 * newest snapshot reads back whole.
 */
class JournalRecycleTest {
    @TempDir
    Path tmp;

    @Test
    void noneModePrunesRecycleAndBatchModePrunesDelete() {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.NONE, DurabilityMode.BATCH}) {
            Path dir = tmp.resolve(mode.label());
            WalConfig c = WalConfig.of(dir, mode).withSegmentLength(64 << 10);
            long last = 0;
            try (Arena a = Arena.ofConfined();
                    Journal j = assertInstanceOf(Journal.Open.Ready.class, Journal.open(c, new SnapshotPolicy(0, 2), 0, 0)).journal()) {
                assertEquals(mode == DurabilityMode.NONE, j.writer().recyclesSegments());
                MemorySegment buf = a.allocate(200);
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < 600; i++) last = j.append(1, buf, 0, 200);
                    Journal.Snapshot s = j.snapshot(last, new byte[] {1});
                    int pruned = assertInstanceOf(Journal.Snapshot.Written.class, s).segmentsPruned();
                    if (round > 0) assertTrue(pruned > 0, mode + " round " + round);
                }
                for (int i = 0; i < 100; i++) last = j.append(1, buf, 0, 200);
                j.sync();
                if (mode == DurabilityMode.NONE) {
                    assertTrue(j.writer().segmentsRecycled() > 0, "none mode reuses pruned segments");
                } else {
                    assertEquals(0, j.writer().segmentsRecycled());
                }
            }
            RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, last - 99, RecordHandler.NONE, false);
            assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
            assertEquals(100, r.recordsDelivered());
            try {
                assertFalse(SegmentFiles.listPrepared(dir).size() > 0, "nothing left beside the log after close");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
