package qsl.wal;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;

/**
 * Up to {@code max} syncs of one {@link WalWriter}'s log in flight at once, each on a thread of its
 * own (a {@link Lane}), and the publication of the writer's durable sequence from their results.
 * On a disk that serves two {@code fdatasync} calls at the latency of one (a virtual disk, an NVMe
 * queue), a sync of records appended while another sync is in flight need not wait for it to end.
 *
 * <p>Protocol. The writer thread (whoever appends: one thread at a time) {@link #start()}s a sync:
 * a <em>ticket</em> (1, 2, ...) naming the range "every record appended so far" ({@code upTo}) and
 * the segment holding the newest of them. The thread of {@link #laneOf lane} {@code ticket % max}
 * makes the call ({@link Lane#call}) through its own descriptor of that segment and reports the
 * outcome ({@link #finish}). Outcomes are <em>retired</em> in ticket order: ticket {@code t} is
 * retired once every ticket before it was; retiring a successful ticket publishes its {@code upTo}
 * through {@link WalWriter#durableAt} (a compare-and-set maximum); a failed ticket is never
 * retired, so no later ticket is either, and the writer turns read-only ({@link WalWriter#syncFailed}).
 * At most {@code max} tickets are started and not retired.
 *
 * <p>Why a ticket's success may publish its whole {@code upTo}: {@code fdatasync} makes durable
 * everything written to the file before the call started (POSIX; on Linux the call writes back
 * every page dirty when it starts, waits for every page already under write-back, then flushes the
 * device cache), so a later-started sync covers everything an earlier one covers, whatever order
 * they return in, and a segment the writer left was synced by the writer itself when it rolled.
 * Why retire in order and not publish as each returns: an error of a page's write-back is reported
 * once per open file description (Linux errseq), to whichever sync of that description checks first;
 * each lane has a description of its own, so every sync that waited for the failed page sees the
 * error, except one whose description was opened after another description had already seen it;
 * that other sync started earlier, and in-order retirement stops the later one's publication at it.
 * A sync on the writer's own descriptor ({@link WalWriter#sync()}, at a roll) sees every error of its
 * segment itself and publishes through the same maximum.
 *
 * <p>Allocation: none per sync; a lane allocates when it opens the next segment's file (once per
 * segment per lane; the file's name is made once per segment for all lanes) and on a failure.
 */
