package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.store.SessionStore;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.journal.Journal;
import qsl.wal.DurabilityMode;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The journal thread: appends each session command from the engine ring to the log (a
 * {@link Journal}, record type {@link SessionCommandDescriptor#TYPE}) and writes
 * the responses that follow it into their sessions' stores, unreleased. A response is released
 * (made visible to the gateways) only once the log record of the command that caused it is
 * durable, by a group commit: one fdatasync for everything appended since the last, across all
 * sessions. In {@code sync} mode the group is what one poll of the ring took (every command waiting,
 * up to {@value #POLL_LIMIT}): they are appended, one fdatasync covers them, then their responses
 * are released. In {@code batch} mode the group grows over polls until the ring runs dry or the
 * batch limits are reached (checked between polls, so a poll's commands share one fdatasync). Either
 * way the WAL itself is opened without syncs of its own ({@link #stageSyncedWal}). In {@code none} mode responses are released at once. Either way no response is
 * released before the fdatasync covering its command has returned. At a snapshot marker it hands
 * the stores' counts to {@link NodeSnapshots}.
 */
public final class JournalStage implements Runnable, RecordHandler {
    private static final int HELD = 1 << 16;

    /** Most records taken from the ring per poll: in sync mode, the largest group one fdatasync covers. */
    static final int POLL_LIMIT = 1024;

    private final RingConsumer ring;
    private final Journal wal;
    private final NodeSnapshots snapshots;
    private final Sessions sessions;
    private final IdleStrategy idle;
    private final DurabilityMode mode;
    private final Runnable onRelease;
    private final EngineStage upstream;
    private final DurableFeed feed;

    // Responses written but not released: (log sequence, session, store count) in ring order.
    private final long[] heldSeq = new long[HELD];
    private final int[] heldSession = new int[HELD];
    private final long[] heldCount = new long[HELD];
    private int head;
    private int tail;

    private final int batchMaxRecords;
    private final long batchMaxNanos;
    /** When the oldest command appended but not yet synced was appended (batch mode's time limit). */
    private long firstPendingNanos;
    private long lastAppended;
    private long released;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile long releasedSequence;
    /** Held while a thread runs rounds of this stage ({@link #tryRun()}): the journal thread, or the node thread inline. */
    private final RunToken token = new RunToken();
    /** Commands the last group commit covered (how fast commands come, seen from the disk). Any thread. */
    private volatile long lastGroup;
    /** Overlapped group commits (batch, sync): threads that make the fdatasync calls; null: the runner makes them itself. */
    private JournalSyncs syncs;

    /**
     * @param mode the node's durability promise; in {@code batch} and {@code sync} modes the WAL is
     *     opened as {@link #stageSyncedWal} describes and this stage does the syncing
     * @param batchMaxRecords batch mode: a group commit once this many commands wait for one
     * @param batchMaxNanos batch mode: a group commit once the oldest command waiting for one is this old
     * @param snapshots the node's snapshots (null: none)
     */
    public JournalStage(RingConsumer ring, Journal wal, DurabilityMode mode, int batchMaxRecords, long batchMaxNanos, Sessions sessions,
                        IdleStrategy idle, EngineStage upstream, DurableFeed feed, Runnable onRelease, NodeSnapshots snapshots) {
        this.batchMaxRecords = batchMaxRecords;
        this.batchMaxNanos = batchMaxNanos;
        this.ring = ring;
        this.snapshots = snapshots;
        this.wal = wal;
        this.sessions = sessions;
        this.idle = idle;
        this.mode = mode;
        this.upstream = upstream;
        this.feed = feed;
        this.onRelease = onRelease;
        this.lastAppended = wal.lastSequence();
        this.released = lastAppended;
        this.releasedSequence = lastAppended;
        if (idle instanceof WakeableIdle w) w.work(this::pending);
    }

    /**
     * Whether records wait on the ring that no other thread is taking, or the engine thread ended
     * (the journal's last check before it parks). While the node thread runs a round inline the
     * journal thread parks: that round drains the ring.
     */
    private boolean pending() {
        return (!ring.isEmpty() && !token.held()) || upstream.done();
    }

    /**
     * Takes the stage for one or more rounds ({@link #step()}); false when another thread has it.
     * The journal thread and, with {@code threading = single}, the node thread ({@link InlineJournal})
     * both run rounds, one at a time; everything a round touches (the WAL, the held responses,
     * the stores' release counts) is handed from one to the next through this flag.
     */
    boolean tryRun() {
        return token.tryTake(); // acquire: the previous runner's writes, published by its endRun(), are visible
    }

    /** Gives the stage back after {@link #tryRun()}. */
    void endRun() {
        token.give(); // release: this round's writes are visible to the next runner's tryRun()
    }

    /**
     * Group commits overlap ({@link JournalSyncs}): this stage's runner starts each fdatasync on one
     * of the lanes' threads instead of making it, and the lane whose call returned releases what it
     * made durable. Set once, before any thread runs the stage; batch and sync modes only.
     */
    public void overlapSyncs(JournalSyncs s) {
        if (mode == DurabilityMode.NONE) throw new IllegalArgumentException("none mode makes no group commits");
        this.syncs = s;
        s.attach(this);
    }

    /** Commands the last group commit covered (0 before the first). Any thread. */
    long lastGroup() {
        return lastGroup;
    }

    /**
     * The WAL configuration for a node in {@code mode}: in {@code sync} and {@code batch} modes the
     * WAL's own fdatasync calls (per record, or inside an append once its batch limits are reached)
     * are replaced by this stage's group commit, so the WAL is opened in batch mode with limits it
     * never reaches: this stage syncs between polls of the ring, never in the middle of one (a sync
     * inside an append made a poll of 1,024 commands in batch mode wait for four fdatasync calls).
     */
    public static WalConfig stageSyncedWal(WalConfig config) {
        if (config.mode() == DurabilityMode.NONE) return config;
        return new WalConfig(config.directory(), DurabilityMode.BATCH, config.segmentLength(), Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public boolean done() {
        return done;
    }

    public Throwable failure() {
        return failure;
    }

    /** The log sequence through which every response has been released. Any thread. */
    public long releasedSequence() {
        return releasedSequence;
    }

    @Override
    public void run() {
        try {
            while (true) {
                boolean upstreamDone = upstream.done(); // read before polling: its last records are seen below
                boolean worked = false;
                boolean finished = false;
                if (tryRun()) { // else the node thread runs a round inline (InlineJournal): this one waits
                    try {
                        worked = step();
                        finished = !worked && upstreamDone && ring.isEmpty() && released >= lastAppended;
                    } finally {
                        endRun();
                    }
                    afterRun();
                }
                if (finished) break;
                if (worked) idle.reset();
                else idle.idle();
            }
        } catch (Throwable t) {
            failure = t;
            t.printStackTrace();
        } finally {
            ended();
        }
    }

    /**
     * One round: takes what the ring holds (up to {@value #POLL_LIMIT} records), appends the
     * commands, group-commits as the mode says, releases what is durable and wakes the gateways.
     * Returns whether it did anything. The journal thread's loop, or the engine thread's when it
     * runs this stage itself ({@link InlineJournal}, {@code none} mode).
     */
    boolean step() {
        int n = ring.poll(this, POLL_LIMIT);
        long durable;
        if (mode == DurabilityMode.NONE) {
            durable = lastAppended;
        } else if (syncs != null) {
            // overlapped: start a sync of everything appended (on a lane; unless K are in flight, then the
            // lane whose sync returns starts it), in sync mode after every poll, in batch mode as below
            checkSyncs();
            if (lastAppended > syncs.coveredUpTo() && (n == 0 || mode == DurabilityMode.SYNC || batchDue())) startSync();
            durable = wal.durableSequence();
        } else if (wal.durableSequence() < lastAppended && (n == 0 || mode == DurabilityMode.SYNC || batchDue())) {
            // group commit of everything appended so far: in sync mode after every poll, in
            // batch mode once the ring ran dry or the batch limits are reached
            long before = wal.durableSequence();
            durable = wal.sync();
            if (durable < 0) throw new IllegalStateException("WAL sync failed: " + wal.lastError());
            lastGroup = durable - before;
        } else {
            durable = wal.durableSequence();
        }
        Chaos.pause(); // stress runs only: between the append/sync and the release
        boolean any = release(durable);
        if (any) onRelease.run();
        return n > 0 || any;
    }

    /** Batch mode: the commands waiting for a group commit reached the record or the time limit. */
    private boolean batchDue() {
        return lastAppended - synced() >= batchMaxRecords || System.nanoTime() - firstPendingNanos >= batchMaxNanos;
    }

    /** The newest command a group commit covers (returned, or with overlapped syncs started). The runner. */
    private long synced() {
        return syncs == null ? wal.durableSequence() : syncs.coveredUpTo();
    }

    /** Overlapped syncs: starts one of everything appended (the runner); records how many commands it covers. */
    private void startSync() {
        long before = syncs.coveredUpTo();
        if (syncs.startSync()) lastGroup = lastAppended - before;
    }

    /** Overlapped syncs: a failed sync made the writer read-only; this stage stops as when its own sync fails. */
    private void checkSyncs() {
        WalWriter.Failure f = syncs.failure();
        if (f != null) throw new IllegalStateException("WAL sync failed: " + f);
    }

    /**
     * A lane's thread, after its sync returned and its outcome was recorded: takes the stage (if no
     * other thread has it) to release what is durable now and to start the sync that the bound of
     * K in flight held back. When another thread has the stage, that thread does it once it gives the
     * stage back ({@link #afterRun()}): the lane's compare-and-sets of the durable sequence come before
     * its attempt to take the stage, the runner's release of the stage before its check of the
     * durable sequence ({@link RunToken#runWhileDue}).
     */
    void syncReturned() {
        token.runWhileDue(syncRounds, true);
    }

    /** Every runner, after {@link #endRun()}: does what a lane's returned sync left to it (see {@link #syncReturned()}). */
    void afterRun() {
        if (syncs != null) token.runWhileDue(syncRounds, false);
    }

    /** Overlapped syncs: the rounds a returned sync asks for, run by whichever thread holds the stage. */
    private final RunToken.Rounds syncRounds = new RunToken.Rounds() {
        /** Stage held: stop on a failed sync, start the sync held back, release what is durable. */
        @Override
        public void round() {
            checkSyncs();
            if (lastAppended > syncs.coveredUpTo()) startSync();
            if (release(wal.durableSequence())) onRelease.run();
        }

        /**
         * After the stage was given back: a returned sync left durable responses unreleased, or a
         * sync unstarted. The last holder's writes (released, lastAppended) are visible: its release
         * store of the token, then our volatile read of it in runWhileDue().
         */
        @Override
        public boolean due() {
            return wal.durableSequence() > released || (lastAppended > syncs.coveredUpTo() && syncs.inFlight() < syncs.max());
        }
    };

    /** A lane's thread failed (its sync failed, or the release after it threw). */
    void failed(Throwable t) {
        if (failure == null) failure = t;
        t.printStackTrace();
    }

    /** The stage is over (its thread ended, or the engine thread that ran it inline did). */
    void ended() {
        done = true;
        if (snapshots != null) snapshots.journalEnded();
    }

    private boolean release(long durable) {
        boolean any = false;
        int h = head;
        while (h != tail && heldSeq[h] <= durable) {
            sessions.get(heldSession[h]).store().release(heldCount[h]);
            h = (h + 1) & (HELD - 1);
            any = true;
        }
        head = h;
        if (durable > released) {
            if (feed != null) feed.durable(durable);
            released = durable;
            releasedSequence = durable;
            any = true;
        }
        return any;
    }

    private void syncAndRelease() {
        long durable = mode == DurabilityMode.NONE ? lastAppended : wal.sync();
        if (durable < 0) throw new IllegalStateException("WAL sync failed: " + wal.lastError());
        if (release(durable)) onRelease.run();
    }

    @Override
    public void onRecord(int type, MemorySegment buffer, long offset, int length) {
        if (type == SessionCommandDescriptor.TYPE) {
            if (mode == DurabilityMode.BATCH && lastAppended == synced()) firstPendingNanos = System.nanoTime();
            long seq = wal.append(SessionCommandDescriptor.TYPE, buffer, offset, length);
            if (seq < 0) throw new IllegalStateException("WAL append failed (" + seq + "): " + wal.lastError());
            lastAppended = seq;
            Chaos.pause(); // stress runs only: between appending a command and storing its responses
            if (feed != null && !feed.appended(seq, buffer, offset, length)) {
                syncAndRelease(); // the feed's queue is full: make everything durable, hand it over, retry
                if (!feed.appended(seq, buffer, offset, length)) throw new IllegalStateException("feed queue too small for one record");
            }
        } else if (type == ResponseRecordDescriptor.TYPE) {
            int session = ResponseRecordDescriptor.session(buffer, offset);
            SessionStore store = sessions.get(session).store();
            int packet = length - ResponseRecordDescriptor.PACKET_OFFSET;
            long o = store.reserve(packet);
            if (o < 0) throw new IllegalStateException("the output store of " + store.username() + " is full");
            MemorySegment.copy(buffer, offset + ResponseRecordDescriptor.PACKET_OFFSET, store.data(), o, packet);
            store.appended(packet);
            hold(lastAppended, session, store.written());
        } else if (type == NodeSnapshots.MARKER_TYPE && snapshots != null) {
            snapshots.marked(buffer.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, offset));
        }
    }

    private void hold(long seq, int session, long count) {
        int last = (tail - 1) & (HELD - 1);
        if (tail != head && heldSeq[last] == seq && heldSession[last] == session) {
            heldCount[last] = count;
            return;
        }
        if (((tail + 1) & (HELD - 1)) == head) {
            syncAndRelease(); // too many unreleased responses: make the log durable now and release them
        }
        heldSeq[tail] = seq;
        heldSession[tail] = session;
        heldCount[tail] = count;
        tail = (tail + 1) & (HELD - 1);
    }
}
