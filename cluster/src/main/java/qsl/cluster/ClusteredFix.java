package qsl.cluster;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import qsl.gateway.Accounts;
import qsl.gateway.InboundPort;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.fix.FixConfig;
import qsl.gateway.fix.FixConnection;
import qsl.gateway.fix.FixGateway;
import qsl.gateway.fix.FixJournal;
import qsl.gateway.fix.FixLink;
import qsl.gateway.fix.FixSession;
import qsl.gateway.fix.FixSessions;
import qsl.gateway.fix.FixState;
import qsl.gateway.fix.NodeEntryCommands;
import qsl.gateway.store.SessionStore;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * The clustered node's FIX sessions as part of its replicated state: the single node's
 * {@link FixSession}s and {@link FixConnection}s, driven on the service thread by the committed
 * log instead of by sockets. Every member runs them identically: the FIX frames the members' FIX
 * ports received ({@link FixFrameDescriptor#FRAME}, in log order, with the log's timestamp as
 * the clock), their connections' ends, a cluster timer for heartbeats and test requests, and
 * every node response of the session's user (from its session store, right after the session
 * machine wrote it). So sequence numbers both ways, the messages kept for resends and the live
 * orders with their ClOrdIDs are the same on every member, and a FIX client may log on at any
 * member with its sequence numbers and continue.
 *
 * <p>A session's commands (NewOrderSingle, cancel, replace) go through the single node's
 * {@code NodeEntryCommands} into a ring this class drains at once into the session machine: they
 * are applied at the log position of the frame that carried them. Output (every message a
 * session or connection sends) goes, for connections of this member's current start only, to
 * the member's FIX port through {@code out}: it exists only after the frame was committed.
 *
 * <p>A connection is named by an id whose upper bits are its member and that member's start
 * (FixFrameDescriptor#prefix). A Logon for a session still bound to a connection of another
 * member, or of an earlier start, takes the session over (that connection is unbound and told to
 * close): the member it was on may be gone. Single-threaded: the service thread.
 */
final class ClusteredFix {
    /** Correlation id of the FIX sessions' cluster timer. */
    static final long TIMER_ID = 0x46495854494D4552L;
    /** Period of the FIX sessions' timer (heartbeats, test requests, logon timeouts), milliseconds. */
    static final long TIMER_MILLIS = 1_000;

    private final Venue venue;
    private final Sessions nodeSessions;
    private final FixSessions sessions;
    private final NodeEntryCommands commands;
    private final RingConsumer commandRing;
    private final RecordHandler apply;
    private final RingProducer out;
    private final long localPrefix;
    private final long[] consumed;
    private final FixParser parser = new FixParser();
    private final FixMessage message = new FixMessage();
    private FixConnection[] connections = new FixConnection[16];
    private long[] ids = new long[16];
    private int count;

    /**
     * @param apply applies one session-command record of the ring (the service's session machine)
     * @param out this member's FIX port's ring, or null when it serves none
     * @param localPrefix {@link FixFrameDescriptor#prefix} of this member's current start
     */
    ClusteredFix(Arena arena, FixConfig config, Accounts accounts, Sessions nodeSessions, Venue venue, RecordHandler apply,
                 RingProducer out, long localPrefix) {
        this.venue = venue;
        this.nodeSessions = nodeSessions;
        this.apply = apply;
        this.out = out;
        this.localPrefix = localPrefix;
        SpscRing ring = SpscRing.allocate(arena, 4 << 20); // above the commands' queue (1 MiB): a release never waits
        this.commandRing = ring.consumer();
        this.commands = new NodeEntryCommands(new InboundPort(ring.producer()), nodeSessions, venue.symbols());
        this.sessions = new FixSessions(config.compId(), FixGateway.symbols(venue, config), commands, FixJournal.NONE,
                config.maxOrdersPerSession(), config.keptMessages(), config.keptMessages() * 512);
        FixGateway.addSessions(sessions, nodeSessions, accounts, config);
        this.consumed = new long[nodeSessions.size()];
    }

    FixSessions sessions() {
        return sessions;
    }

    /** Open connections (the timer runs while there are any). */
    int connections() {
        return count;
    }

    /** One committed FIX event ({@link FixFrameDescriptor}) at {@code at} of {@code s}, {@code length} bytes in all. */
    void onEvent(MemorySegment s, long at, int length, long now) {
        byte event = FixFrameDescriptor.event(s, at);
        long id = FixFrameDescriptor.connection(s, at);
        int i = indexOf(id);
        if (event == FixFrameDescriptor.FRAME && length > FixFrameDescriptor.HEADER_LENGTH) {
            long off = at + FixFrameDescriptor.HEADER_LENGTH;
            int len = length - FixFrameDescriptor.HEADER_LENGTH;
            if (i < 0) i = open(id, now);
            FixConnection c = connections[i];
            if (c.session() == null) takeOver(id, s, off, len);
            c.onBytes(s, off, len, now);
        } else if (event == FixFrameDescriptor.CLOSED && i >= 0) {
            drop(i, true);
        }
        settle(now);
    }

    /** The timer: every session's heartbeat and test-request clock, every connection's logon timeout. */
    void onTimer(long now) {
        sessions.onTimer(now);
        for (int i = 0; i < count; i++) connections[i].onTimer(now);
        settle(now);
    }

    /**
     * Runs what the last input caused: the sessions' queued commands through the session machine,
     * every user's new responses to its FIX session, the ends of closed connections (whose
     * cancel-on-disconnect may queue more), until nothing is left.
     */
    void settle(long now) {
        while (true) {
            if (commands.pending()) {
                commands.release();
                while (commandRing.poll(apply) > 0) { } // applied in order, at this log position
            }
            deliver(now);
            boolean dropped = false;
            for (int i = count - 1; i >= 0; i--) {
                if (connections[i].closed()) {
                    drop(i, true);
                    dropped = true;
                }
            }
            if (!dropped && !commands.pending()) return;
        }
    }

    /** Hands every FIX session the responses its user's store received since last time. */
    private void deliver(long now) {
        for (int i = 0; i < consumed.length; i++) {
            SessionStore store = nodeSessions.get(i).store();
            long written = store.released();
            if (consumed[i] >= written) continue;
            FixSession s = sessions.get(i);
            MemorySegment data = store.data();
            while (consumed[i] < written) {
                long n = ++consumed[i];
                FixGateway.deliver(venue, s, data, store.end(n - 1) + 3, now); // u16 length, 'S', then the message
            }
        }
    }

    /** Marks every response now in the stores as delivered (after a snapshot load: the snapshot's sessions had them). */
    void deliveredAll() {
        for (int i = 0; i < consumed.length; i++) consumed[i] = nodeSessions.get(i).store().released();
    }

    private int indexOf(long id) {
        for (int i = 0; i < count; i++) if (ids[i] == id) return i;
        return -1;
    }

    private int open(long id, long now) {
        if (count == connections.length) {
            connections = java.util.Arrays.copyOf(connections, count * 2);
            ids = java.util.Arrays.copyOf(ids, count * 2);
        }
        connections[count] = new FixConnection(sessions, new Link(id), now);
        ids[count] = id;
        return count++;
    }

    /** A Logon on {@code id} for a session bound to a connection of another member or start unbinds that one. */
    private void takeOver(long id, MemorySegment s, long off, int len) {
        if (parser.parse(s, off, len, message) != len || message.msgType() != 'A' || message.msgTypeLength() != 1) return;
        FixSession session = sessions.forLogon(message);
        if (session == null || !session.connected()) return;
        for (int k = 0; k < count; k++) {
            if (connections[k].session() == session && (ids[k] >>> 32) != (id >>> 32)) {
                FixConnection old = connections[k];
                drop(k, false);
                old.link().close();
                return;
            }
        }
    }

    /** Ends connection {@code i}: its session is unbound; a cancel-on-disconnect user's orders are mass-cancelled. */
    private void drop(int i, boolean cancelOnDisconnect) {
        FixConnection c = connections[i];
        FixSession s = c.session();
        c.onClosed();
        System.arraycopy(connections, i + 1, connections, i, count - i - 1);
        System.arraycopy(ids, i + 1, ids, i, count - i - 1);
        connections[--count] = null;
        if (cancelOnDisconnect && s != null && !s.connected() && nodeSessions.get(s.id()).cancelOnDisconnect()) {
            commands.massCancel(s.id(), -1);
        }
    }

    /** The FIX state and the timer flag, for the node's snapshot. */
    byte[] encode(boolean timerArmed) {
        byte[] state = FixState.encode(sessions, connections, count, l -> ((Link) l).id);
        ByteBuffer b = ByteBuffer.allocate(8 + state.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(timerArmed ? 1 : 0).put(state);
        return b.array();
    }

    /**
     * Restores {@link #encode}'s bytes into these (fresh) sessions; the timer flag in {@code armed[0]}.
     * Null when done, else why not.
     */
    String restore(byte[] bytes, boolean[] armed) {
        if (bytes.length < 8) return "FIX section shorter than 8 bytes";
        long flag = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (flag != 0 && flag != 1) return "FIX timer flag " + flag;
        Map<Long, Link> links = new HashMap<>();
        FixState.Restored r = FixState.restore(java.util.Arrays.copyOfRange(bytes, 8, bytes.length), sessions,
                id -> links.computeIfAbsent(id, Link::new));
        if (r instanceof FixState.Restored.Malformed m) return "FIX state at " + (8 + m.offset()) + ": " + m.reason();
        FixState.Restored.Ok ok = (FixState.Restored.Ok) r;
        connections = java.util.Arrays.copyOf(ok.connections(), Math.max(16, ok.connections().length));
        ids = java.util.Arrays.copyOf(ok.ids(), connections.length);
        count = ok.connections().length;
        armed[0] = flag == 1;
        return null;
    }

    /**
     * A connection as the replicated sessions see it: what they send goes to this member's FIX
     * port when the connection is one of its current start's, and nowhere otherwise.
     */
    private final class Link implements FixLink {
        final long id;

        Link(long id) {
            this.id = id;
        }

        @Override
        public void send(MemorySegment s, long off, int len) {
            emit(FixFrameDescriptor.DATA, s, off, len);
        }

        @Override
        public void close() {
            emit(FixFrameDescriptor.CLOSE, MemorySegment.NULL, 0, 0);
        }

        private void emit(byte event, MemorySegment s, long off, int len) {
            if (out == null || (id >>> 32) != localPrefix) return;
            // The port drains this ring on its own thread; a port stuck for seconds loses this
            // output (the client sees a gap and asks for a resend) rather than stalling the member.
            for (int attempt = 0; attempt < 100_000; attempt++) {
                long at = out.claim(FixFrameDescriptor.TYPE, FixFrameDescriptor.HEADER_LENGTH + len);
                if (at >= 0) {
                    MemorySegment b = out.buffer();
                    FixFrameDescriptor.writeHeader(b, at, event, id);
                    if (len > 0) MemorySegment.copy(s, off, b, at + FixFrameDescriptor.BYTES_OFFSET, len);
                    out.commit(at); // release store: the port's thread sees the whole record
                    return;
                }
                if (at != RingProducer.FULL) return; // longer than the ring takes: cannot be sent
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