public final class OverlappedSyncs {
    private static final VarHandle STARTED;
    private static final VarHandle RETIRED;
    private static final VarHandle OUTCOME = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STARTED = l.findVarHandle(OverlappedSyncs.class, "started", long.class);
            RETIRED = l.findVarHandle(OverlappedSyncs.class, "retired", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WalWriter writer;
    private final int max;
    /** Per slot ({@code ticket % max}): the range and segment of the ticket started in it. Written by the writer thread before the ticket is handed to a lane. */
    private final long[] upTo;
    private final long[] segment;
    /** Per slot: {@code t} once ticket {@code t} succeeded, {@code -t} once it failed (anything else: in flight or older). */
    private final long[] outcome;
    private final NativeError[] errors;
    /** Tickets handed out; written by the writer thread only. */
    @SuppressWarnings("unused") // accessed through STARTED
    private volatile long started;
    /** Tickets retired, in order (advanced by compare-and-set from any lane). */
    @SuppressWarnings("unused") // accessed through RETIRED
    private volatile long retired;
    /** Writer thread: the {@code upTo} of the newest ticket. */
    private long covered;
    /** The newest segment's file, named once for every lane (a name costs a formatted string). */
    private volatile SegmentFile segmentFile;

    /** A segment index and its file. */
    private record SegmentFile(long index, Path path) {}

    /** @param max syncs in flight at most (1 or more) */
    public OverlappedSyncs(WalWriter writer, int max) {
        if (max < 1) throw new IllegalArgumentException("need max >= 1, got " + max);
        this.writer = writer;
        this.max = max;
        this.upTo = new long[max];
        this.segment = new long[max];
        this.outcome = new long[max];
        this.errors = new NativeError[max];
        this.covered = writer.durableSequence();
    }

    /** Most syncs in flight at once. */
    public int max() {
        return max;
    }

    /** The lane (0 to {@code max - 1}) whose thread makes the call of {@code ticket}. */
    public int laneOf(long ticket) {
        return (int) (ticket % max);
    }

    /**
     * Writer thread: starts a sync of every record appended so far, unless none is new since the
     * last sync started or {@code max} are in flight. Returns its ticket (hand it to lane
     * {@link #laneOf}) or 0.
     */
    public long start() {
        long s = (long) STARTED.getOpaque(this); // only this thread writes it
        if (s - (long) RETIRED.getAcquire(this) >= max) return 0; // acquire: the slot's last reader is done with it
        long u = writer.syncUpTo();
        if (u <= coveredUpTo()) return 0;
        long t = s + 1;
        int slot = laneOf(t);
        upTo[slot] = u;
        segment[slot] = writer.segmentIndex();
        covered = u;
        // release: the slot's range is visible to whoever reads started; the lane gets the ticket through
        // its own release/acquire hand-off (the caller's), which also covers the records' writes
        STARTED.setRelease(this, t);
        return t;
    }

    /** Writer thread: the newest record covered by a sync started or returned (no new sync needed through it). */
    public long coveredUpTo() {
        return Math.max(covered, writer.durableSequence());
    }

    /** Syncs started and not yet retired. Any thread (a hint: it may change at once). */
    public long inFlight() {
        return (long) STARTED.getAcquire(this) - (long) RETIRED.getAcquire(this);
    }

    /** The failure a sync reported, or null. Any thread. */
    public WalWriter.Failure failure() {
        WalWriter.Failure f = writer.failure();
        return writer.isReadOnly() ? f : null;
    }

    /**
     * Any thread (the lane's, after its call): records the outcome of {@code ticket} ({@code error}
     * null: the sync returned 0), then retires every ticket it can, in order.
     */
    public void finish(long ticket, NativeError error) {
        int slot = laneOf(ticket);
        errors[slot] = error; // plain: published by the release store below
        OUTCOME.setRelease(outcome, slot, error == null ? ticket : -ticket); // pairs with the getAcquire in retire()
        retire();
    }

    /** Retires tickets in order while the next one has an outcome; publishes each success, stops at a failure. */
    private void retire() {
        while (true) {
            long r = (long) RETIRED.getAcquire(this);
            long t = r + 1;
            int slot = laneOf(t);
            long o = (long) OUTCOME.getAcquire(outcome, slot); // acquire: the slot's range and error as its lane saw them
            if (o == -t) {
                // never retired: no later ticket is, and the writer never claims a record past its durable sequence of now
                NativeError e = errors[slot];
                writer.syncFailed(new WalWriter.Failure(NativeFiles.SYNC_CALL + " of segment " + segment[slot] + " (overlapped sync "
                        + t + ", records through " + upTo[slot] + ")", e));
                return;
            }
            if (o != t) return; // not returned yet (or the slot still holds an older ticket's outcome)
            long u = upTo[slot]; // read before the CAS: once retired passes t the writer may reuse the slot
            // CAS: one thread retires t; the others re-read and go on with t + 1. Publishing u is sound here:
            // ticket t's call returned 0 and started after records 1..u were written (the writer appended
            // them, then started t, and its lane read t after that), and fdatasync covers every write made
            // to the file before the call started; tickets 1..t-1 all returned 0 too (retired in order), so
            // no failure reported to an earlier sync is passed. Earlier segments were synced by the roll.
            if (RETIRED.compareAndSet(this, r, t)) writer.durableAt(u);
        }
    }

    /**
     * A thread that makes syncs of this log: its own file descriptor of the segment it last synced,
     * and its own {@link NativeFiles}. One thread at a time per lane.
     */
    public Lane lane() {
        return new Lane();
    }

    /** One syncing thread's descriptor and call state; {@link #close()} when its thread ends. */
    public final class Lane implements AutoCloseable {
        private final Arena arena = Arena.ofShared(); // made on the node's thread, used on the lane's
        private final NativeFiles files = new NativeFiles(arena);
        private int fd = -1;
        private long fdSegment = -1;
        private long calls;

        private Lane() {}

        /** fdatasync calls this lane made. A plain read of its thread's counter: a recent value, never a torn one on a 64-bit JVM. */
        public long calls() {
            return calls;
        }

        /**
         * Makes the sync of {@code ticket}: {@code fdatasync} of its segment through this lane's own
         * descriptor (opened at the first ticket naming that segment). Returns null on success or
         * the failure; report it with {@link #finish}. A range already durable (a roll synced it)
         * needs no call.
         */
        public NativeError call(long ticket) {
            int slot = laneOf(ticket);
            long u = upTo[slot];
            long seg = segment[slot];
            if (u <= writer.durableSequence()) return null;
            if (seg != fdSegment) {
                if (fd >= 0) files.close(fd);
                fd = -1;
                fdSegment = -1;
                SegmentFile sf = segmentFile; // volatile read: a record's fields are final, safely published
                if (sf == null || sf.index() != seg) {
                    sf = new SegmentFile(seg, writer.segmentPath(seg));
                    segmentFile = sf;
                }
                int f = files.open(sf.path(), NativeFiles.O_RDWR, 0);
                if (f < 0) {
                    NativeError e = files.lastError();
                    // a segment pruned after a roll synced it: nothing was left to sync
                    return e.errno() == Errno.ENOENT && u <= writer.durableSequence() ? null : e;
                }
                fd = f;
                fdSegment = seg;
            }
            calls++;
            return files.dataSync(fd) == 0 ? null : files.lastError();
        }

        @Override
        public void close() {
            if (fd >= 0) files.close(fd);
            fd = -1;
            arena.close();
        }
    }
}
