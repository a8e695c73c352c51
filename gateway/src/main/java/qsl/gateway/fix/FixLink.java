package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;

/** Where a FIX connection's outbound bytes go: a socket's output buffer, or a test's capture. */
public interface FixLink {
    /** Queues {@code len} bytes for the peer; the link copies them. */
    void send(MemorySegment s, long off, int len);

    /** Closes the connection once what was queued is written. */
    void close();
}
