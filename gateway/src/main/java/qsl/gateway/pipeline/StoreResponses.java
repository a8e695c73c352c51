package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import qsl.gateway.Sessions;
import qsl.gateway.entry.Wire;
import qsl.gateway.store.SessionStore;

/**
 * The recovery {@link ResponseSink}: responses regenerated from the journal go straight into
 * their session's store and are released at once (their commands are in the durable log).
 */
public final class StoreResponses implements ResponseSink {
    private final Sessions sessions;
    private SessionStore store;
    private int length;

    public StoreResponses(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public long begin(int session, int messageLength) {
        store = sessions.get(session).store();
        length = ResponseRecordDescriptor.PACKET_HEADER + messageLength;
        long o = store.reserve(length);
        if (o < 0) throw new IllegalStateException("the output store of " + store.username() + " is full");
        MemorySegment b = store.data();
        b.set(Wire.I16, o, (short) (messageLength + 1));
        b.set(Wire.I8, o + 2, Wire.SEQUENCED);
        return o + ResponseRecordDescriptor.PACKET_HEADER;
    }

    @Override
    public MemorySegment buffer() {
        return store.data();
    }

    @Override
    public void end() {
        store.appended(length);
        store.release(store.written());
    }
}
