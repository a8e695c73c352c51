package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact bounds (the largest payload), and resources released by recovery and by an open that fails. */
class WalBoundaryTest {
    static final long SEGMENT = 64 << 10;

    @TempDir
    Path tmp;

    @Test
    void theLargestPayloadFitsAndOneByteMoreDoesNot() {
        WalConfig c = new WalConfig(tmp.resolve("max"), DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE);
        int max = c.maxPayload();
        try (Arena a = Arena.ofConfined(); WalWriter w = LogFixture.open(c)) {
            MemorySegment buf = a.allocate(max + 1);
            assertEquals(1, w.append(1, buf, 0, max), "exactly the largest payload");
            assertEquals(WalWriter.TOO_LARGE, w.append(1, buf, 0, max + 1));
            assertEquals(2, w.append(1, buf, 0, max), "and again, in a new segment");
            assertEquals(1, w.segmentIndex());
        }
    }

    @Test
    void recoveryLeavesNothingMapped() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return; // Linux only
        Path dir = tmp.resolve("recovered").toAbsolutePath();
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, 3000, 40);
            w.sync();
        }
        RecoveryReport r = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(3000, r.lastSequence());
        assertEquals(0, lines(maps, dir), "every segment recovery mapped is unmapped");
    }

    @Test
    void anOpenThatAsksForRecoveryKeepsNoDescriptorOrMapping() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isReadable(maps) || !Files.isDirectory(fds)) return; // Linux only
        Path dir = tmp.resolve("torn").toAbsolutePath();
        WalConfig c = new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE);
        long end;
        try (WalWriter w = LogFixture.open(c)) {
            LogFixture.append(w, 10, 40);
            w.sync();
            end = w.position();
        }
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(dir, 0).toFile(), "rw")) {
            f.seek(end + 100);
            f.write(0x5A); // junk after the last record: the writer must not append after it
        }
        long fdsBefore = count(fds);
        for (int i = 0; i < 5; i++) {
            WalWriter.Open o = WalWriter.open(c, 0);
            assertInstanceOf(WalWriter.Open.NeedsRecovery.class, o, () -> "open: " + o);
        }
        assertEquals(0, lines(maps, dir), "the segment the failed opens mapped is unmapped");
        assertTrue(count(fds) <= fdsBefore, "descriptors leaked: " + fdsBefore + " before, " + count(fds) + " after");
    }

    @Test
    void aLogEndingExactlyAtTheSnapshotIsNotLossAndOneShortIs() {
        Path dir = tmp.resolve("snapshot-edge");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, 100, 40);
            w.sync();
        }
        // A snapshot covering 1..100 resumes at 101: the log holds everything before it.
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 101, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(0, r.recordsDelivered());
        assertEquals(100, r.recordsVerified());
        // A snapshot covering 1..101: sequence 101 was synced before it and is gone.
        r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 102, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        assertTrue(r.losses().get(0).contains("sequences 101..101"), r.losses().toString());
        assertTrue(r.losses().get(0).contains("ends at sequence 100"), r.losses().toString());
    }

    @Test
    void closeSyncsPendingRecordsInBatchModeAndNothingInNoneMode() {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.BATCH, DurabilityMode.NONE}) {
            Path dir = tmp.resolve("close-" + mode.label());
            NoneModeRollTest.SyncLog log = new NoneModeRollTest.SyncLog();
            NativeFiles.hook(log);
            try {
                WalWriter w = LogFixture.open(new WalConfig(dir, mode, SEGMENT, 1000, Long.MAX_VALUE / 4));
                LogFixture.append(w, 2, 40);
                assertEquals(0, w.durableSequence(), mode + ": below every bound, nothing synced yet");
                log.calls.clear();
                w.close();
                if (mode == DurabilityMode.BATCH) {
                    assertEquals(java.util.List.of("datasync " + SegmentFiles.path(dir, 0).getFileName()), log.calls,
                            "batch: close syncs what is pending");
                } else {
                    assertEquals(java.util.List.of(), log.calls, "none: close promises nothing and syncs nothing");
                }
            } finally {
                NativeFiles.hook(null);
            }
        }
    }

    @Test
    void pollInNoneModeNeverSyncs() {
        try (WalWriter w = LogFixture.open(new WalConfig(tmp.resolve("poll-none"), DurabilityMode.NONE, SEGMENT, 1000, 1_000L))) {
            LogFixture.append(w, 3, 40);
            long syncs = w.syncCount();
            assertEquals(0, w.poll(Long.MAX_VALUE / 2), "none: poll is no sync, however late");
            assertEquals(0, w.durableSequence());
            assertEquals(syncs, w.syncCount());
        }
    }

    private static long lines(Path maps, Path dir) throws Exception {
        return Files.readAllLines(maps).stream().filter(l -> l.contains(dir.toString())).count();
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
