package qsl.gateway.pipeline;

import qsl.ringbuffer.IdleStrategy;

/**
 * The journal stage run on the engine thread instead of its own. After each batch the engine
 * publishes to the journal ring, it {@link #drain()}s it; when the ring is full in the middle of a
 * batch, waiting for room ({@link #idle()}) means making it. A response is still released only
 * after its command is in the log (and, in {@code batch} and {@code sync} modes, after the
 * fdatasync covering it has returned), as with a journal thread.
 *
 * <p>Two uses. {@code none} durability ({@link #InlineJournal()}): nothing waits for a disk, so the
 * journal's work is a copy of each command into the log and of each response into its session's
 * store, and a hand-off to another thread would cost more than the work; the stage has no thread
 * of its own. {@code threading = single} with {@code batch} or {@code sync} durability
 * ({@link #InlineJournal(WakeableIdle)}): the node thread that read the commands also appends them,
 * issues the group commit's fdatasync and releases the responses, so a durable acknowledgement
 * costs no wake-up of another thread (at low rates the two wake-ups, to the journal thread and back
 * to the gateway's selector, were a third of the round trip). The node thread reads no input while
 * it waits for the disk, so when commands come faster than that costs (a group commit covered more
 * than {@value #SPILL_GROUP} of them) it hands the stage to a journal thread and goes back to
 * reading while the disk works; it takes the stage back once that thread's groups fall under
 * {@value #RETURN_GROUP} commands. The stage runs on one thread at a time ({@link JournalStage#tryRun()}).
 */
public final class InlineJournal implements IdleStrategy {
    /** Inline group commits covering more commands than this hand the stage to the journal thread. */
    static final long SPILL_GROUP = 32;
    /** The journal thread's group commits covering fewer commands than this give the stage back. */
    static final long RETURN_GROUP = 8;

    private final WakeableIdle journal;
    private JournalStage stage;
    /** Node thread only: whether it runs the rounds itself rather than waking the journal thread. */
    private boolean inline = true;

    /** The stage runs only here ({@code none} durability). */
    public InlineJournal() {
        this.journal = null;
    }

    /** The stage runs here at low rates and on the journal thread that {@code journal} wakes at high ones. */
    public InlineJournal(WakeableIdle journal) {
        this.journal = journal;
    }

    /** The stage to run; set once, before the engine thread starts. */
    public void attach(JournalStage s) {
        this.stage = s;
    }

    /** Whether a journal thread shares the stage (then it, not the engine thread, ends it). */
    public boolean shared() {
        return journal != null;
    }

    /**
     * After the engine published a batch: runs the stage until the ring is empty and everything
     * appended is released, or hands the batch to the journal thread.
     */
    void drain() {
        if (journal == null) {
            rounds();
            return;
        }
        if (inline && stage.tryRun()) {
            try {
                rounds();
            } finally {
                stage.endRun();
            }
            stage.afterRun(); // overlapped syncs: what a sync that returned meanwhile left to this thread
            if (stage.lastGroup() > SPILL_GROUP) inline = false; // commands come faster than one thread reads and syncs them
        } else {
            journal.wake(); // after the ring's release store: unparks the journal thread if it sleeps
            if (!inline && stage.lastGroup() < RETURN_GROUP) inline = true; // the rate fell: the next batch is synced here
        }
    }

    private void rounds() {
        while (stage.step()) {
            // every record taken was appended and released; go on until a round finds nothing
        }
    }

    /** The engine thread has ended: so has the stage it ran, unless a journal thread shares it (that thread drains and ends it). */
    void end() {
        if (journal != null) return;
        rounds();
        stage.ended();
    }

    /** The ring is full: take from it (or let the journal thread, when it has the stage). */
    @Override
    public void idle() {
        if (journal == null) {
            stage.step();
        } else if (stage.tryRun()) {
            try {
                stage.step();
            } finally {
                stage.endRun();
            }
            stage.afterRun();
        } else {
            journal.wake();
            Thread.onSpinWait();
        }
    }

    @Override
    public void reset() {
        // nothing to back off from
    }
}
