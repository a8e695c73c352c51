package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.offheap.ffi.Errno;

/** I/O errors injected as failing downcalls (the {@link NativeFiles.Hook}): never an ack, a read-only writer, a typed error. */
class IoErrorTest {
    @TempDir
    Path tmp;

    /** Fails the n-th call of one kind with an errno; records every call made. */
    static final class Injector implements NativeFiles.Hook {
        final int call;
        final int errno;
        int countdown;
        final List<String> calls = new ArrayList<>();

        Injector(int call, int errno, int nth) {
            this.call = call;
            this.errno = errno;
            this.countdown = nth;
        }

        @Override
        public int before(int c, int fd, Path path) {
            if (c == call && --countdown == 0) return errno;
            return NativeFiles.PROCEED;
        }

        @Override
        public void after(int c, int fd, Path path, Path to, long arg) {
            calls.add(c + (path == null ? "" : " " + path.getFileName()));
        }
    }

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    @Test
    void aFailedDataSyncNeverAcknowledgesAndTheWriterTurnsReadOnly() {
        for (int errno : new int[] {Errno.EIO, Errno.ENOSPC}) {
            Path dir = tmp.resolve("sync-" + errno);
            try (Arena a = Arena.ofConfined();
                 WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0))) {
                MemorySegment b = a.allocate(16);
                assertEquals(1, w.append(7, b, 0, 16));
                assertEquals(1, w.durableSequence());
                NativeFiles.hook(new Injector(NativeFiles.CALL_DATASYNC, errno, 1));
                assertEquals(WalWriter.IO_ERROR, w.append(7, b, 0, 16), "the failed sync is not an ack");
                assertEquals(1, w.durableSequence(), "the watermark did not move");
                assertTrue(w.isReadOnly());
                WalWriter.Failure f = w.failure();
                assertNotNull(f);
                assertEquals(errno, f.error().errno());
                assertTrue(f.operation().contains(NativeFiles.SYNC_CALL), f.toString());
                NativeFiles.hook(null);
                assertEquals(WalWriter.IO_ERROR, w.append(7, b, 0, 16), "read-only for good, even when the disk recovers");
                assertEquals(WalWriter.IO_ERROR, w.sync());
                assertEquals(1, w.durableSequence());
            }
        }
    }

    @Test
    void batchModeNeverPublishesAWatermarkPastAFailedSync() {
        Path dir = tmp.resolve("batch");
        try (Arena a = Arena.ofConfined();
             WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.BATCH, 64 << 10, 4, Long.MAX_VALUE))) {
            MemorySegment b = a.allocate(16);
            for (int i = 0; i < 4; i++) w.append(7, b, 0, 16);
            assertEquals(4, w.durableSequence());
            NativeFiles.hook(new Injector(NativeFiles.CALL_DATASYNC, Errno.EIO, 1));
            for (int i = 0; i < 3; i++) assertTrue(w.append(7, b, 0, 16) > 0);
            assertEquals(WalWriter.IO_ERROR, w.append(7, b, 0, 16));
            assertEquals(4, w.durableSequence());
            assertEquals(WalWriter.IO_ERROR, w.poll(Long.MAX_VALUE));
        }
    }

    @Test
    void noSpaceWhenASegmentRollsIsATypedErrorAndNoAck() {
        Path dir = tmp.resolve("roll");
        try (Arena a = Arena.ofConfined();
             WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.SYNC, 64 << 10, 1, 0))) {
            MemorySegment b = a.allocate(1000);
            NativeFiles.hook(new Injector(NativeFiles.CALL_FALLOCATE, Errno.ENOSPC, 1));
            long last = 0;
            long r;
            while ((r = w.append(7, b, 0, 1000)) > 0) last = r;
            assertEquals(WalWriter.IO_ERROR, r);
            assertEquals(last, w.durableSequence());
            assertEquals(Errno.ENOSPC, w.failure().error().errno());
            assertTrue(w.failure().operation().contains("preallocate segment 1"), w.failure().toString());
        }
    }

    @Test
    void aSnapshotWhoseSyncFailsIsNotWritten() throws Exception {
        Path dir = tmp.resolve("snap");
        NativeFiles.hook(new Injector(NativeFiles.CALL_DATASYNC, Errno.EIO, 1));
        SnapshotStore.Write r = SnapshotStore.write(dir, 5, new byte[] {1, 2, 3});
        SnapshotStore.Write.Failed f = assertInstanceOf(SnapshotStore.Write.Failed.class, r);
        assertEquals(Errno.EIO, f.error().errno());
        NativeFiles.hook(null);
        assertTrue(SnapshotStore.list(dir).isEmpty(), "no snapshot file under its final name");
        NativeFiles.hook(new Injector(NativeFiles.CALL_RENAME, Errno.EIO, 1));
        assertInstanceOf(SnapshotStore.Write.Failed.class, SnapshotStore.write(dir, 6, new byte[] {1}));
    }

    @Test
    void openFailuresAreValues() {
        NativeFiles.hook(new Injector(NativeFiles.CALL_OPEN, Errno.EACCES, 1));
        WalWriter.Open o = WalWriter.open(WalConfig.of(tmp.resolve("o"), DurabilityMode.SYNC), 0);
        assertInstanceOf(WalWriter.Open.Failed.class, o);
        NativeFiles.hook(new Injector(NativeFiles.CALL_MMAP, Errno.ENOMEM, 1));
        assertInstanceOf(WalWriter.Open.Failed.class, WalWriter.open(WalConfig.of(tmp.resolve("m"), DurabilityMode.SYNC), 0));
        NativeFiles.hook(new Injector(NativeFiles.CALL_FSYNC, Errno.EIO, 1));
        assertInstanceOf(WalWriter.Open.Failed.class, WalWriter.open(WalConfig.of(tmp.resolve("d"), DurabilityMode.SYNC), 0));
    }

    @Test
    void aNewLogDirectoryIsMadeDurableInItsParentAndNoneModeOpenSyncs() {
        Path dir = tmp.resolve("a").resolve("b");
        Injector rec = new Injector(-1, 0, 0);
        NativeFiles.hook(rec);
        try (WalWriter w = LogFixture.open(WalConfig.of(dir, DurabilityMode.NONE))) {
            assertEquals(0, w.durableSequence());
        }
        // mkdir a, fsync tmp; mkdir b, fsync a (as opened directories): both entries synced.
        assertTrue(rec.calls.contains(NativeFiles.CALL_MKDIR + " a"), rec.calls.toString());
        assertTrue(rec.calls.contains(NativeFiles.CALL_MKDIR + " b"), rec.calls.toString());
        int syncedDirs = 0;
        for (String c : rec.calls) if (c.equals(NativeFiles.CALL_FSYNC + "")) syncedDirs++;
        assertTrue(syncedDirs >= 3, "tmp, a and b synced: " + rec.calls);
        // Reopened in none mode: the data a previous process left is synced before a durable sequence is claimed.
        try (Arena a = Arena.ofConfined()) {
            try (WalWriter w = LogFixture.open(WalConfig.of(dir, DurabilityMode.NONE))) {
                w.append(7, a.allocate(8), 0, 8);
            }
            rec.calls.clear();
            try (WalWriter w = LogFixture.open(WalConfig.of(dir, DurabilityMode.NONE))) {
                assertTrue(rec.calls.contains(NativeFiles.CALL_DATASYNC + ""), rec.calls.toString());
                assertEquals(1, w.durableSequence());
                assertEquals(1, w.lastSequence());
                assertEquals(2, w.nextSequence());
            }
        }
        assertFalse(rec.calls.isEmpty());
    }
}
