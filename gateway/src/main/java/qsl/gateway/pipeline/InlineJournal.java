package qsl.gateway.pipeline;

import qsl.ringbuffer.IdleStrategy;

/**
 * The journal stage run on the engine thread instead of its own ({@code none} durability: nothing
 * waits for a disk, so the journal's work is a copy of each command into the log and of each
 * response into its session's store, and a hand-off to another thread would cost more than the
 * work). After each batch the engine publishes to the journal ring, it {@link #drain()}s it; when
 * the ring is full in the middle of a batch, waiting for room ({@link #idle()}) means making it.
 * A response is still released only after its command is in the log, as with a journal thread.
 */
public final class InlineJournal implements IdleStrategy {
    private JournalStage stage;

    /** The stage to run; set once, before the engine thread starts. */
    public void attach(JournalStage s) {
        this.stage = s;
    }

    /** Runs the journal stage until the ring is empty and everything appended is released. */
    void drain() {
        while (stage.step()) {
            // every record taken was appended and released; go on until a round finds nothing
        }
    }

    /** The engine thread has ended: so has the stage it ran. */
    void end() {
        drain();
        stage.ended();
    }

    /** The ring is full: take from it (the engine thread is its only consumer). */
    @Override
    public void idle() {
        stage.step();
    }

    @Override
    public void reset() {
        // nothing to back off from
    }
}
