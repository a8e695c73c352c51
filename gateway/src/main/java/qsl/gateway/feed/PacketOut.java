package qsl.gateway.feed;

import java.lang.foreign.MemorySegment;

/** Where a publisher's MoldUDP64 packets go: UDP sockets in production, an in-process link in tests. */
public interface PacketOut {
    /** Sends {@code length} bytes from the start of {@code packet}; the bytes may be reused after the call returns. */
    void send(MemorySegment packet, int length);
}
