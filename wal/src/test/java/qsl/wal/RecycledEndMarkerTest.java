package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;

/**
 * Recycled segments are not zeroed: the writer marks them ({@link SegmentDescriptor#FLAG_RECYCLED})
 * and keeps an end marker (a zero record header) right after each record it writes there, so their
 * written part ends where a zeroed file's would, whatever old bytes follow. A writer killed in such
 * a segment (SIGKILL of a child JVM; the page cache keeps its stores) recovers CLEAN with every
 * payload exact, and so does a writer reopened on it and killed again; the power-loss model over
 * the old pages never delivers an old record, keeps what was synced and reports a hole as damage; a
 * record ending within a header of the segment's end leaves the old tail alone; and old records are
 * never taken for records that follow damage.
 */
class RecycledEndMarkerTest {
    static final long SEGMENT = SegmentRecycleTest.SEGMENT;

    @TempDir
    Path tmp;

    /**
     * Appends variable-length records (1..40 bytes, {@link LogFixture#lengthOf}: their frames never
     * line up with the old ones) with a sync, a snapshot and a recycling prune every 300, until the
     * writer writes a recycled segment (not its first recycled one) between a quarter and half of its
     * length; returns the newest snapshot's sequence (0 if none).
     */
    static long intoRecycledSegment(WalWriter w, Path dir) throws Exception {
        long snap = 0;
        for (long i = 1; !(w.marksEnd() && w.segmentsRecycled() >= 3 && w.position() > SEGMENT / 4 && w.position() < SEGMENT / 2); i++) {
            if (i > 2_000_000) throw new AssertionError("never wrote a recycled segment: " + w.segmentsRecycled() + " recycled");
            LogFixture.append(w, 1, 0);
            if (i % 300 == 0) {
                SegmentRecycleTest.snapshotAndPrune(w, dir, w.lastSequence());
                snap = w.lastSequence();
            }
        }
        return snap;
    }

    static long newestSnapshot(Path dir) throws Exception {
        long snap = 0;
        for (Path s : SnapshotStore.list(dir)) {
            if (SnapshotStore.read(s) instanceof SnapshotStore.Read.Valid v) snap = Math.max(snap, v.sequence());
        }
        return snap;
    }

