package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reopening a log and the watermarks it restores, time-based batch syncs and {@code poll}, none
 * mode's deferred sync of the segments it rolled past, resource release in {@code close()}, and the
 * exact figures of a repair ({@code bytesTruncated}, every {@code Dropped} field).
 */
class WalLifecycleTest {
    static final int LEN = 40;
    static final int FRAME = RecordDescriptor.frameLength(LEN);

    @TempDir
    Path tmp;

    /** Counts open and close calls and which descriptors were synced. */
    static final class Counter implements NativeFiles.Hook {
        final Map<Integer, Integer> open = new HashMap<>();
        final List<Integer> synced = new ArrayList<>();
        int opens;
        int closes;

        @Override
        public int before(int call, int fd, Path path) {
            return NativeFiles.PROCEED;
        }

        @Override
        public void after(int call, int fd, Path path, Path to, long arg) {
            if (call == NativeFiles.CALL_OPEN) {
                opens++;
                open.merge(fd, 1, Integer::sum);
            } else if (call == NativeFiles.CALL_CLOSE) {
                closes++;
                open.computeIfPresent(fd, (k, v) -> v == 1 ? null : v - 1);
            } else if (call == NativeFiles.CALL_DATASYNC) {
                synced.add(fd);
            }
        }
    }

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    static WalConfig cfg(Path dir, DurabilityMode mode) {
        return new WalConfig(dir, mode, 64 << 10, 4, Long.MAX_VALUE / 4);
    }

