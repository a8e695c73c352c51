package qsl.cluster;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * How a clustered service answers on a client's egress without letting one client hold up the
 * whole log: a few attempts, then the answer is dropped. A response is an acknowledgement to a
 * gateway, which resends what it has not seen acknowledged and gets a {@code DUPLICATE} answer
 * for a command already applied, so a dropped answer costs a resend, never a command; waiting
 * instead stalls every other client's commands behind one slow or dead client (the session of a
 * gateway whose JVM was killed stays open until the session timeout).
 */
final class EgressOffer {
    /** Attempts per answer, the service's idle strategy between two. */
    static final int ATTEMPTS = 8;

    private EgressOffer() {}

    /** Offers {@code length} bytes of {@code buffer}; true if the client's egress took them. A follower's session swallows them. */
    static boolean offer(ClientSession session, DirectBuffer buffer, int offset, int length, IdleStrategy idle) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long r = session.offer(buffer, offset, length);
            if (r > 0) return true;
            if (r == Publication.NOT_CONNECTED || r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED) return false;
            idle.idle();
        }
        return false;
    }
}
