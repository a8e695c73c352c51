package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;

/**
 * Segment recycling (none mode with a preparer, the default of {@link WalConfig#of}): a prune with
 * recycling renames covered segments out of the log, the preparer hands them back, not zeroed,
 * through the mapping the writer wrote them through as future segments (the writer keeps an end
 * marker after each record there: {@link RecycledEndMarkerTest}). The log reads back exactly
 * across many rolls and recycles; a recycled file's old bytes are never read as records (after a
 * power loss that kept them, and after SIGKILL of a writer mid-recycle); a preparer that cannot
 * recycle falls back to fresh files; close releases every mapping and file; appends allocate nothing.
 */
class SegmentRecycleTest {
    static final long SEGMENT = 64 << 10;
    /** Payload bytes per record in these tests: 224-byte frames, about 290 per segment. */
    static final int LENGTH = 200;

    @TempDir
    Path tmp;

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    static WalConfig config(Path dir) {
        return WalConfig.of(dir, DurabilityMode.NONE).withSegmentLength(SEGMENT);
    }

    /** What a Journal does: sync the log through {@code seq}, write the snapshot, prune keeping one, recycling when the writer does. */
    static int snapshotAndPrune(WalWriter w, Path dir, long seq) throws Exception {
        assertTrue(w.sync() >= seq, "synced");
        assertInstanceOf(SnapshotStore.Write.Done.class, SnapshotStore.write(dir, seq, new byte[] {1, 2, 3}));
        return SnapshotStore.prune(dir, 1, w.recyclesSegments());
    }

