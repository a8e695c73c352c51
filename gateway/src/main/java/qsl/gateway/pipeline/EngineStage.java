package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import qsl.gateway.SessionCommandDescriptor;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;

/**
 * The engine stage, on its own thread ({@link #run()}) or on the gateway's between reading input
 * and writing output ({@link #doWork()}, {@code threading = shared}): takes session commands from the inbound rings (the SoupBinTCP gateway's and
 * any other protocol's, polled in a fixed order), forwards each unchanged to the journal ring,
 * applies it through the {@link SessionMachine}, whose responses follow it on the journal ring.
 * The order the commands are taken in is the order they are journaled in, so replay sees exactly
 * what the engine saw: the journal thread appends each forwarded command as the next log record,
 * so this thread knows each command's log sequence, and takes the node's snapshots between
 * commands when they are due ({@link NodeSnapshots}).
 */
public final class EngineStage implements Runnable, RecordHandler {
    private final RingConsumer[] inbound;
    private final RingProducer journal;
    private final SessionMachine machine;
    private final IdleStrategy idle;
    private final IdleStrategy claimIdle;
    private final NodeSnapshots snapshots;
    private final WakeableIdle downstream;
    private InlineJournal inline;
    private long sequence;      // log sequence of the last command forwarded
    private long sinceCommands; // commands forwarded since the last snapshot taken
    private long sinceBytes;    // their bytes
    private volatile boolean inputClosed;
    private volatile boolean done;
    private volatile Throwable failure;

    /**
     * @param lastSequence the log's last sequence at start (the next command forwarded is journaled
     *     as {@code lastSequence + 1})
     * @param snapshots the node's snapshots (null: none are taken)
     * @param snapshotSequence the log sequence of the snapshot the node started from (the records
     *     after it count towards the next snapshot)
     * @param downstream the journal thread's idle strategy, woken after each publication to the journal
     *     ring, or null when it busy-polls. When {@code idle} is a {@link WakeableIdle}, this stage
     *     registers its inbound rings as the work it checks before parking (producers must wake it).
     */
    public EngineStage(RingConsumer[] inbound, RingProducer journal, SessionMachine machine, IdleStrategy idle, IdleStrategy claimIdle,
                       long lastSequence, NodeSnapshots snapshots, long snapshotSequence, WakeableIdle downstream) {
        this.downstream = downstream;
        this.sequence = lastSequence;
        this.sinceCommands = lastSequence - snapshotSequence;
        this.snapshots = snapshots;
        this.inbound = inbound;
        this.journal = journal;
        this.machine = machine;
        this.idle = idle;
        this.claimIdle = claimIdle;
        machine.output(new RingResponses(journal, claimIdle, downstream));
        if (idle instanceof WakeableIdle w) w.work(this::pending);
    }

    /**
     * Runs the journal stage on this thread ({@code none} durability): after each batch, instead of
     * waking a journal thread. {@code j} must also be this stage's {@code claimIdle}, so that a full
     * journal ring is drained here. Before the thread starts.
     */
    public void runJournalInline(InlineJournal j) {
        this.inline = j;
    }

    private void publish() {
        journal.publish(); // release store: the batch's records become visible to the journal stage
        if (inline != null) inline.drain(); // none mode: the journal stage runs here, on this thread
        else if (downstream != null) downstream.wake(); // after the release: unparks a parked journal thread
    }

    /** No producer will add commands any more: drain the rings and stop. */
    public void closeInput() {
        inputClosed = true;
        if (idle instanceof WakeableIdle w) w.wake(); // after the volatile store: a parked engine sees it now
    }

    public boolean done() {
        return done;
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            while (true) {
                int n = step();
                if (n > 0) idle.reset();
                else if (n < 0) break;
                else idle.idle();
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            finish();
        }
    }

    /**
     * One round on a thread that runs this stage among other work ({@code threading = shared}: the
     * gateway's select loop calls it between reading input and writing output). Returns the
     * commands taken (0: none waited). Never throws: a failure ends the stage as it would end its
     * own thread ({@link #failure()}). Once the input is closed and drained the stage ends
     * ({@link #done()}) and every later call returns 0.
     */
    public int doWork() {
        if (done) return 0;
        try {
            int n = step();
            if (n >= 0) return n;
        } catch (Throwable t) {
            fail(t);
        }
        finish();
        return 0;
    }

    /** Whether a command waits on an inbound ring or the input was closed: the check before a consumer sleeps. Any thread. */
    public boolean pending() {
        for (RingConsumer c : inbound) if (!c.isEmpty()) return true;
        return inputClosed;
    }

    /**
     * Takes what the inbound rings hold (up to 256 records each), forwards and applies it, publishes
     * the batch to the journal stage. Returns the commands taken, 0 when none waited, -1 when the
     * input is closed and drained (after the snapshot the drain ends with, if one is due).
     */
    private int step() {
        boolean closing = inputClosed; // read before polling: records committed before the flag are seen below
        int n = 0;
        for (RingConsumer c : inbound) n += c.poll(this, 256);
        if (n > 0) {
            publish();
            return n;
        }
        if (!closing) return 0;
        if (snapshots != null && snapshots.schedule().atStop() && sinceCommands > 0 && snapshots.awaitIdle()) {
            snapshot(); // the drain ends with a snapshot: the next start replays nothing
            publish();
        }
        return -1;
    }

    private void fail(Throwable t) {
        failure = t;
        t.printStackTrace();
    }

    /** The stage is over: the inline journal stage ends with it, and the journal thread is told. */
    private void finish() {
        if (inline != null) {
            try {
                inline.end(); // the last records through the journal stage, which ends with this thread
            } catch (Throwable t) {
                if (failure == null) failure = t;
                t.printStackTrace();
            }
        }
        done = true;
        if (downstream != null) downstream.wake(); // the journal thread drains and ends without waiting out a park
    }

    @Override
    public void onRecord(int type, MemorySegment buffer, long offset, int length) {
        if (type != SessionCommandDescriptor.TYPE) return;
        long o = RingResponses.claim(journal, claimIdle, downstream, SessionCommandDescriptor.TYPE, length);
        MemorySegment.copy(buffer, offset, journal.buffer(), o, length);
        journal.commitDeferred(o);
        Chaos.pause(); // stress runs only: between forwarding a command and applying it
        machine.apply(buffer, offset);
        sequence++;
        sinceCommands++;
        sinceBytes += length;
        if (snapshots != null && snapshots.schedule().due(sinceCommands, sinceBytes) && !snapshots.busy()) snapshot();
    }

    /** Takes a snapshot after the command just applied and marks it on the journal ring after that command's responses. */
    private void snapshot() {
        snapshots.take(sequence, machine);
        long o = RingResponses.claim(journal, claimIdle, downstream, NodeSnapshots.MARKER_TYPE, NodeSnapshots.MARKER_LENGTH);
        journal.buffer().set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, o, sequence);
        journal.commitDeferred(o);
        sinceCommands = 0;
        sinceBytes = 0;
    }
}
