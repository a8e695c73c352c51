package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;

/**
 * Where the {@link SessionMachine} writes each response: one SoupBinTCP Sequenced Data packet for
 * one session. Live, the engine thread's sink puts it on the ring to the journal thread; in
 * recovery it goes straight to the session's store.
 */
public interface ResponseSink {
    /**
     * Room for a packet carrying a {@code messageLength}-byte message for {@code session}; writes
     * the packet header and returns the offset in {@link #buffer()} where the message goes.
     */
    long begin(int session, int messageLength);

    /** The buffer {@link #begin}'s offset points into (valid until {@link #end()}). */
    MemorySegment buffer();

    /** The message written since {@link #begin} is complete. */
    void end();

    /** A sink whose responses go nowhere (a replica, or a replay that needs only the state). */
    static ResponseSink discard() {
        return new ResponseSink() {
            private final MemorySegment scratch = java.lang.foreign.Arena.ofAuto().allocate(256, 8);

            @Override public long begin(int session, int messageLength) { return 0; }
            @Override public MemorySegment buffer() { return scratch; }
            @Override public void end() { }
        };
    }
}