    /** Recovers from {@code snap + 1} (both recoveries) and asserts CLEAN with sequences snap+1..last, each payload exact. */
    static void assertCleanThrough(Path dir, long snap, long last) {
        LogFixture.Collector c = LogFixture.Collector.anyLength();
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, snap + 1, c, true);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(last, r.lastSequence(), r.summary());
        assertConsecutive(c, snap, last);
        LogFixture.Collector p = LogFixture.Collector.anyLength();
        RecoveryReport pr = PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, snap + 1, p, false);
        assertEquals(RecoveryReport.Kind.CLEAN, pr.kind(), pr.summary());
        assertConsecutive(p, snap, last);
    }

    static void assertConsecutive(LogFixture.Collector c, long snap, long last) {
        assertEquals(last - snap, c.sequences.size(), "every record after the snapshot, once");
        for (int k = 0; k < c.sequences.size(); k++) assertEquals(snap + 1 + k, c.sequences.get(k), "record " + k);
        assertEquals(0, c.badPayloads, "no old or damaged payload delivered");
    }

    /** The file of segment {@code index}: recycled (flagged), and old non-zero bytes after the end marker that follows its records. */
    static void assertOldBytesAfterTheEnd(Path dir, long index) throws Exception {
        byte[] all = Files.readAllBytes(LogFixture.seg(dir, index));
        MemorySegment m = MemorySegment.ofArray(all);
        assertTrue(SegmentDescriptor.recycled(m), "segment " + index + " is marked recycled");
        long pos = SegmentDescriptor.LENGTH;
        while (RecordValidator.check(m, pos, all.length, RecordValidator.ANY) == RecordValidator.VALID) {
            pos += RecordDescriptor.frameLength(RecordDescriptor.length(m, pos));
        }
        assertEquals(RecordValidator.END, RecordValidator.check(m, pos, all.length, RecordValidator.ANY), "an end marker at " + pos);
        long nonZero = 0;
        for (long p = pos + RecordDescriptor.HEADER_LENGTH; p < all.length; p++) if (all[(int) p] != 0) nonZero++;
        assertTrue(nonZero > 1_000, "old bytes after the end marker (not zeroed): " + nonZero + " non-zero");
    }

    /**
     * SIGKILL of a child writing a recycled segment (idle at the kill, so no record is torn): the
     * file holds old bytes right after the end marker, and recovery is CLEAN with every record the
     * child wrote, exact. A second child reopens the log on that segment (it must keep marking),
     * appends 100 records there and is killed too: CLEAN again, through its last record.
     */
    @Test
    void aWriterKilledInARecycledSegmentAndOneReopenedOnItRecoverClean() throws Exception {
        Path dir = tmp.resolve("kill");
        long[] first = runChildUntilReady(dir, "fill");
        long snap = newestSnapshot(dir);
        assertTrue(snap > 0, "the child pruned");
        assertCleanThrough(dir, snap, first[0]);
        assertOldBytesAfterTheEnd(dir, first[1]);
        long[] second = runChildUntilReady(dir, "reopen");
        assertEquals(first[1], second[1], "the reopened writer stayed in the recycled segment");
        assertEquals(first[0] + 100, second[0]);
        assertCleanThrough(dir, snap, second[0]);
        assertOldBytesAfterTheEnd(dir, second[1]);
    }

    /** Runs {@link MarkingChild} in {@code phase} until it prints "ready", kills it (SIGKILL); returns {last sequence, segment}. */
    static long[] runChildUntilReady(Path dir, String phase) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(MarkingChild.class, List.of(), List.of(dir.toString(), phase)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> seen = LogFixture.killAtLine(p, line -> line.startsWith("ready "));
        long[] ready = null;
        for (String line : seen) {
            if (line.startsWith("ready ")) {
                String[] t = line.split(" ");
                ready = new long[] {Long.parseLong(t[1]), Long.parseLong(t[2])};
                break;
            }
        }
        if (ready == null) fail(phase + " child ended without being ready (exit " + p.exitValue() + "): " + seen);
        return ready;
    }

    /**
     * Child: {@code fill}: the default none-mode config with 64 KiB segments, variable-length
     * records, a sync, snapshot and recycling prune every 300, until it writes a recycled segment
     * ({@link #intoRecycledSegment}); {@code reopen}: opens the log, which must end in a recycled
     * segment, and appends 100 records there. Then prints "ready &lt;last sequence&gt; &lt;segment&gt;"
     * and waits (at most 10 minutes) to be killed.
     */
    public static final class MarkingChild {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            WalWriter.Open o = WalWriter.open(SegmentRecycleTest.config(dir), 0);
            if (!(o instanceof WalWriter.Open.Ready ready)) {
                System.out.println("open failed: " + o);
                System.exit(2);
                return;
            }
            WalWriter w = ready.writer();
            if (args[1].equals("reopen")) {
                long segment = w.segmentIndex();
                if (!w.marksEnd()) {
                    System.out.println("reopened on segment " + segment + " without marking its end");
                    System.exit(5);
                }
                LogFixture.append(w, 100, 0);
                if (w.segmentIndex() != segment) {
                    System.out.println("rolled to " + w.segmentIndex());
                    System.exit(6);
                }
            } else {
                intoRecycledSegment(w, dir);
            }
            System.out.println("ready " + w.lastSequence() + " " + w.segmentIndex());
            System.out.flush();
            Thread.sleep(600_000);
            System.exit(8);
        }
    }

    /**
     * A record whose frame ends 16 bytes before the segment's end (no room for an end marker there;
     * a shorter tail ends the records anyway): the writer leaves the old bytes of that tail alone (no
     * store past the segment), recovery reads the segment as clean, a reopened writer positions
     * itself there and rolls on its next append, and the log reads back exactly.
     */
    @Test
    void aRecordEndingWithinAHeaderOfTheSegmentEndLeavesTheOldTailAlone() throws Exception {
        Path dir = tmp.resolve("tail");
        long snap;
        long segment;
        long last;
        try (WalWriter w = LogFixture.open(SegmentRecycleTest.config(dir))) {
            snap = intoRecycledSegment(w, dir);
            segment = w.segmentIndex();
            // Old bytes in the last 24 bytes, whatever the old segment had there.
            try (FileChannel ch = FileChannel.open(LogFixture.seg(dir, segment), StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(RecordDescriptor.HEADER_LENGTH);
                while (b.hasRemaining()) b.put((byte) 0x77);
                ch.write(b.flip(), SEGMENT - RecordDescriptor.HEADER_LENGTH);
            }
            while (SEGMENT - w.position() > 400) LogFixture.append(w, 1, 0);
            try (Arena a = Arena.ofConfined()) {
                long seq = w.nextSequence();
                int len = (int) (SEGMENT - w.position() - 16 - RecordDescriptor.HEADER_LENGTH);
                MemorySegment buf = a.allocate(len);
                for (int i = 0; i < len; i++) buf.set(ValueLayout.JAVA_BYTE, i, LogFixture.byteOf(seq, i));
                assertEquals(seq, w.append(7, buf, 0, len));
            }
            assertEquals(segment, w.segmentIndex());
            assertEquals(SEGMENT - 16, w.position());
            last = w.lastSequence();
            w.sync();
        }
        byte[] all = Files.readAllBytes(LogFixture.seg(dir, segment));
        for (int i = 1; i <= 16; i++) assertEquals((byte) 0x77, all[all.length - i], "the old tail is untouched");
        assertCleanThrough(dir, snap, last);
        try (WalWriter w = LogFixture.open(SegmentRecycleTest.config(dir))) {
            assertEquals(segment, w.segmentIndex());
            assertEquals(SEGMENT - 16, w.position());
            assertTrue(w.marksEnd());
            LogFixture.append(w, 50, 0);
            assertEquals(segment + 1, w.segmentIndex(), "rolled");
            last = w.lastSequence();
            w.sync();
        }
        assertCleanThrough(dir, snap, last);
    }

    /**
     * The power-loss model over a recycled segment's old pages: records synced, then more appended
     * and not synced; after the power loss each 4 KiB page of the segment holds either what the sync
     * left on disk (records up to the synced one, its end marker, and old bytes after it) or what the
     * page cache held. Over 300 random mixes and the one that keeps the marker's page old and every
     * later page new: recovery delivers consecutive sequences with exact payloads (never an old
     * record), at least through the synced one, and calls the log clean only when no record of this
     * log lies after what it delivered (a hole is damage, as in a zeroed file).
     */
    @Test
    void powerLossOverStalePagesKeepsWhatWasSyncedAndNeverDeliversAnOldRecord() throws Exception {
        Path dir = tmp.resolve("power");
        long snap;
        long synced;
        long syncedEnd;
        long last;
        long segment;
        byte[] disk;
        try (WalWriter w = LogFixture.open(SegmentRecycleTest.config(dir))) {
            snap = intoRecycledSegment(w, dir);
            segment = w.segmentIndex();
            synced = w.sync();
            syncedEnd = w.position();
            disk = Files.readAllBytes(LogFixture.seg(dir, segment));
            LogFixture.append(w, 400, 0);
            assertEquals(segment, w.segmentIndex());
            last = w.lastSequence();
        }
        byte[] cache = Files.readAllBytes(LogFixture.seg(dir, segment));
        int pages = cache.length / 4096;
        int markerPage = (int) (syncedEnd / 4096);
        int corrupt = 0;
        int clean = 0;
        for (int trial = -1; trial < 300; trial++) {
            Random rnd = new Random(trial);
            byte[] image = cache.clone();
            for (int pg = 0; pg < pages; pg++) {
                boolean old = trial < 0 ? pg == markerPage : rnd.nextBoolean();
                if (old) System.arraycopy(disk, pg * 4096, image, pg * 4096, 4096);
            }
            Files.write(LogFixture.seg(dir, segment), image);
            LogFixture.Collector c = LogFixture.Collector.anyLength();
            RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, snap + 1, c, false);
            String what = "trial " + trial + ": " + r.summary();
            assertNotEquals(RecoveryReport.Kind.LOSS, r.kind(), what);
            assertTrue(r.lastSequence() >= synced && r.lastSequence() <= last, what);
            assertConsecutive(c, snap, r.lastSequence());
            boolean laterRecord = laterRecordIn(image, r.lastSequence(), last);
            if (r.kind() == RecoveryReport.Kind.CLEAN) {
                clean++;
                assertTrue(!laterRecord, "clean, yet a record after " + r.lastSequence() + " is in the file: " + what);
            } else {
                if (r.kind() == RecoveryReport.Kind.CORRUPT) corrupt++;
                assertTrue(r.kind() == RecoveryReport.Kind.CORRUPT || r.kind() == RecoveryReport.Kind.TORN_TAIL, what);
            }
            if (trial < 0) {
                assertEquals(RecoveryReport.Kind.CORRUPT, r.kind(), "the marker's page old, later pages new: a hole, " + what);
                assertEquals(synced, r.lastSequence(), what);
            }
        }
        assertTrue(corrupt > 1, corrupt + " corrupt, " + clean + " clean of 301");
    }

    /** Whether {@code image} holds a valid record with a sequence in (after, last], anywhere. */
    static boolean laterRecordIn(byte[] image, long after, long last) {
        MemorySegment m = MemorySegment.ofArray(image);
        for (long p = SegmentDescriptor.LENGTH; p + RecordDescriptor.HEADER_LENGTH <= image.length; p += RecordDescriptor.ALIGNMENT) {
            long s = RecordDescriptor.sequence(m, p);
            if (s > after && s <= last && RecordValidator.check(m, p, image.length, RecordValidator.ANY) == RecordValidator.VALID) return true;
        }
        return false;
    }

    /**
     * A writer stopped right after its roll into a recycled segment (an append whose source is too
     * short throws after the roll and the end markers, before any byte of its record: the state a
     * kill there leaves) has the header, an end marker at the first record's slot and old records
     * after it: the log recovers clean through the segment before. Then every earlier segment of the
     * log is destroyed, so nothing was read before the recycled one: the old records there (valid
     * frames with older sequences) are still never taken for records that follow the damage, in any
     * mode, and nothing is delivered.
     */
    @Test
    void oldRecordsAreNeverTakenForRecordsThatFollowDamage() throws Exception {
        Path dir = tmp.resolve("floor");
        long snap;
        long segment;
        long before;
        try (Arena a = Arena.ofConfined(); WalWriter w = LogFixture.open(SegmentRecycleTest.config(dir))) {
            MemorySegment tooShort = a.allocate(8);
            snap = intoRecycledSegment(w, dir);
            for (long i = 1; ; i++) {
                if (i > 1_000_000) fail("no roll into a recycled file");
                int len = LogFixture.lengthOf(w.nextSequence());
                if (w.position() + RecordDescriptor.frameLength(len) > SEGMENT) {
                    long s = w.segmentIndex();
                    assertThrows(IndexOutOfBoundsException.class, () -> w.append(7, tooShort, 0, len));
                    assertEquals(s + 1, w.segmentIndex(), "rolled");
                    assertEquals(SegmentDescriptor.LENGTH, w.position());
                    if (w.marksEnd()) break;
                }
                LogFixture.append(w, 1, 0);
                if (i % 300 == 0) {
                    SegmentRecycleTest.snapshotAndPrune(w, dir, w.lastSequence());
                    snap = w.lastSequence();
                }
            }
            segment = w.segmentIndex();
            before = w.lastSequence();
            assertEquals(before, w.sync());
        }
        assertCleanThrough(dir, snap, before);
        assertOldBytesAfterTheEnd(dir, segment);
        long[] indices = SegmentFiles.list(dir);
        assertTrue(indices.length >= 2 && indices[indices.length - 1] == segment);
        for (long idx : indices) {
            if (idx == segment) continue;
            byte[] junk = new byte[(int) SEGMENT];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            Files.write(LogFixture.seg(dir, idx), junk);
        }
        for (RecoveryMode mode : RecoveryMode.values()) {
            LogFixture.Collector c = LogFixture.Collector.anyLength();
            RecoveryReport r = WalRecovery.recover(dir, mode, snap + 1, c, false);
            assertEquals(List.of(), c.sequences, mode + ": nothing delivered: " + r.summary());
            assertEquals(0, r.recordsDropped(), mode + ": no old record counted: " + r.summary());
            assertTrue(r.kind() == RecoveryReport.Kind.TORN_TAIL || r.kind() == RecoveryReport.Kind.TORN_TAIL_REPAIRED
                    || r.kind() == RecoveryReport.Kind.LOSS, mode + ": " + r.summary());
        }
    }
}
