package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.offheap.ffi.Errno;

/**
 * What recovery reports, exactly: the loss messages, the damage detail, the spans of skipped and
 * covered damage, which damage is named first, followers at the edges of the search, and a repair's
 * failing calls each answered as {@code IO_ERROR} naming the call.
 */
class RecoveryReportTest {
    static final int LEN = 40;
    static final int FRAME = RecordDescriptor.frameLength(LEN);

    @TempDir
    Path tmp;

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    /** {@code n} 40-byte records in 64 KiB segments, sync mode (each roll writes the manifest). */
    Path log(String name, int n) {
        Path dir = tmp.resolve(name);
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0))) {
            LogFixture.append(w, n, LEN);
        }
        return dir;
    }

    static int perSegment() {
        return (int) (((64 << 10) - SegmentDescriptor.LENGTH) / FRAME);
    }

    static long frame(int recordInSegment) {
        return SegmentDescriptor.LENGTH + (long) recordInSegment * FRAME;
    }

    static RecoveryReport recover(Path dir, RecoveryMode mode, long from, boolean repair) {
        return WalRecovery.recover(dir, mode, from, new LogFixture.Collector(LEN), repair);
    }

    @Test
    void theLossMessagesNameWhatIsGone() throws Exception {
        int per = perSegment();
        Path dir = log("loss", 3 * per + 10); // segments 0..3
        RecoveryReport r = recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 3L * per + 10 + 51, false);
        assertEquals(RecoveryReport.Kind.LOSS, r.kind());
        long last = 3L * per + 10;
        assertEquals(List.of("the log ends at sequence " + last + ", before sequence " + (last + 50)
                + " that the snapshot covers (the log was synced through it before the snapshot was written): sequences "
                + (last + 1) + ".." + (last + 50) + " are gone"), r.losses());

        Files.delete(SegmentFiles.path(dir, 3));
        r = recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, false);
        assertEquals(List.of("segment 3 named by the manifest is missing"), r.losses(), "the log reaches the manifest's first sequence - 1");

        // Zero the last record of segment 2 (a clean end one record early): the manifest says it was synced.
        long f3 = 3L * per + 1;
        try (RandomAccessFile f = new RandomAccessFile(SegmentFiles.path(dir, 2).toFile(), "rw")) {
            f.seek(frame(per - 1));
            f.write(new byte[FRAME]);
        }
        r = recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, false);
        assertEquals(List.of("segment 3 named by the manifest is missing",
                "the log ends at sequence " + (f3 - 2) + ", but the manifest says sequences up to " + (f3 - 1)
                        + " were synced before segment 3 was created: sequences " + (f3 - 1) + ".." + (f3 - 1) + " are gone"), r.losses());

        Files.delete(SegmentFiles.path(dir, 2));
        r = recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, false);
        assertEquals("segments 2..3 named by the manifest are missing", r.losses().get(0));
    }

    @Test
    void aLogThatStartsAfterTheFirstSequenceNeededNamesTheGap() {
        Path dir = tmp.resolve("late");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0))) {
            // open(config, 0) on an empty directory starts at 1; reopen with a hint to start later
        }
        try (WalWriter w = ((WalWriter.Open.Ready) WalWriter.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0), 500)).writer()) {
            LogFixture.append(w, 5, LEN);
        }
        RecoveryReport r = recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, false);
        assertFalse(r.usable() && r.kind() == RecoveryReport.Kind.CLEAN, r.summary());
        assertTrue(r.detail().startsWith("sequences 1..499 missing before segment 0"), r.detail());
        RecoveryReport from = recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 500, false);
        assertEquals(RecoveryReport.Kind.CLEAN, from.kind(), from.summary());
        assertEquals(5, from.recordsDelivered());
    }

    @Test
    void aRecordWithAGoodChecksumAndTheWrongSequenceIsNamed() throws Exception {
        Path dir = log("seq", 10);
        try (Arena a = Arena.ofConfined();
             FileChannel ch = FileChannel.open(SegmentFiles.path(dir, 0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), a);
            long at = frame(4);
            m.set(SegmentDescriptor.I64, at + RecordDescriptor.SEQUENCE_OFFSET, 99L);
            m.set(SegmentDescriptor.I32, at + RecordDescriptor.CRC_OFFSET, RecordDescriptor.computeCrc(new Crc(m), at, LEN));
        }
        RecoveryReport r = recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, false);
        assertTrue(r.detail().startsWith("record sequence 99, expected 5"), r.detail());
        assertEquals(frame(4), r.offset());
    }

    @Test
    void aDamagedSegmentHeaderLosesNoSequenceWhenItsRecordsAreIntact() throws Exception {
        int per = perSegment();
        Path dir = log("header", 2 * per + 5);
        DamageCasesTest.flip(SegmentFiles.path(dir, 1), 44); // the header's reserved bytes: its checksum fails
        RecoveryReport r = recover(dir, RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, 1, false);
        assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
        assertEquals(2L * per + 5, r.recordsDelivered(), "every record: the follower is the segment's first");
        assertEquals(0, r.recordsDropped());
        RecoveryReport.Dropped d = r.dropped().get(0);
        assertEquals(List.of(1L, 0L, -1L, 0L, -1L, -1L), List.of(d.segment(), d.offset(), d.length(), d.records(), d.firstSequence(), d.lastSequence()));

        RecoveryReport covered = recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, per + 1, false);
        assertEquals(RecoveryReport.Kind.CLEAN, covered.kind(), covered.summary());
        RecoveryReport.Dropped c = covered.covered().get(0);
        assertEquals(List.of(1L, 0L, -1L, 0L, -1L, -1L), List.of(c.segment(), c.offset(), c.length(), c.records(), c.firstSequence(), c.lastSequence()));
        assertEquals(per + 5, covered.recordsDelivered());
    }

    @Test
    void followersAtTheEdges() throws Exception {
        // Record 40 has a one-byte payload (LogFixture.lengthOf): damage record 39 and 40 must follow.
        Path dir = tmp.resolve("edges");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0))) {
            LogFixture.append(w, 3000, 0);
        }
        assertEquals(1, LogFixture.lengthOf(40));
        long at39 = SegmentDescriptor.LENGTH;
        for (long s = 1; s < 39; s++) at39 += RecordDescriptor.frameLength(LogFixture.lengthOf(s));
        DamageCasesTest.flip(SegmentFiles.path(dir, 0), at39 + 9);
        // And the last record of segment 0: its followers start at segment 1's first record.
        long[] frames = PipelinedRecoveryTest.frameOffsets(dir, 0);
        DamageCasesTest.flip(SegmentFiles.path(dir, 0), frames[frames.length - 1] + 9);
        LogFixture.Collector c = new LogFixture.Collector();
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, 1, c, false);
        assertEquals(2998, r.recordsDelivered(), r.summary());
        assertTrue(c.sequences.contains(40L) && !c.sequences.contains(39L));
        assertTrue(c.sequences.contains((long) frames.length + 1), "segment 1's first record");
        assertEquals(0, r.segment(), "the first damage is the one named");
        assertEquals(at39, r.offset());
        assertEquals(2, r.recordsDropped());
    }

    /** 3 segments; point-in-time recovery of damage in segment 1 cuts there and deletes segment 2. */
    Path cutLog(String name) throws Exception {
        int per = perSegment();
        Path dir = log(name, 2 * per + 5);
        DamageCasesTest.flip(SegmentFiles.path(dir, 1), frame(10) + 30);
        return dir;
    }

    @Test
    void aPointInTimeCutRenamesTheLastSegmentKeptInTheManifestAndSyncs() throws Exception {
        Path dir = cutLog("cut");
        IoErrorTest.Injector calls = new IoErrorTest.Injector(-1, 0, 0);
        NativeFiles.hook(calls);
        RecoveryReport r = recover(dir, RecoveryMode.POINT_IN_TIME_RECOVERY, 1, true);
        NativeFiles.hook(null);
        assertEquals(RecoveryReport.Kind.SALVAGED, r.kind(), r.summary());
        assertTrue(r.repaired());
        assertTrue(calls.calls.contains(String.valueOf(NativeFiles.CALL_TRUNCATE)), calls.calls.toString());
        assertTrue(calls.calls.contains(String.valueOf(NativeFiles.CALL_DATASYNC)), "the cut segment is synced: " + calls.calls);
        assertFalse(Files.exists(SegmentFiles.path(dir, 2)));
        assertEquals(1, Manifests.read(dir).lastSegment(), "the manifest names the last segment kept");
        RecoveryReport again = recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, false);
        assertEquals(RecoveryReport.Kind.CLEAN, again.kind(), again.summary());
        assertEquals(perSegment() + 10, again.lastSequence());
    }

    @Test
    void everyFailingCallOfARepairIsAnIoErrorNamingIt() throws Exception {
        Object[][] cases = {
            {NativeFiles.CALL_OPEN, "open "},
            {NativeFiles.CALL_TRUNCATE, "repair "},
            {NativeFiles.CALL_PWRITE, "manifest "},
            {NativeFiles.CALL_UNLINK, "delete "},
            {NativeFiles.CALL_FSYNC, "sync "},
        };
        for (Object[] c : cases) {
            Path dir = cutLog("fail-" + c[0]);
            NativeFiles.hook(new IoErrorTest.Injector((int) c[0], Errno.EIO, 1));
            RecoveryReport r = recover(dir, RecoveryMode.POINT_IN_TIME_RECOVERY, 1, true);
            NativeFiles.hook(null);
            assertEquals(RecoveryReport.Kind.IO_ERROR, r.kind(), c[1] + ": " + r.summary());
            assertTrue(r.detail().startsWith((String) c[1]), r.detail());
            assertTrue(r.detail().contains("EIO"), r.detail());
        }
    }
}
