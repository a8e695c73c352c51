package qsl.gateway.pipeline;

import java.util.concurrent.locks.LockSupport;
import qsl.offheap.ffi.NativeError;
import qsl.wal.OverlappedSyncs;
import qsl.wal.WalWriter;

/**
 * The journal stage's sync threads when group commits overlap ({@code syncs.in.flight} = K &ge; 1,
 * batch and sync modes): the stage's runner no longer waits in {@code fdatasync}; it starts a sync
 * of everything appended so far on one of K threads ({@code qsl-sync-1} ...) and goes on; while one
 * is in flight, commands appended after it started get a sync of their own on another thread, up to
 * K at once. The log's durable sequence advances as the syncs return, in the order they started
 * ({@link OverlappedSyncs}), and the thread whose sync returned releases the responses it made
 * durable ({@link JournalStage#syncReturned()}). A response is still released only once a sync
 * covering its command has returned 0.
 *
 * <p>Hand-off: the runner stores the ticket in the lane's {@code request} (volatile: release) and
 * wakes the lane's thread ({@link WakeableIdle#wake()}); the lane reads it (acquire), so the ticket's
 * range and the records' bytes written before it are visible to the call. Allocation-free per sync.
 */
public final class JournalSyncs {
    private final OverlappedSyncs syncs;
    private final Lane[] lanes;
    private final Thread[] threads;
    private JournalStage stage;
    private volatile boolean stopping;

    /**
     * @param max syncs in flight at most (K), one thread each
     * @param idle what a lane's thread does while it has no sync to make (spins briefly, then parks until woken)
     */
    public JournalSyncs(WalWriter writer, int max, java.util.function.Supplier<WakeableIdle> idle) {
        this.syncs = new OverlappedSyncs(writer, max);
        this.lanes = new Lane[max];
        this.threads = new Thread[max];
        for (int i = 0; i < max; i++) {
            lanes[i] = new Lane(idle.get());
            threads[i] = new Thread(lanes[i], "qsl-sync-" + (i + 1));
            threads[i].setDaemon(true);
        }
    }

    /** The stage whose syncs these are; set once, before {@link #start()}. */
    void attach(JournalStage s) {
        this.stage = s;
    }

    /** Starts the lanes' threads. */
    public void start() {
        for (Thread t : threads) t.start();
    }

    /** Most syncs in flight at once (K). */
    public int max() {
        return syncs.max();
    }

    /**
     * The stage's runner (the WAL's writer thread): starts a sync of every record appended so far
     * on a free lane, unless nothing is new since the last one started or K are in flight. Returns
     * whether one started.
     */
    boolean startSync() {
        long t = syncs.start();
        if (t == 0) return false;
        lanes[syncs.laneOf(t)].hand(t);
        return true;
    }

    /** The newest record a started or returned sync covers. The stage's runner. */
    long coveredUpTo() {
        return syncs.coveredUpTo();
    }

    /** Syncs started and not yet returned in order (a hint from any thread). */
    long inFlight() {
        return syncs.inFlight();
    }

    /** The failure a sync reported (the writer is read-only), or null. */
    WalWriter.Failure failure() {
        return syncs.failure();
    }

    /** fdatasync calls the lanes have made. Any thread: a recent value. */
    public long calls() {
        long n = 0;
        for (Lane l : lanes) n += l.lane.calls();
        return n;
    }

    /** Thread ids of the lanes' threads. */
    public long[] threadIds() {
        long[] ids = new long[threads.length];
        for (int i = 0; i < ids.length; i++) ids[i] = threads[i].threadId();
        return ids;
    }

    /** Ends the lanes' threads (after the stage ended: no sync in flight) and closes their descriptors. */
    public void stop() {
        stopping = true;
        for (Lane l : lanes) l.idle.wake();
        for (Thread t : threads) {
            while (t.isAlive()) {
                LockSupport.unpark(t);
                try {
                    t.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One sync thread: its descriptor of the current segment, the newest ticket handed to it and the last it made. */
    private final class Lane implements Runnable {
        private final OverlappedSyncs.Lane lane = syncs.lane();
        private final WakeableIdle idle;
        /** Newest ticket handed to this lane (volatile: the hand-off's release/acquire). */
        private volatile long request;
        /** Lane thread only: the last ticket it made the call of. */
        private long done;

        Lane(WakeableIdle idle) {
            this.idle = idle;
            idle.work(this::pending);
        }

        private boolean pending() {
            return request > done || stopping;
        }

        /** The runner: ticket {@code t} is this lane's next (its previous one, {@code t - K}, has returned: it was retired). */
        void hand(long t) {
            request = t; // volatile store (release): the ticket's range and the appended records, for the lane's read below
            idle.wake(); // StoreLoad fence, then unparks the lane if it announced a sleep
        }

        @Override
        public void run() {
            try {
                while (true) {
                    long t = request; // volatile read (acquire): pairs with the store in hand()
                    if (t > done) {
                        Chaos.pause(); // stress runs only: between the hand-off and the call
                        NativeError e = lane.call(t);
                        done = t;
                        Chaos.pause(); // between the call's return and its report (other lanes may report first)
                        syncs.finish(t, e); // retires in ticket order and publishes the durable sequence
                        Chaos.pause(); // between the publication and the release
                        stage.syncReturned(); // releases what that made durable, unless the stage's runner will
                        idle.reset();
                        continue;
                    }
                    if (stopping) break;
                    idle.idle();
                }
            } catch (Throwable x) {
                stage.failed(x);
            } finally {
                lane.close();
            }
        }
    }
}
