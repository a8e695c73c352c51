package qsl.gateway;

import qsl.book.EventSink;

/**
 * The market-data seam: receives the engine's events only once the commands that caused them are
 * durable, in log order, on the node's journal thread. After each command's events comes
 * {@link #onCommandEnd} with the command's log sequence (commands the engine rejected still end:
 * their only event is {@link #onRejected}; session-level rejects have no engine event at all).
 *
 * <p>Implementations run on the journal thread: they must not block for long (hand the events to
 * a ring of their own if publishing can stall) and must not allocate on the steady path.
 * Register one with {@link Node.Builder#feed}.
 */
public interface DurableEventSink extends EventSink {
    /**
     * Called once, on the constructing thread after recovery and before any event, with the
     * durable engine state the events will continue from (a publisher seeds its book from it).
     */
    default void onAttach(qsl.book.Engine durableState) {}

    /** Every event of the command journaled at {@code logSequence} has been delivered. */
    void onCommandEnd(long logSequence);
}
