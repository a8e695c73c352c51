package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;

/**
 * {@link OverlappedSyncs}: syncs of one log on several threads at once publish the durable sequence
 * only as far as syncs that returned 0 cover it, in the order they started, across segment rolls;
 * a failed sync (EIO injected as a failing downcall) stops every later publication and turns the
 * writer read-only with a typed failure.
 */
class OverlappedSyncsTest {
    @TempDir
    Path dir;

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    private WalWriter writer(long segmentLength) {
        return LogFixture.open(new WalConfig(dir, DurabilityMode.BATCH, segmentLength, Integer.MAX_VALUE, Long.MAX_VALUE));
    }

    /**
     * A writer thread appends and starts syncs, three lane threads make them, a checker reads the
     * durable sequence all along: every value it reads is covered by a sync that had returned 0
     * (each data sync's coverage is what the log held when the call started, recorded by a hook at
     * the call; the hook's "returned" maximum is raised before the call's outcome is reported).
     * Small segments make the writer roll under the lanes many times.
     */
    @Test
    void everyDurableSequenceReadIsCoveredByASyncThatReturned() throws Exception {
        WalWriter w = writer(64 << 10);
        OverlappedSyncs syncs = new OverlappedSyncs(w, 3);
        AtomicLong returnedCover = new AtomicLong(w.durableSequence());
        // the coverage of the call in flight on each thread: what the log held (lastSequence) when it started
        ThreadLocal<long[]> callCover = ThreadLocal.withInitial(() -> new long[1]);
        NativeFiles.hook(new NativeFiles.Hook() {
            @Override
            public int before(int call, int fd, Path path) {
                if (call == NativeFiles.CALL_DATASYNC) callCover.get()[0] = w.lastSequence();
                return NativeFiles.PROCEED;
            }

            @Override
            public void after(int call, int fd, Path path, Path to, long arg) {
                if (call == NativeFiles.CALL_DATASYNC) returnedCover.accumulateAndGet(callCover.get()[0], Math::max);
            }
        });
        int records = 4000;
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] handed = new long[3];
        long[] done = new long[3];
        Object lock = new Object();
        List<Thread> lanes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int lane = i;
            OverlappedSyncs.Lane l = syncs.lane();
            Thread t = new Thread(() -> {
                try (l) {
                    while (true) {
                        long ticket;
                        synchronized (lock) {
                            while (handed[lane] <= done[lane] && handed[lane] >= 0) lock.wait();
                            if (handed[lane] < 0) return;
                            ticket = handed[lane];
                        }
                        NativeError e = l.call(ticket);
                        synchronized (lock) {
                            done[lane] = ticket;
                        }
                        syncs.finish(ticket, e);
                        synchronized (lock) {
                            lock.notifyAll();
                        }
                    }
                } catch (Throwable x) {
                    failure.compareAndSet(null, x);
                }
            }, "lane-" + i);
            t.start();
            lanes.add(t);
        }
        Thread checker = new Thread(() -> {
            while (violation.get() == null && w.durableSequence() < records) {
                long d = w.durableSequence();
                long covered = returnedCover.get();
                if (d > covered) violation.set("durable sequence " + d + " read while the syncs that returned cover " + covered);
            }
        }, "checker");
        checker.start();
        List<long[]> frames = new ArrayList<>();
        while (w.nextSequence() <= records) {
            frames.addAll(LogFixture.append(w, 1 + (int) (w.nextSequence() % 7), 200));
            long t;
            synchronized (lock) {
                t = syncs.start();
                if (t != 0) {
                    handed[syncs.laneOf(t)] = t;
                    lock.notifyAll();
                }
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (w.durableSequence() < w.nextSequence() - 1 && failure.get() == null && System.nanoTime() < deadline) {
            synchronized (lock) {
                long t = syncs.start();
                if (t != 0) {
                    handed[syncs.laneOf(t)] = t;
                    lock.notifyAll();
                }
                lock.wait(10);
            }
        }
        synchronized (lock) {
            for (int i = 0; i < 3; i++) handed[i] = -1;
            lock.notifyAll();
        }
        for (Thread t : lanes) t.join(60_000);
        checker.join(60_000);
        assertNull(failure.get(), () -> "lane failed: " + failure.get());
        assertNull(violation.get());
        assertEquals(w.nextSequence() - 1, w.durableSequence(), "every record durable at the end");
        assertTrue(w.segmentIndex() > 3, "the writer rolled under the lanes: segment " + w.segmentIndex());
        assertFalse(w.isReadOnly());
        w.close();
    }

    /** Syncs returning out of order: a later-started one's success publishes nothing until every earlier one returned. */
    @Test
    void publishesInStartOrder() {
        WalWriter w = writer(1 << 20);
        OverlappedSyncs syncs = new OverlappedSyncs(w, 2);
        LogFixture.append(w, 3, 20);
        long t1 = syncs.start();
        LogFixture.append(w, 2, 20);
        long t2 = syncs.start();
        assertEquals(0, syncs.start(), "two in flight: the bound");
        try (OverlappedSyncs.Lane a = syncs.lane(); OverlappedSyncs.Lane b = syncs.lane()) {
            syncs.finish(t2, b.call(t2));
            assertEquals(0, w.durableSequence(), "t2 returned first: nothing published while t1 is in flight");
            syncs.finish(t1, a.call(t1));
            assertEquals(5, w.durableSequence(), "both returned: the later one's range");
            assertEquals(0, syncs.inFlight());
            assertEquals(0, syncs.start(), "nothing new to sync");
        }
        w.close();
    }

    /**
     * An injected EIO on the earlier sync: the later sync's success is never published, the writer
     * is read-only with a failure naming the call, and its own sync and appends refuse from then on.
     */
    @Test
    void aFailedSyncStopsEveryLaterPublicationAndTurnsTheWriterReadOnly() {
        WalWriter w = writer(1 << 20);
        OverlappedSyncs syncs = new OverlappedSyncs(w, 2);
        LogFixture.append(w, 3, 20);
        assertEquals(3, w.sync(), "records 1-3 durable through the writer's own sync");
        LogFixture.append(w, 2, 20);
        long t1 = syncs.start();
        LogFixture.append(w, 2, 20);
        long t2 = syncs.start();
        try (OverlappedSyncs.Lane a = syncs.lane(); OverlappedSyncs.Lane b = syncs.lane()) {
            NativeFiles.hook(LogFixture.failWithEio((call, path) -> call == NativeFiles.CALL_DATASYNC));
            NativeError e1 = a.call(t1);
            NativeFiles.hook(null);
            assertNotNull(e1);
            assertEquals(Errno.EIO, e1.errno());
            NativeError e2 = b.call(t2);
            assertNull(e2, "the later sync itself succeeds");
            syncs.finish(t2, e2);
            syncs.finish(t1, e1);
            assertEquals(3, w.durableSequence(), "nothing past the failed sync is ever published");
            assertTrue(w.isReadOnly());
            assertNotNull(syncs.failure());
            assertTrue(w.failure().operation().startsWith(NativeFiles.SYNC_CALL), w.failure().toString());
            assertEquals(Errno.EIO, w.failure().error().errno());
            assertEquals(WalWriter.IO_ERROR, w.sync(), "the writer's own sync refuses");
            assertEquals(WalWriter.IO_ERROR, w.append(7, java.lang.foreign.MemorySegment.ofArray(new byte[8]), 0, 8), "appends refuse");
            assertEquals(3, w.durableSequence());
        }
        w.close();
    }
}