    static long count(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void theDefaultConfigRecyclesInNoneModeOnly() {
        Path dir = tmp.resolve("c");
        assertEquals(WalConfig.DEFAULT_PREPARED_SEGMENTS_NONE, WalConfig.of(dir, DurabilityMode.NONE).preparedSegments());
        assertEquals(0, WalConfig.of(dir, DurabilityMode.SYNC).preparedSegments());
        assertEquals(0, WalConfig.of(dir, DurabilityMode.BATCH).preparedSegments());
        try (WalWriter w = LogFixture.open(WalConfig.of(tmp.resolve("b"), DurabilityMode.BATCH).withSegmentLength(SEGMENT))) {
            assertFalse(w.recyclesSegments());
        }
        WalWriter w = LogFixture.open(config(dir));
        assertTrue(w.recyclesSegments());
        w.close();
        assertFalse(w.recyclesSegments(), "closed");
    }

    /**
     * 60 rounds of 1,000 records (about 3.4 segments each) with a snapshot and a prune after each:
     * after every round the log since the previous snapshot reads back exactly, most segments come
     * from recycled files, and the files on disk stay a small ring.
     */
    @Test
    void recycledSegmentsReadBackExactlyAcrossManyRollsAndRecycles() throws Exception {
        Path dir = tmp.resolve("ring");
        long previous = 0;
        long maxFiles = 0;
        try (WalWriter w = LogFixture.open(config(dir))) {
            for (int round = 0; round < 60; round++) {
                LogFixture.append(w, 1_000, LENGTH);
                long last = w.lastSequence();
                assertEquals(last, w.sync());
                LogFixture.Collector c = new LogFixture.Collector(LENGTH);
                RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, previous + 1, c, false);
                assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), "round " + round + ": " + r.summary());
                assertEquals(last - previous, c.sequences.size(), "round " + round);
                assertEquals(previous + 1, c.sequences.get(0));
                assertEquals(last, c.sequences.get(c.sequences.size() - 1));
                assertEquals(0, c.badPayloads, "round " + round);
                snapshotAndPrune(w, dir, last);
                previous = last;
                maxFiles = Math.max(maxFiles, count(dir, SegmentFiles.SUFFIX) + count(dir, SegmentFiles.PREPARED_SUFFIX));
            }
            long rolls = w.segmentIndex();
            assertTrue(rolls > 150, "rolled " + rolls);
            assertTrue(w.segmentsRecycled() > rolls / 2, w.segmentsRecycled() + " of " + rolls + " segments recycled");
        }
        assertTrue(maxFiles <= 12, "at most " + maxFiles + " segment files at once");
        assertEquals(List.of(), SegmentFiles.listPrepared(dir), "close deletes prepared and recycled files");
        assertEquals(60_000, WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, previous + 1, RecordHandler.NONE, false).lastSequence());
    }

    /** A plain none-mode log (no preparer, no recycling) of 1,000 records in segments 0..3, synced; its config. */
    private static WalConfig fourSegments(Path dir) {
        WalConfig plain = new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE);
        try (WalWriter w = LogFixture.open(plain)) {
            LogFixture.append(w, 1_000, LENGTH);
            assertEquals(3, w.segmentIndex());
            w.sync();
        }
        return plain;
    }

    /**
     * A power loss before the first sync after a recycled roll may leave the file's old bytes on
     * disk under its new name (nothing of its new content was synced). Old records carry lower sequences and the
     * old header another index: recovery delivers only the log's own records and reads the rest as a
     * torn tail. Both shapes: the whole file old (old header), and a new header and records with old
     * pages after them.
     */
    @Test
    void aRecycledSegmentsOldBytesAreNeverReadAsRecords() throws Exception {
        Path dir = tmp.resolve("stale");
        WalConfig plain = fourSegments(dir);
        byte[] old = Files.readAllBytes(LogFixture.seg(dir, 0));
        // (a) segment 4 on disk is old segment 0, unchanged: its header names index 0.
        Files.write(LogFixture.seg(dir, 4), old);
        LogFixture.Collector c = new LogFixture.Collector(LENGTH);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, c, true);
        assertEquals(RecoveryReport.Kind.TORN_TAIL_REPAIRED, r.kind(), r.summary());
        assertEquals(1_000, r.lastSequence());
        assertEquals(1_000, c.sequences.size());
        assertEquals(0, c.badPayloads);
        assertFalse(Files.exists(LogFixture.seg(dir, 4)), "the stale file is cut away");
        // (b) segment 4 starts right (header, then 40 records), and old pages follow them.
        long lastNew;
        long end;
        try (WalWriter w = LogFixture.open(plain)) {
            assertEquals(1_001, w.nextSequence());
            while (w.segmentIndex() < 4) LogFixture.append(w, 1, LENGTH);
            LogFixture.append(w, 39, LENGTH);
            assertEquals(4, w.segmentIndex());
            lastNew = w.lastSequence();
            end = w.position();
            w.sync();
        }
        byte[] four = Files.readAllBytes(LogFixture.seg(dir, 4));
        long stale = (end + 4095) & -4096L; // the page holding the last record is new (zeros after it); old pages follow
        System.arraycopy(old, (int) stale, four, (int) stale, four.length - (int) stale);
        Files.write(LogFixture.seg(dir, 4), four);
        for (RecoveryMode mode : new RecoveryMode[] {RecoveryMode.ABSOLUTE_CONSISTENCY, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS}) {
            boolean repair = mode == RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS;
            LogFixture.Collector k = new LogFixture.Collector(LENGTH);
            RecoveryReport rr = WalRecovery.recover(dir, mode, 1, k, repair);
            assertEquals(repair ? RecoveryReport.Kind.TORN_TAIL_REPAIRED : RecoveryReport.Kind.TORN_TAIL, rr.kind(), mode + ": " + rr.summary());
            assertEquals(lastNew, rr.lastSequence(), mode.toString());
            assertEquals(lastNew, k.sequences.size(), mode + ": every record once, no old one");
            assertEquals(lastNew, k.sequences.get(k.sequences.size() - 1));
            assertEquals(0, k.badPayloads);
        }
        try (WalWriter w = LogFixture.open(plain)) {
            assertEquals(lastNew + 1, w.nextSequence(), "the repaired log continues after its own last record");
        }
    }

    /**
     * What a crash in a prune or a recycle leaves: a covered segment under its retired name
     * ({@code .free}, removal not yet durable) or its recycle name ({@code .next}), old records and
     * all. Neither is read as part of the log; the next writer deletes both.
     */
    @Test
    void retiredAndRecycledLeftoversAreNeverReadAndTheNextWriterDeletesThem() throws Exception {
        Path dir = tmp.resolve("leftovers");
        WalConfig plain = fourSegments(dir);
        assertInstanceOf(SnapshotStore.Write.Done.class, SnapshotStore.write(dir, 900, new byte[] {1}));
        // A prune that stopped after its first rename, and one whose segment is renamed for reuse.
        Files.move(LogFixture.seg(dir, 0), SegmentFiles.retiredPath(dir, 0));
        Files.move(LogFixture.seg(dir, 1), SegmentFiles.preparedPath(dir, 1));
        LogFixture.Collector c = new LogFixture.Collector(LENGTH);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 901, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(100, c.sequences.size());
        assertEquals(901, c.sequences.get(0));
        assertEquals(0, c.badPayloads);
        assertEquals(2, SegmentFiles.listPrepared(dir).size());
        try (WalWriter w = LogFixture.open(config(dir))) {
            assertEquals(1_001, w.nextSequence());
            assertEquals(0, w.preparerWaitNanos() < 0 ? 1 : 0);
        }
        assertFalse(Files.exists(SegmentFiles.retiredPath(dir, 0)));
        assertFalse(Files.exists(SegmentFiles.preparedPath(dir, 1)));
        try (WalWriter w = LogFixture.open(plain)) {
            assertEquals(0, w.preparerWaitNanos(), "no preparer");
            assertEquals(0, w.segmentsRecycled());
        }
    }

    /** Fails the preparer thread's renames: it cannot recycle, so it prepares fresh files and the log is the same. */
    static final NativeFiles.Hook NO_RECYCLE_RENAME = LogFixture.failWithEio((call, path) ->
            call == NativeFiles.CALL_RENAME && Thread.currentThread().getName().equals("qsl-wal-prepare"));

    @Test
    void aPreparerThatCannotRecycleFallsBackToFreshFilesAndOneThatFailedLetsPrunesDelete() throws Exception {
        Path dir = tmp.resolve("norecycle");
        NativeFiles.hook(NO_RECYCLE_RENAME);
        try (WalWriter w = LogFixture.open(config(dir))) {
            for (int round = 0; round < 10; round++) {
                LogFixture.append(w, 1_000, LENGTH);
                snapshotAndPrune(w, dir, w.lastSequence());
            }
            assertEquals(0, w.segmentsRecycled());
            assertTrue(w.segmentIndex() > 25);
            assertFalse(w.isReadOnly());
            LogFixture.append(w, 1_000, LENGTH); // after the last snapshot (10,000)
            w.sync();
        }
        NativeFiles.hook(null);
        assertEquals(List.of(), SegmentFiles.listPrepared(dir));
        LogFixture.Collector c = new LogFixture.Collector(LENGTH);
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 10_001, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(1_000, c.sequences.size());
        assertEquals(0, c.badPayloads);
        // A preparer that cannot work at all stops: the writer creates its segments and prunes delete.
        Path dir2 = tmp.resolve("noprep");
        NativeFiles.hook(SegmentPreparerTest.NO_PREPARED_FILES);
        try (WalWriter w = LogFixture.open(config(dir2))) {
            LogFixture.append(w, 1_000, LENGTH);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (w.recyclesSegments() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertFalse(w.recyclesSegments(), "a failed preparer recycles nothing");
            for (int round = 0; round < 3; round++) {
                LogFixture.append(w, 1_000, LENGTH);
                assertTrue(snapshotAndPrune(w, dir2, w.lastSequence()) > 0);
            }
            assertEquals(List.of(), SegmentFiles.listPrepared(dir2), "pruned segments deleted");
        }
    }

    /**
     * Once segments are recycled the preparer keeps a spare fresh file ({@code wal-spare.next}); a
     * roll that finds no recycled file ready (here: the prunes stop) takes that very file (the same
     * inode becomes a segment of the log) instead of waiting for a new one, and a new spare follows.
     */
    @Test
    void aRollThatFindsNoRecycledFileTakesTheSpare() throws Exception {
        Path dir = tmp.resolve("spare");
        Path spare = SegmentFiles.sparePath(dir);
        try (WalWriter w = LogFixture.open(config(dir))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((w.segmentsRecycled() == 0 || !Files.exists(spare)) && System.nanoTime() < deadline) {
                LogFixture.append(w, 300, LENGTH);
                snapshotAndPrune(w, dir, w.lastSequence());
            }
            assertTrue(w.segmentsRecycled() > 0 && Files.exists(spare), "recycling, with a spare");
            Object inode = Files.getAttribute(spare, "unix:ino");
            long recycled = w.segmentsRecycled();
            long first = w.segmentIndex();
            // No prunes from here: after the files already prepared, the next roll finds no recycled file.
            while (w.segmentIndex() < first + WalConfig.DEFAULT_PREPARED_SEGMENTS_NONE + 2) LogFixture.append(w, 100, LENGTH);
            boolean taken = false;
            for (long idx : SegmentFiles.list(dir)) taken |= inode.equals(Files.getAttribute(LogFixture.seg(dir, idx), "unix:ino"));
            assertTrue(taken, "the spare became a segment of the log");
            assertTrue(w.segmentsRecycled() - recycled <= WalConfig.DEFAULT_PREPARED_SEGMENTS_NONE, "no recycled file after the prunes stopped");
            LogFixture.append(w, 100, LENGTH);
            assertEquals(w.lastSequence(), w.sync());
        }
        assertFalse(Files.exists(spare), "close deletes the spare");
        LogFixture.Collector c = new LogFixture.Collector(LENGTH);
        long snap = 0;
        for (Path s : SnapshotStore.list(dir)) {
            if (SnapshotStore.read(s) instanceof SnapshotStore.Read.Valid v) snap = Math.max(snap, v.sequence());
        }
        RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, snap + 1, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(0, c.badPayloads);
    }

    @Test
    void closeReleasesEveryMappingThreadAndFile() throws Exception {
        Path dir = tmp.resolve("release");
        long before = preparerThreads(); // other tests' writers are closed; count them anyway
        try (WalWriter w = LogFixture.open(config(dir))) {
            for (int round = 0; round < 8; round++) {
                LogFixture.append(w, 1_000, LENGTH);
                snapshotAndPrune(w, dir, w.lastSequence());
            }
            assertTrue(w.segmentsRecycled() > 0);
            assertTrue(mapsMentioning(dir) > 0, "mapped while open");
        }
        assertEquals(0, mapsMentioning(dir), "no mapping of the log's files after close");
        assertEquals(List.of(), SegmentFiles.listPrepared(dir));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (preparerThreads() > before && System.nanoTime() < deadline) Thread.onSpinWait();
        assertTrue(preparerThreads() <= before, "the preparing thread ended");
    }

    static long mapsMentioning(Path dir) throws Exception {
        String d = dir.toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(d)).count();
    }

    static long preparerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("qsl-wal-prepare") && t.isAlive()).count();
    }

    /**
     * The writer's thread allocates nothing per append with recycling at work: of 40,000 appends
     * across more than 100 rolls, most into recycled segments, those that do not roll allocate 0
     * bytes; a roll allocates a small bounded amount (the queue node handing the old mapping over,
     * the new segment's checksum view, its file names). A snapshot and a prune every 300 records
     * run on the same thread between appends, outside what is counted.
     */
    @Test
    void appendsAllocateNothingWhileSegmentsAreRecycled() throws Exception {
        Path dir = tmp.resolve("alloc");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena a = Arena.ofConfined(); WalWriter w = LogFixture.open(config(dir))) {
            MemorySegment buf = a.allocate(LENGTH);
            long[] warm = measure(mx, w, dir, buf, 40_000); // warm-up, and recycling under way
            long rolls0 = w.segmentIndex();
            long recycled0 = w.segmentsRecycled();
            long[] m = measure(mx, w, dir, buf, 40_000);
            long rolls = w.segmentIndex() - rolls0;
            assertTrue(rolls > 100, "rolled " + rolls);
            assertTrue(w.segmentsRecycled() - recycled0 > rolls / 4, (w.segmentsRecycled() - recycled0) + " recycled of " + rolls);
            assertEquals(0, m[0], "appends that did not roll allocated " + m[0] + " bytes (warm-up: " + warm[0] + ")");
            assertTrue(m[1] <= rolls * 4096, rolls + " rolls allocated " + m[1] + " bytes");
        }
    }

    /**
     * Appends {@code n} records, with a snapshot (not synced first: this is about the append path) and
     * a recycling prune every 300; returns the bytes this thread allocated in the appends that did
     * not roll, and in those that did.
     */
    static long[] measure(com.sun.management.ThreadMXBean mx, WalWriter w, Path dir, MemorySegment buf, int n) throws Exception {
        long plain = 0;
        long rolling = 0;
        for (int i = 1; i <= n; i++) {
            long segment = w.segmentIndex();
            long before = mx.getCurrentThreadAllocatedBytes();
            w.append(3, buf, 0, LENGTH);
            long used = mx.getCurrentThreadAllocatedBytes() - before;
            if (w.segmentIndex() == segment) plain += used;
            else rolling += used;
            if (i % 300 == 0) {
                assertInstanceOf(SnapshotStore.Write.Done.class, SnapshotStore.write(dir, w.lastSequence(), new byte[] {1}));
                SnapshotStore.prune(dir, 1, w.recyclesSegments());
            }
        }
        return new long[] {plain, rolling};
    }

    /**
     * SIGKILL of a child that appends, snapshots and prunes with recycling all the time (one prune
     * per about one segment, so the preparer is nearly always renaming or pre-faulting a recycled file):
     * recovery from the newest snapshot delivers every record the child reported, each exactly, and
     * the next writer deletes what the kill left and continues.
     */
    @Test
    void aWriterKilledWhileRecyclingRecoversEveryRecordItAppended() throws Exception {
        for (int trial = 0; trial < 4; trial++) {
            Path dir = tmp.resolve("kill" + trial);
            int killAt = 30 + trial * 17;
            Process p = new ProcessBuilder(ChildJvm.command(RecyclingChild.class, List.of(), List.of(dir.toString())))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long[] last = {0, 0}; // {reported, recycled} of the last "appended" line up to the kill
            int[] lines = {0};
            LogFixture.killAtLine(p, line -> {
                if (line.startsWith("appended ")) {
                    String[] t = line.split(" ");
                    last[0] = Long.parseLong(t[1]);
                    last[1] = Long.parseLong(t[3]);
                }
                // Bounded: a child that never recycles is killed after 1,000 more lines and fails the assertion below.
                return ++lines[0] >= killAt && (last[1] >= 3 || lines[0] >= killAt + 1_000);
            });
            long reported = last[0];
            long recycled = last[1];
            assertTrue(recycled >= 3, "the child recycled segments: " + recycled + " (reported " + reported + ")");
            long snap = 0;
            for (Path s : SnapshotStore.list(dir)) {
                if (SnapshotStore.read(s) instanceof SnapshotStore.Read.Valid v) snap = Math.max(snap, v.sequence());
            }
            LogFixture.Collector c = new LogFixture.Collector(LENGTH);
            RecoveryReport v = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, snap + 1, c, true);
            assertTrue(v.kind() == RecoveryReport.Kind.CLEAN || v.kind() == RecoveryReport.Kind.TORN_TAIL_REPAIRED, v.summary());
            assertTrue(v.lastSequence() >= reported, "recovered up to " + v.lastSequence() + ", the child reported " + reported);
            assertEquals(v.lastSequence() - snap, c.sequences.size(), "every record after the snapshot, once");
            if (!c.sequences.isEmpty()) assertEquals(snap + 1, c.sequences.get(0));
            assertEquals(0, c.badPayloads, "no old or damaged payload delivered");
            long after = v.lastSequence();
            try (WalWriter w = LogFixture.open(config(dir))) {
                assertEquals(after + 1, w.nextSequence());
                LogFixture.append(w, 2_000, LENGTH);
                w.sync();
            }
            assertEquals(List.of(), SegmentFiles.listPrepared(dir));
            LogFixture.Collector again = new LogFixture.Collector(LENGTH);
            RecoveryReport r2 = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, snap + 1, again, false);
            assertEquals(RecoveryReport.Kind.CLEAN, r2.kind(), r2.summary());
            assertEquals(after + 2_000, r2.lastSequence());
            assertEquals(0, again.badPayloads);
        }
    }

    /**
     * Child for the kill test: default none-mode config with 64 KiB segments; appends 200-byte
     * records for ever; every 300 records syncs, writes a snapshot and prunes with recycling (on this
     * thread, as a Journal does); prints "appended &lt;sequence&gt; recycled &lt;n&gt;" after each.
     */
    public static final class RecyclingChild {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            WalWriter.Open o = WalWriter.open(config(dir), 0);
            if (!(o instanceof WalWriter.Open.Ready ready)) {
                System.out.println("open failed: " + o);
                System.exit(2);
                return;
            }
            WalWriter w = ready.writer();
            MemorySegment buf = Arena.global().allocate(LENGTH);
            for (long i = 1; ; i++) {
                long seq = w.nextSequence();
                for (int k = 0; k < LENGTH; k++) buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, k, LogFixture.byteOf(seq, k));
                long s = w.append(7, buf, 0, LENGTH);
                if (s < 0) {
                    System.out.println("append failed: " + w.lastError());
                    System.exit(3);
                }
                if (i % 300 == 0) {
                    if (w.sync() < s || !(SnapshotStore.write(dir, s, new byte[] {1}) instanceof SnapshotStore.Write.Done)) System.exit(4);
                    SnapshotStore.prune(dir, 1, w.recyclesSegments());
                    System.out.println("appended " + s + " recycled " + w.segmentsRecycled());
                    System.out.flush();
                }
            }
        }
    }
}
