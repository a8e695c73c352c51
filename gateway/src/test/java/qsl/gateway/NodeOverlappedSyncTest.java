package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.offheap.ffi.Errno;
import qsl.wal.DurabilityMode;
import qsl.wal.NativeFiles;

/**
 * Overlapping group commits ({@code syncs.in.flight} &ge; 1) in a running node: a response is
 * released only once a sync that started after its command was appended has returned 0, while
 * several syncs are in flight; and an fdatasync that fails on a sync thread stops the node's
 * journal with the WAL read-only, and nothing after it is answered.
 */
class NodeOverlappedSyncTest {
    private static final String[] USERS = {"alice", "bob", "carol", "eve"};

    @AfterEach
    void unhook() {
        NativeFiles.hook(null);
    }

    /**
     * Each data sync's coverage is the journal's newest command when the call started (recorded by
     * a hook at the call, raised into "returned" when it returns 0, before its outcome is reported);
     * a checker reads the node's released sequence all along: it must never exceed what the syncs
     * that returned cover. Pipelined clients keep several syncs in flight.
     */
    @Test
    void everyReleaseIsCoveredByASyncThatReturned() throws Exception {
        for (DurabilityMode mode : new DurabilityMode[] {DurabilityMode.BATCH, DurabilityMode.SYNC}) {
            for (NodeThreading threading : new NodeThreading[] {NodeThreading.SINGLE, NodeThreading.SHARED}) {
                try (NodeFixture f = new NodeFixture()) {
                    Node node = f.start(f.config().withDurability(mode).withThreading(threading).withSyncsInFlight(3));
                    AtomicLong returned = new AtomicLong(node.releasedSequence());
                    ThreadLocal<long[]> cover = ThreadLocal.withInitial(() -> new long[1]);
                    NativeFiles.hook(new NativeFiles.Hook() {
                        @Override
                        public int before(int call, int fd, Path path) {
                            if (call == NativeFiles.CALL_DATASYNC) cover.get()[0] = node.journaledSequence();
                            return NativeFiles.PROCEED;
                        }

                        @Override
                        public void after(int call, int fd, Path path, Path to, long arg) {
                            if (call == NativeFiles.CALL_DATASYNC) returned.accumulateAndGet(cover.get()[0], Math::max);
                        }
                    });
                    AtomicReference<String> violation = new AtomicReference<>();
                    AtomicInteger answered = new AtomicInteger();
                    int perUser = 400;
                    Thread checker = new Thread(() -> {
                        while (violation.get() == null && answered.get() < USERS.length * perUser) {
                            long released = node.releasedSequence();
                            long covered = returned.get();
                            if (released > covered) violation.set("released through " + released + " while the syncs that returned cover " + covered);
                        }
                    });
                    checker.start();
                    List<EntryClient> clients = new ArrayList<>();
                    try {
                        for (String u : USERS) clients.add(f.login(u));
                        for (int i = 1; i <= perUser; i++) {
                            for (EntryClient c : clients) c.enter(i, "AAPL", 'B', 'L', 'G', 9_000 + i, 10);
                        }
                        for (EntryClient c : clients) {
                            for (int i = 1; i <= perUser; i++) {
                                EntryClient.Packet p = c.next(20_000);
                                assertNotNull(p, "answer " + i);
                                assertEquals(Wire.ACCEPTED, p.messageType(), "answer " + i + ": " + p);
                                answered.incrementAndGet();
                            }
                        }
                    } finally {
                        answered.set(Integer.MAX_VALUE);
                        checker.join(60_000);
                        for (EntryClient c : clients) c.close();
                    }
                    assertNull(violation.get(), mode.label() + ", " + threading.label());
                    assertNull(node.failure());
                    NativeFiles.hook(null);
                }
            }
        }
    }

    /**
     * EIO on a sync thread's fdatasync (after its first 20 calls): the journal stops with the WAL's
     * failure, the log is read-only, and the command whose group commit failed is never answered.
     */
    @Test
    void aFailedOverlappedSyncStopsTheJournalAndIsNeverAcknowledged() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            Node node = f.start(f.config().withDurability(DurabilityMode.BATCH).withSyncsInFlight(2));
            AtomicInteger laneCalls = new AtomicInteger();
            NativeFiles.hook(new NativeFiles.Hook() {
                @Override
                public int before(int call, int fd, Path path) {
                    if (call != NativeFiles.CALL_DATASYNC || !Thread.currentThread().getName().startsWith("qsl-sync-")) return NativeFiles.PROCEED;
                    return laneCalls.incrementAndGet() > 20 ? Errno.EIO : NativeFiles.PROCEED;
                }

                @Override
                public void after(int call, int fd, Path path, Path to, long arg) {}
            });
            try (EntryClient c = f.login("alice")) {
                int answered = 0;
                for (int i = 1; i <= 200; i++) {
                    EntryClient.Packet p;
                    try {
                        c.enter(i, "AAPL", 'B', 'L', 'G', 9_000 + i, 10);
                        p = c.next(5_000);
                    } catch (java.io.IOException closed) {
                        break; // the node thread stopped with the journal (threading = single runs it inline): its sessions close
                    }
                    if (p == null) break;
                    assertEquals(Wire.ACCEPTED, p.messageType(), "answer " + i + ": " + p);
                    answered++;
                }
                assertTrue(answered >= 20 && answered < 200, "answers stop once a sync fails: " + answered + " answered");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (node.failure() == null && System.nanoTime() < deadline) Thread.sleep(10);
                Throwable t = node.failure();
                assertNotNull(t, "the journal stopped with a failure");
                assertTrue(String.valueOf(t.getMessage()).contains("WAL sync failed"), String.valueOf(t));
                assertTrue(String.valueOf(t.getMessage()).contains("EIO"), String.valueOf(t));
                long released = node.releasedSequence();
                assertTrue(released < node.journaledSequence(), "the failed group's commands are not released: released "
                        + released + ", journaled " + node.journaledSequence());
                try {
                    EntryClient.Packet p = c.next(1_000);
                    assertTrue(p == null || p.messageType() != Wire.ACCEPTED, "nothing answered after the failure: " + p);
                } catch (java.io.EOFException closed) {
                    // the node thread stopped with the journal (threading = single runs it inline): its sessions close
                }
            }
            NativeFiles.hook(null);
        }
    }
}
