package qsl.gateway.feed;

import java.lang.foreign.MemorySegment;

/** Where a client's MoldUDP64 request packets go: the re-request server's UDP port, or an in-process link in tests. */
public interface RequestOut {
    /** Sends the {@code length}-byte request at the start of {@code request}. */
    void send(MemorySegment request, int length);
}
