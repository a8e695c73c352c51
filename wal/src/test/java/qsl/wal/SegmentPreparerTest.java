package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;

/**
 * none mode with segments prepared ahead ({@link WalConfig#preparedSegments}): the log is the same
 * log, prepared files ({@code wal-*.next}) are never read as part of it, a roll into one syncs
 * nothing and the next sync makes it durable in the usual order, leftovers from a crash are deleted
 * by the next writer, and a writer killed (SIGKILL) with prepared files on disk recovers to every
 * record it appended.
 */
class SegmentPreparerTest {
    static final long SEGMENT = 64 << 10;

    @TempDir
    Path tmp;

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    static WalConfig config(Path dir, int prepared) {
        return new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE).withPreparedSegments(prepared);
    }

    @Test
    void onlyNoneModeMayPrepareAndTheDepthIsBounded() {
        Path dir = tmp.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> new WalConfig(dir, DurabilityMode.SYNC, SEGMENT, 1, 0).withPreparedSegments(1));
        assertThrows(IllegalArgumentException.class, () -> new WalConfig(dir, DurabilityMode.BATCH, SEGMENT, 1, 0).withPreparedSegments(1));
        assertThrows(IllegalArgumentException.class, () -> config(dir, -1));
        assertThrows(IllegalArgumentException.class, () -> config(dir, WalConfig.MAX_PREPARED_SEGMENTS + 1));
        assertEquals(WalConfig.MAX_PREPARED_SEGMENTS, config(dir, WalConfig.MAX_PREPARED_SEGMENTS).preparedSegments());
        assertEquals(0, new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 1, 0).preparedSegments());
        assertEquals(3, config(dir, 3).withSegmentLength(1 << 20).withBatch(2, 3).preparedSegments());
    }

    @Test
    void rollsIntoPreparedSegmentsGiveTheSameLogAndCloseLeavesNoPreparedFile() throws Exception {
        for (int depth : new int[] {1, 2, 3}) {
            Path dir = tmp.resolve("log" + depth);
            int n = 20_000; // about 18 segments of 64 KiB
            try (WalWriter w = LogFixture.open(config(dir, depth))) {
                LogFixture.append(w, n, 0);
                assertTrue(w.segmentIndex() >= 10, "rolled " + w.segmentIndex() + " times");
                List<Path> next = SegmentFiles.listPrepared(dir);
                assertTrue(next.size() <= depth, "at most " + depth + " prepared: " + next);
                for (Path p : next) {
                    assertTrue(SegmentFiles.index(p) < 0, "a prepared file is not a segment: " + p);
                }
                assertEquals(n, w.sync());
            }
            assertEquals(List.of(), SegmentFiles.listPrepared(dir), "close deletes the prepared files");
            LogFixture.Collector c = new LogFixture.Collector();
            RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, c, false);
            assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
            assertEquals(n, c.sequences.size());
            assertEquals(0, c.badPayloads);
            long[] idx = SegmentFiles.list(dir);
            for (int i = 0; i < idx.length; i++) assertEquals(i, idx[i], "segments 0.. without a gap");
        }
    }

    @Test
    void preparedFilesNextToALiveLogAreNotPartOfIt() throws Exception {
        Path dir = tmp.resolve("live");
        try (WalWriter w = LogFixture.open(config(dir, 2))) {
            LogFixture.append(w, 3_000, 0);
            w.sync();
            // Wait (bounded) until the preparer has a file on disk, then read the log beside it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (SegmentFiles.listPrepared(dir).isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
            assertFalse(SegmentFiles.listPrepared(dir).isEmpty(), "the preparer made a file");
            LogFixture.Collector c = new LogFixture.Collector();
            RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, c, false);
            assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
            assertEquals(3_000, c.sequences.size());
        }
    }

    @Test
    void leftoverPreparedFilesAreDeletedAtOpenAndNeverRead() throws Exception {
        Path dir = tmp.resolve("leftover");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, 2_000, 0);
            w.sync();
        }
        long last = SegmentFiles.list(dir)[SegmentFiles.list(dir).length - 1];
        // What a crash could leave: the next index's prepared file, zeros or (not possible from the
        // writer, but it must not matter) a copy of a real segment's bytes.
        Files.write(SegmentFiles.preparedPath(dir, last + 1), new byte[(int) SEGMENT]);
        Files.copy(SegmentFiles.path(dir, 0), SegmentFiles.preparedPath(dir, last + 2));
        RecoveryReport r = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(2_000, r.lastSequence());
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            assertEquals(List.of(), SegmentFiles.listPrepared(dir), "open deletes them");
            LogFixture.append(w, 2_000, 0);
            w.sync();
        }
        LogFixture.Collector c = new LogFixture.Collector();
        r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, c, false);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(4_000, c.sequences.size());
        assertEquals(0, c.badPayloads);
    }

    /** Fails every open of a prepared file's name: the preparer gives up and the writer creates its segments itself. */
    static final NativeFiles.Hook NO_PREPARED_FILES = LogFixture.failWithEio((call, path) ->
            call == NativeFiles.CALL_OPEN && path != null && path.toString().endsWith(SegmentFiles.PREPARED_SUFFIX));

    @Test
    void aPreparerThatCannotCreateFilesLeavesTheWriterCreatingThem() throws Exception {
        Path dir = tmp.resolve("noprep");
        NativeFiles.hook(NO_PREPARED_FILES);
        try (WalWriter w = LogFixture.open(config(dir, 2))) {
            LogFixture.append(w, 5_000, 0);
            assertTrue(w.segmentIndex() >= 3, "rolled");
            assertEquals(0, w.preparedSegmentsReady());
            assertEquals(5_000, w.sync());
            assertFalse(w.isReadOnly());
        }
        NativeFiles.hook(null);
        RecoveryReport r = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(5_000, r.lastSequence());
    }

    @Test
    void aFailedRenameIntoTheLogTurnsTheWriterReadOnly() throws Exception {
        Path dir = tmp.resolve("norename");
        try (WalWriter w = LogFixture.open(config(dir, 1))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (w.preparedSegmentsReady() < 1 && System.nanoTime() < deadline) Thread.sleep(1);
            assertEquals(1, w.preparedSegmentsReady());
            NativeFiles.hook(LogFixture.failWithEio((call, path) -> call == NativeFiles.CALL_RENAME));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(1000);
                long s;
                int n = 0;
                while ((s = w.append(3, buf, 0, 1000)) > 0) n++;
                assertEquals(WalWriter.IO_ERROR, s);
                assertTrue(n > 0 && w.segmentIndex() == 0, "failed at the first roll after " + n);
            }
            assertTrue(w.isReadOnly());
            assertTrue(w.failure().operation().contains("rename prepared segment 1"), w.failure().toString());
            assertEquals(qsl.offheap.ffi.Errno.EIO, w.lastError().errno());
        }
    }

    /** Records the durability calls: "datasync NAME", "fsync NAME", "rename A B" (names as opened or renamed). */
    static final class CallLog implements NativeFiles.Hook {
        final List<String> calls = new ArrayList<>();
        final java.util.Map<Integer, String> names = new java.util.HashMap<>();

        @Override
        public synchronized int before(int call, int fd, Path path) {
            return NativeFiles.PROCEED;
        }

        @Override
        public synchronized void after(int call, int fd, Path path, Path to, long arg) {
            if (call == NativeFiles.CALL_OPEN) names.put(fd, path.getFileName().toString());
            if (call == NativeFiles.CALL_DATASYNC) calls.add("datasync " + names.get(fd));
            if (call == NativeFiles.CALL_FSYNC) calls.add("fsync " + names.get(fd));
            if (call == NativeFiles.CALL_RENAME) {
                calls.add("rename " + path.getFileName() + " " + to.getFileName());
                names.replaceAll((k, v) -> v.equals(path.getFileName().toString()) ? to.getFileName().toString() : v);
            }
        }

        synchronized List<String> take() {
            List<String> l = List.copyOf(calls);
            calls.clear();
            return l;
        }
    }

    @Test
    void aRollIntoAPreparedSegmentSyncsNothingAndTheNextSyncMakesItDurableInOrder() throws Exception {
        Path dir = tmp.resolve("order");
        CallLog log = new CallLog();
        NativeFiles.hook(log);
        try (WalWriter w = LogFixture.open(config(dir, 1))) {
            log.take();
            int perSegment = (int) ((SEGMENT - SegmentDescriptor.LENGTH) / RecordDescriptor.frameLength(40));
            LogFixture.append(w, perSegment + 1, 40);
            assertEquals(1, w.segmentIndex());
            assertEquals(List.of("rename wal-00000000000000000001.next wal-00000000000000000001.log"), log.take(),
                    "the roll renames the prepared file and syncs nothing");
            assertEquals(0, w.durableSequence());
            assertEquals(perSegment + 1, w.sync());
            List<String> calls = log.take();
            assertEquals(List.of("datasync wal-00000000000000000000.log", "datasync wal-00000000000000000001.log",
                    "fsync " + dir.getFileName()), calls.subList(0, 3), "old segment, new segment, then the directory: " + calls);
            assertTrue(calls.stream().skip(3).allMatch(s -> s.contains("manifest")), "then only the manifest: " + calls);
        }
    }

    /**
     * SIGKILL of a child appending with segments prepared ahead: afterwards prepared files are on
     * disk beside the log, recovery reads every record the child reported (only a torn last one may
     * be cut), the next writer deletes the prepared files and continues the log.
     */
    @Test
    void aWriterKilledWithPreparedFilesRecoversEveryRecordItAppended() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            Path dir = tmp.resolve("kill" + trial);
            int killAt = 40 + trial * 20; // well past several rolls into prepared segments
            // The last trial's child stops appending at the kill line once a prepared file is ready,
            // so that kill surely finds one on disk; the others are killed mid-append.
            boolean pause = trial == 2;
            Process p = new ProcessBuilder(ChildJvm.command(PreparingChild.class, List.of(),
                    List.of(dir.toString(), Integer.toString(pause ? killAt : -1))))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long[] reported = {0}; // the last "appended" line up to the kill
            int[] lines = {0};
            LogFixture.killAtLine(p, line -> {
                if (line.startsWith("appended ")) reported[0] = Long.parseLong(line.substring(9));
                return ++lines[0] == killAt;
            });
            assertTrue(reported[0] > 0, "the child appended");
            if (pause) assertFalse(SegmentFiles.listPrepared(dir).isEmpty(), "prepared files on disk at the kill");
            RecoveryReport v = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, RecordHandler.NONE, true);
            assertTrue(v.kind() == RecoveryReport.Kind.CLEAN || v.kind() == RecoveryReport.Kind.TORN_TAIL_REPAIRED, v.summary());
            assertTrue(v.lastSequence() >= reported[0], "recovered up to " + v.lastSequence() + ", the child reported " + reported[0]);
            long after = v.lastSequence();
            try (WalWriter w = LogFixture.open(config(dir, 2))) {
                assertEquals(after + 1, w.nextSequence());
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment buf = a.allocate(100);
                    for (int i = 0; i < 5_000; i++) assertEquals(after + 1 + i, w.append(3, buf, 0, 100));
                }
                w.sync();
            }
            assertEquals(List.of(), SegmentFiles.listPrepared(dir));
            RecoveryReport again = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
            assertEquals(RecoveryReport.Kind.CLEAN, again.kind(), again.summary());
            assertEquals(after + 5_000, again.lastSequence());
        }
    }

    /**
     * Child for the kill test: appends 100-byte records for ever, printing the last sequence every 500
     * records; with a second argument n &gt; 0, at the n-th line it first waits (bounded) until a prepared
     * file is ready, prints, and appends no more.
     */
    public static final class PreparingChild {
        public static void main(String[] args) {
            WalWriter.Open o = WalWriter.open(config(Path.of(args[0]), 2), 0);
            if (!(o instanceof WalWriter.Open.Ready ready)) {
                System.out.println("open failed: " + o);
                System.exit(2);
                return;
            }
            WalWriter w = ready.writer();
            MemorySegment buf = Arena.global().allocate(100);
            int pauseAt = Integer.parseInt(args[1]);
            int lines = 0;
            for (long i = 1; ; i++) {
                long s = w.append(3, buf, 0, 100);
                if (s < 0) {
                    System.out.println("append failed: " + w.lastError());
                    System.exit(3);
                }
                if (i % 500 == 0) {
                    boolean stop = ++lines == pauseAt;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (stop && w.preparedSegmentsReady() < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
                    System.out.println("appended " + s);
                    System.out.flush();
                    while (stop) LockSupport.parkNanos(1_000_000_000L); // killed here
                }
            }
        }
    }
}
