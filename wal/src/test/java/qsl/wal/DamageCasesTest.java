package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of the damage-case table in docs/durability.md that are about what recovery does with
 * readable records it does not need, and with loss that shows no damage.
 */
class DamageCasesTest {
    static final int LEN = 40;
    static final int FRAME = RecordDescriptor.frameLength(LEN);

    @TempDir
    Path tmp;

    /** A log of {@code n} fixed-size records in 64 KiB segments; returns the directory. */
    Path log(String name, int n) {
        Path dir = tmp.resolve(name);
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, 64 << 10, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, n, LEN);
            w.sync(); // none mode makes its rolls durable (files, directory, manifest) at a sync
        }
        return dir;
    }

    static int perSegment() {
        return (int) (((64 << 10) - SegmentDescriptor.LENGTH) / FRAME);
    }

    static void flip(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 1);
        }
    }

    static byte[] bytes(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        for (long i : SegmentFiles.list(dir)) all.append(java.util.HexFormat.of().formatHex(Files.readAllBytes(SegmentFiles.path(dir, i))));
        return all.toString().getBytes();
    }

    @Test
    void damageInsideWhatTheSnapshotCoversIsReportedAndReplayContinuesAfterIt() throws Exception {
        Path dir = log("covered", 3000);
        // Record 500 (in segment 0) damaged; the caller's snapshot covers 1..2800.
        flip(LogFixture.seg(dir, 0), SegmentDescriptor.LENGTH + 499L * FRAME + 30);
        byte[] before = bytes(dir);
        for (RecoveryMode mode : RecoveryMode.values()) {
            LogFixture.Collector c = new LogFixture.Collector(LEN);
            RecoveryReport r = WalRecovery.recover(dir, mode, 2801, c, true);
            assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), mode + ": " + r.summary());
            assertEquals(200, c.sequences.size(), mode + ": records 2801..3000 replayed");
            assertEquals(2801L, c.sequences.get(0));
            assertEquals(3000, r.lastSequence());
            assertEquals(1, r.covered().size(), r.summary());
            assertEquals(500, r.covered().get(0).firstSequence());
            assertEquals(500, r.covered().get(0).lastSequence());
            assertTrue(r.summary().contains("stepped over"), r.summary());
            assertArrayEquals(before, bytes(dir), mode + ": nothing changed on disk");
        }
        // Without the snapshot the same damage is corruption, as before.
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind());
    }

    @Test
    void aMissingLastSegmentIsLossNotACleanShorterLog() throws Exception {
        int n = perSegment() * 3 + 10;
        Path dir = log("lastgone", n);
        long[] idx = SegmentFiles.list(dir);
        assertEquals(4, idx.length);
        Files.delete(SegmentFiles.path(dir, idx[3]));
        byte[] before = bytes(dir);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        assertFalse(r.usable());
        assertTrue(r.losses().get(0).contains("segment 3"), r.losses().toString());
        assertArrayEquals(before, bytes(dir), "nothing changed");
        // Also the two last segments.
        Files.delete(SegmentFiles.path(dir, idx[2]));
        r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        assertTrue(r.losses().get(0).contains("segments 2..3"), r.losses().toString());
    }

    @Test
    void allSegmentsGoneIsLoss() throws Exception {
        Path dir = log("allgone", 100);
        for (long i : SegmentFiles.list(dir)) Files.delete(SegmentFiles.path(dir, i));
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        // Without a manifest either, a snapshot past sequence 0 still shows it.
        Files.delete(Manifests.path(dir));
        r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 51, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        assertTrue(r.losses().get(0).contains("sequences 1..50"), r.losses().toString());
    }

    @Test
    void aLogEndingBeforeTheSnapshotsSequenceIsLossAndNothingIsCut() throws Exception {
        Path dir = log("short", 300);
        // Zeros from record 201 on: a clean-looking shorter log.
        try (RandomAccessFile f = new RandomAccessFile(LogFixture.seg(dir, 0).toFile(), "rw")) {
            f.seek(SegmentDescriptor.LENGTH + 200L * FRAME);
            f.write(new byte[100 * FRAME]);
        }
        RecoveryReport fine = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 150, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.CLEAN, fine.kind(), "a snapshot at 149 needs nothing past 200: " + fine.summary());
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 251, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
        assertEquals(200, r.lastSequence());
        assertTrue(r.losses().get(0).contains("sequences 201..250"), r.losses().toString());
    }

    @Test
    void zerosInASealedSegmentAreDetected() throws Exception {
        int per = perSegment();
        Path dir = log("sealed", per * 2 + 5);
        // Zeros from a record boundary to the end of segment 0: the manifest and segment 1's header both know better.
        try (RandomAccessFile f = new RandomAccessFile(LogFixture.seg(dir, 0).toFile(), "rw")) {
            long at = SegmentDescriptor.LENGTH + (per - 10L) * FRAME;
            f.seek(at);
            f.write(new byte[(int) ((64 << 10) - at)]);
        }
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertFalse(r.usable(), r.summary());
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
        // And if the later segments went too, the manifest still shows it.
        Files.delete(SegmentFiles.path(dir, 1));
        Files.delete(SegmentFiles.path(dir, 2));
        r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind(), r.summary());
    }

    @Test
    void pointInTimeSalvageRewritesTheManifestBeforeDeletingSegments() throws Exception {
        int per = perSegment();
        Path dir = log("pit", per * 3 + 5);
        // Damage in segment 1 with valid records after it.
        flip(LogFixture.seg(dir, 1), SegmentDescriptor.LENGTH + 3L * FRAME + 30);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.POINT_IN_TIME_RECOVERY, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
        assertEquals(List.of(0L, 1L), java.util.Arrays.stream(SegmentFiles.list(dir)).boxed().toList());
        assertEquals(1, Manifests.read(dir).lastSegment());
        RecoveryReport again = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
        assertEquals(RecoveryReport.Kind.CLEAN, again.kind(), again.summary());
        assertEquals(per + 3, again.lastSequence());
    }

    @Test
    void theDamagePolicyIsOneTablePerMode() {
        for (RecoveryMode m : RecoveryMode.values()) {
            assertEquals(DamagePolicy.Action.STEP_OVER_COVERED, DamagePolicy.decide(m, true, true));
            assertEquals(m == RecoveryMode.ABSOLUTE_CONSISTENCY ? DamagePolicy.Action.REFUSE_TAIL : DamagePolicy.Action.CUT_TAIL,
                    DamagePolicy.decide(m, false, false));
        }
        assertEquals(DamagePolicy.Action.STOP_CORRUPT, DamagePolicy.decide(RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true, false));
        assertEquals(DamagePolicy.Action.STOP_CORRUPT, DamagePolicy.decide(RecoveryMode.ABSOLUTE_CONSISTENCY, true, false));
        assertEquals(DamagePolicy.Action.CUT_AND_DROP_REST, DamagePolicy.decide(RecoveryMode.POINT_IN_TIME_RECOVERY, true, false));
        assertEquals(DamagePolicy.Action.SKIP_SPAN, DamagePolicy.decide(RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, true, false));
    }

    @Test
    void damageJustBeforeTheSnapshotsFirstNeededRecordIsCoveredWithItsExactSpan() throws Exception {
        Path dir = log("covered-edge", 300);
        long at = SegmentDescriptor.LENGTH + 99L * FRAME; // record 100
        flip(LogFixture.seg(dir, 0), at + 30);
        // The snapshot covers 1..100: record 101, the first needed, directly follows the damage.
        LogFixture.Collector c = new LogFixture.Collector(LEN);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 101, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(200, c.sequences.size());
        assertEquals(101L, c.sequences.get(0));
        assertEquals(1, r.covered().size(), r.summary());
        RecoveryReport.Dropped d = r.covered().get(0);
        assertEquals(0, d.segment());
        assertEquals(at, d.offset());
        assertEquals(FRAME, d.length(), "the damaged frame, up to the next valid record");
        assertEquals(0, d.records());
        assertEquals(100, d.firstSequence());
        assertEquals(100, d.lastSequence());
        // One record later the damage is no longer covered: record 100 is needed.
        r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 100, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
        assertEquals(List.of(), r.covered());
    }

    @Test
    void missingMiddleSegmentsAreNamedOneOrMany() throws Exception {
        int n = perSegment() * 4 + 10;
        Path dir = log("middle", n);
        Files.delete(SegmentFiles.path(dir, 2));
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
        assertEquals(2, r.segment(), r.summary());
        assertTrue(r.detail().startsWith("segment 2 missing"), r.detail());
        Files.delete(SegmentFiles.path(dir, 3));
        r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), r.summary());
        assertTrue(r.detail().startsWith("segments 2..3 missing"), r.detail());
    }

    @Test
    void junkInTheLastPartialWordOfAnUnalignedFileIsFoundAndMeasuredToTheByte() throws Exception {
        Path dir = log("unaligned", 10);
        Path seg = LogFixture.seg(dir, 0);
        long end = SegmentDescriptor.LENGTH + 10L * FRAME;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(end + 13); // cut to a size that is not a multiple of 8
            f.seek(end + 12);
            f.write(0x7F); // in the last, partial word
        }
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, false);
        assertEquals(RecoveryReport.Kind.TORN_TAIL, r.kind(), r.summary());
        assertEquals(10, r.lastSequence());
        assertEquals(end, r.offset(), r.summary());
        assertTrue(r.detail().contains("non-zero bytes at offset " + (end + 12)), r.detail());
        assertEquals(13, r.dropped().get(0).length(), "the cut would remove 13 bytes: up to the junk byte");
    }

    @Test
    void theManifestSurvivesATornSlot() throws Exception {
        Path dir = tmp.resolve("manifest");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, 64 << 10, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, perSegment() + 1, LEN); // rolled to segment 1
            w.sync(); // the manifest names segment 1
            LogFixture.append(w, perSegment(), LEN); // rolled to segment 2
            w.sync(); // the manifest names segment 2
        }
        ManifestDescriptor.Manifest m = Manifests.read(dir);
        assertEquals(2, m.lastSegment());
        // Tear the newer slot: the older one (segment 1) is read.
        long newer = (m.generation() % 2) * ManifestDescriptor.SLOT_STRIDE;
        flip(Manifests.path(dir), newer + 20);
        ManifestDescriptor.Manifest old = Manifests.read(dir);
        assertEquals(m.generation() - 1, old.generation());
        assertEquals(1, old.lastSegment());
        Files.write(Manifests.path(dir), new byte[10]);
        assertEquals(null, Manifests.read(dir));
    }
}
