package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code none}-mode roll waits for no disk: the new segment's file, its directory entry and the
 * manifest become durable at the next {@link WalWriter#sync()}, in that order and before the
 * watermark claims a record of it; and by the time {@link WalWriter#close()} returns every segment
 * it mapped is unmapped.
 */
class NoneModeRollTest {
    static final int LEN = 40;
    static final long SEGMENT = 64 << 10;

    @TempDir
    Path tmp;

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    /** Records the sync-like calls made: "datasync wal-...", "fsync <dir>". */
    static final class SyncLog implements NativeFiles.Hook {
        final List<String> calls = new ArrayList<>();
        final java.util.Map<Integer, String> names = new java.util.HashMap<>();

        @Override
        public int before(int call, int fd, Path path) {
            return NativeFiles.PROCEED;
        }

        @Override
        public void after(int call, int fd, Path path, Path to, long arg) {
            if (call == NativeFiles.CALL_OPEN) names.put(fd, path.getFileName().toString());
            if (call == NativeFiles.CALL_DATASYNC) calls.add("datasync " + names.get(fd));
            if (call == NativeFiles.CALL_FSYNC) calls.add("fsync " + names.get(fd));
        }
    }

    static int perSegment() {
        return (int) ((SEGMENT - SegmentDescriptor.LENGTH) / RecordDescriptor.frameLength(LEN));
    }

    @Test
    void aRollSyncsNothingAndTheNextSyncMakesItDurableInOrder() {
        Path dir = tmp.resolve("log");
        SyncLog log = new SyncLog();
        NativeFiles.hook(log);
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            log.calls.clear(); // open syncs in every mode
            int rolls = 6; // more than the writer's first array of segments left unsynced holds
            LogFixture.append(w, perSegment() * rolls + 5, LEN);
            assertEquals(rolls, w.segmentIndex());
            assertEquals(List.of(), log.calls, "the rolls waited for no disk");
            assertEquals(0, Manifests.read(dir).lastSegment(), "the manifest still names the segment open made durable");
            assertEquals(0, w.durableSequence());

            long upTo = w.sync();
            assertEquals(perSegment() * (long) rolls + 5, upTo);
            assertEquals(upTo, w.durableSequence());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i <= rolls; i++) expected.add("datasync " + SegmentFiles.path(dir, i).getFileName());
            expected.add("fsync " + dir.getFileName());
            expected.add("datasync " + ManifestDescriptor.FILE_NAME);
            assertEquals(expected, log.calls.subList(0, expected.size()));
            ManifestDescriptor.Manifest m = Manifests.read(dir);
            assertEquals(rolls, m.lastSegment());
            assertEquals(perSegment() * (long) rolls + 1, m.firstSequence(), "the manifest names the newest segment with its first sequence");

            // A sync with nothing new does nothing; the next roll is deferred again.
            log.calls.clear();
            assertEquals(upTo, w.sync());
            assertEquals(List.of(), log.calls);
            LogFixture.append(w, perSegment(), LEN);
            assertEquals(rolls + 1, w.segmentIndex());
            w.sync();
            assertEquals(rolls + 1, Manifests.read(dir).lastSegment());
        }
        RecoveryReport r = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
        assertEquals(RecoveryReport.Kind.CLEAN, r.kind(), r.summary());
        assertEquals(perSegment() * 7L + 5, r.lastSequence());
    }

    @Test
    void aFailedDirectorySyncAfterARollTurnsTheWriterReadOnly() {
        Path dir = tmp.resolve("log");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, perSegment() + 1, LEN);
            NativeFiles.hook(new IoErrorTest.Injector(NativeFiles.CALL_FSYNC, qsl.offheap.ffi.Errno.EIO, 1));
            assertEquals(WalWriter.IO_ERROR, w.sync());
            assertTrue(w.isReadOnly());
            assertEquals(0, w.durableSequence(), "nothing claimed");
            assertEquals(qsl.offheap.ffi.Errno.EIO, w.lastError().errno());
        }
    }

    @Test
    void aFailedManifestWriteAfterARollTurnsTheWriterReadOnly() {
        Path dir = tmp.resolve("log");
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, perSegment() + 1, LEN);
            NativeFiles.hook(new IoErrorTest.Injector(NativeFiles.CALL_PWRITE, qsl.offheap.ffi.Errno.ENOSPC, 1));
            assertEquals(WalWriter.IO_ERROR, w.sync());
            assertTrue(w.isReadOnly());
            assertEquals(0, w.durableSequence());
            assertTrue(w.failure().operation().contains("manifest"), w.failure().toString());
        }
    }

    @Test
    void closeLeavesNoSegmentMapped() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return; // Linux only
        Path dir = tmp.resolve("mapped").toAbsolutePath();
        try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, SEGMENT, 64, Long.MAX_VALUE))) {
            LogFixture.append(w, perSegment() * 4, LEN);
            assertTrue(mapped(maps, dir) >= 1, "the current segment is mapped");
        }
        assertEquals(0, mapped(maps, dir), "every segment unmapped");
    }

    private static long mapped(Path maps, Path dir) throws Exception {
        return Files.readAllLines(maps).stream().filter(l -> l.contains(dir.toString())).count();
    }
}