    @Test
    void reopeningRestoresTheWatermarksAndContinues() {
        Path d = tmp.resolve("re");
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.BATCH))) {
            LogFixture.append(w, 1500, LEN); // two segments
            assertTrue(w.segmentIndex() >= 1);
        }
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.BATCH))) {
            assertEquals(1500, w.lastSequence());
            assertEquals(1500, w.durableSequence(), "reopened: what is in the file was synced at open");
            assertEquals(1501, w.nextSequence());
            assertEquals(1, w.segmentIndex());
            long pos = w.position();
            assertEquals(SegmentDescriptor.LENGTH + (1500L - (((64 << 10) - SegmentDescriptor.LENGTH) / FRAME)) * FRAME, pos);
            LogFixture.append(w, 3, LEN);
            assertEquals(pos + 3L * FRAME, w.position());
            assertEquals(DurabilityMode.BATCH, w.mode());
            assertNull(w.lastError());
            assertNull(w.failure());
            assertFalse(w.isReadOnly());
        }
        LogFixture.Collector c = new LogFixture.Collector(LEN);
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(1503, c.sequences.size());
        assertEquals(0, c.badPayloads);
        assertEquals(1, r.firstSequence());
        assertEquals(1503, r.recordsVerified());
    }

    @Test
    void reopeningALogWithATornTailAsksForRecovery() throws Exception {
        Path d = tmp.resolve("torn");
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.NONE))) {
            LogFixture.append(w, 10, LEN);
        }
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.seek(SegmentDescriptor.LENGTH + 9L * FRAME + 30);
            f.write(0x5A);
        }
        WalWriter.Open.NeedsRecovery n = assertInstanceOf(WalWriter.Open.NeedsRecovery.class, WalWriter.open(cfg(d, DurabilityMode.NONE), 0));
        assertEquals(0, n.segment());
        assertEquals(SegmentDescriptor.LENGTH + 9L * FRAME, n.offset());
        // Junk after the last record too.
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, r.kind());
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.seek(SegmentDescriptor.LENGTH + 9L * FRAME + 100);
            f.write(1);
        }
        assertInstanceOf(WalWriter.Open.NeedsRecovery.class, WalWriter.open(cfg(d, DurabilityMode.NONE), 0));
        // A cut-short last segment, and a header that does not check out.
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.setLength(10);
        }
        assertInstanceOf(WalWriter.Open.NeedsRecovery.class, WalWriter.open(cfg(d, DurabilityMode.NONE), 0));
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.setLength(64 << 10);
            f.seek(0);
            f.write(new byte[64]);
        }
        assertInstanceOf(WalWriter.Open.NeedsRecovery.class, WalWriter.open(cfg(d, DurabilityMode.NONE), 0));
    }

    @Test
    void batchSyncsOnTimeThroughPoll() {
        WalConfig c = new WalConfig(tmp.resolve("poll"), DurabilityMode.BATCH, 64 << 10, 1000, 5_000_000L);
        try (Arena a = Arena.ofConfined(); WalWriter w = LogFixture.open(c)) {
            MemorySegment b = a.allocate(8);
            assertEquals(0, w.poll(System.nanoTime()), "nothing pending: the watermark");
            long t = System.nanoTime();
            w.append(1, b, 0, 8);
            w.append(1, b, 0, 8);
            long syncs = w.syncCount();
            assertEquals(0, w.poll(t), "before the bound: no sync");
            assertEquals(syncs, w.syncCount());
            assertEquals(2, w.poll(t + 60_000_000_000L), "after the bound: one sync covering both");
            assertEquals(syncs + 1, w.syncCount());
            assertEquals(2, w.durableSequence());
            assertEquals(2, w.poll(t + 120_000_000_000L), "nothing pending any more: no sync");
            assertEquals(syncs + 1, w.syncCount());
            assertEquals(2, w.sync(), "a sync with nothing new makes no call");
            assertEquals(syncs + 1, w.syncCount());
        }
    }

    @Test
    void noneModeSyncsTheSegmentsItRolledPastBeforeClaimingThem() {
        Counter k = new Counter();
        NativeFiles.hook(k);
        Path d = tmp.resolve("none");
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.NONE))) {
            k.synced.clear();
            LogFixture.append(w, 3500, LEN); // three rolls
            assertEquals(3, w.segmentIndex());
            assertEquals(0, w.durableSequence(), "none: nothing claimed durable");
            int syncsDuringAppends = k.synced.size();
            assertEquals(3500, w.sync());
            // Each segment synced by that sync: the three left behind and the current one.
            assertTrue(k.synced.size() - syncsDuringAppends >= 4, k.synced.toString());
            assertEquals(3500, w.durableSequence());
        }
        assertEquals(k.opens, k.closes, "every descriptor closed: " + k.open);
        assertTrue(k.open.isEmpty(), k.open.toString());
    }

    @Test
    void closeReleasesEverythingAndLaterCallsAreClosed() {
        Counter k = new Counter();
        NativeFiles.hook(k);
        WalWriter w = LogFixture.open(cfg(tmp.resolve("close"), DurabilityMode.SYNC));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(8);
            w.append(1, b, 0, 8);
            w.close();
            w.close(); // twice is fine
            assertEquals(WalWriter.CLOSED, w.append(1, b, 0, 8));
            assertEquals(WalWriter.CLOSED, w.sync());
            assertEquals(WalWriter.CLOSED, w.poll(Long.MAX_VALUE));
            assertEquals(1, w.durableSequence());
        }
        assertEquals(k.opens, k.closes);
        // The log reads back.
        assertEquals(RecoveryReport.Kind.CLEAN, WalRecovery.verify(tmp.resolve("close"), RecoveryMode.ABSOLUTE_CONSISTENCY).kind());
    }

    @Test
    void aRepairReportsExactlyWhatItCut() throws Exception {
        Path d = tmp.resolve("cut");
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.NONE))) {
            LogFixture.append(w, 20, LEN);
        }
        // Tear the last record (20).
        long at = SegmentDescriptor.LENGTH + 19L * FRAME;
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.seek(at + 5);
            f.write(0x77);
        }
        RecoveryReport dry = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.TORN_TAIL, dry.kind());
        assertEquals(0, dry.bytesTruncated(), "read-only: nothing truncated");
        assertFalse(dry.repaired());
        RecoveryReport r = WalRecovery.recover(d, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, r.kind());
        assertTrue(r.repaired());
        assertEquals(FRAME, r.bytesTruncated());
        assertEquals(19, r.lastSequence());
        assertEquals(0, r.segment());
        assertEquals(at, r.offset());
        RecoveryReport.Dropped x = r.dropped().get(0);
        assertEquals(0, x.segment());
        assertEquals(at, x.offset());
        assertEquals(FRAME, x.length());
        assertEquals(0, x.records());
        assertEquals(-1, x.firstSequence());
        assertEquals(-1, x.lastSequence());
        assertTrue(x.reason().startsWith("torn tail"), x.reason());
        assertTrue(r.summary().contains(FRAME + " bytes truncated"), r.summary());
        assertEquals(64 << 10, Files.size(SegmentFiles.path(d, 0)), "re-extended to its preallocated length");
        // Point-in-time over a middle hole: counts and sequences of what it dropped.
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.NONE))) {
            LogFixture.append(w, 10, LEN); // 20..29
        }
        long hole = SegmentDescriptor.LENGTH + 16L * FRAME; // record 17
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.seek(hole + 30);
            f.write(0x01);
        }
        RecoveryReport p = WalRecovery.recover(d, RecoveryMode.POINT_IN_TIME_RECOVERY, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.SALVAGED, p.kind(), p.summary());
        assertEquals(16, p.lastSequence());
        assertEquals(12, p.recordsDropped(), "18..29 were valid and dropped");
        RecoveryReport.Dropped y = p.dropped().get(0);
        assertEquals(12, y.records());
        assertEquals(17, y.firstSequence());
        assertEquals(29, y.lastSequence());
        assertEquals(13L * FRAME, y.length());
        assertEquals(13L * FRAME, p.bytesTruncated());
        // Skip-any over a hole: the span and the one lost sequence.
        try (WalWriter w = LogFixture.open(cfg(d, DurabilityMode.NONE))) {
            LogFixture.append(w, 5, LEN); // 17..21
        }
        long hole2 = SegmentDescriptor.LENGTH + 17L * FRAME; // record 18
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(d, 0).toFile(), "rw")) {
            f.seek(hole2 + 30);
            f.write(0x01);
        }
        LogFixture.Collector c = new LogFixture.Collector(LEN);
        RecoveryReport s = WalRecovery.recover(d, RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, 1, c, false);
        assertEquals(RecoveryReport.Kind.SALVAGED, s.kind(), s.summary());
        assertEquals(1, s.recordsDropped());
        RecoveryReport.Dropped z = s.dropped().get(0);
        assertEquals(18, z.firstSequence());
        assertEquals(18, z.lastSequence());
        assertEquals(FRAME, z.length());
        assertEquals(20, c.sequences.size());
        assertEquals(21, s.lastSequence());
    }
}
