package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;

/**
 * What a FIX session writes down so that its sequence numbers, the messages a resend needs and
 * its live orders survive a restart. A session calls these as things happen; the owner makes
 * them durable ({@link #sync}) before the session's output reaches the wire and before its
 * commands reach the venue. {@link #NONE} keeps nothing (tests, benchmarks).
 */
public interface FixJournal {
    /** An application message sent with {@code seq}: type, SendingTime and body after the header. */
    void outbound(int session, long seq, byte type, long sendingTime, MemorySegment s, long off, int len);

    /** An application message the session accepted (raw frame), in processing order. */
    void inbound(int session, long now, MemorySegment s, long off, int len);

    /** A venue response (a {@link FixResponseRecord} of {@code FixResponseRecord.LENGTH} bytes). */
    void response(int session, long now, MemorySegment record, long off);

    /** The session's counters: next outbound and next expected inbound sequence numbers, ExecIDs issued. */
    void counters(int session, long nextOut, long nextIn, long execIds);

    /** The session reset its sequence numbers (ResetSeqNumFlag): kept messages before this are void. */
    void reset(int session);

    /** Makes everything written so far durable. */
    void sync();

    FixJournal NONE = new FixJournal() {
        @Override public void outbound(int session, long seq, byte type, long sendingTime, MemorySegment s, long off, int len) {}
        @Override public void inbound(int session, long now, MemorySegment s, long off, int len) {}
        @Override public void response(int session, long now, MemorySegment record, long off) {}
        @Override public void counters(int session, long nextOut, long nextIn, long execIds) {}
        @Override public void reset(int session) {}
        @Override public void sync() {}
    };
}
