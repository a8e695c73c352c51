package qsl.gateway.entry;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import qsl.gateway.Accounts;
import qsl.gateway.InboundPort;
import qsl.gateway.NodeConfig;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.pipeline.EngineStage;
import qsl.gateway.pipeline.SelectorWake;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.EntryError;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.SoupDecoder;
import qsl.protocol.soup.SoupError;
import qsl.protocol.soup.SoupPacketType;

/**
 * The SoupBinTCP 3.0 order-entry gateway: one thread, one NIO {@link Selector} (epoll on Linux)
 * for the listening socket and every session. Reads packets (partial and coalesced frames alike),
 * checks logins against the accounts file, hands each order-entry message to the engine through
 * an {@link InboundPort}, and sends each session its released responses straight from its
 * {@link qsl.gateway.store.SessionStore}.
 *
 * <p>A peer that breaks the protocol (unknown packet type, wrong length, a message before login,
 * a second login, an oversized packet) is disconnected with the reason logged; nothing it sent
 * after the last well-formed message reaches the engine or the log. Server heartbeats go out after
 * {@code heartbeatMillis} without output; a peer silent for {@code deadPeerMillis} is dropped; a
 * peer that lets more than {@code maxLagBytes} of released output pile up is dropped as a slow
 * consumer (its responses stay in its store: it logs in again and asks from where it stopped).
 * When the engine's ring is full the gateway stops reading sockets until it drains: TCP pushes
 * back on the clients and nothing is dropped.
 *
 * <p>With {@link #runEngine} the same thread also runs the engine stage (the node's
 * {@code threading = shared}): each round selects, reads and submits, runs the engine on what was
 * just submitted, then writes what was released; it blocks in its selector only when the engine
 * found nothing to do, and other front ends' submissions wake it through a {@link SelectorWake}.
 */
public final class SoupGateway implements Runnable, AutoCloseable {
    private static final int MAX_CONNECTIONS = 4096;

    private final NodeConfig config;
    private final Accounts accounts;
    private final Venue venue;
    private final Sessions sessions;
    private final InboundPort port;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Consumer<SelectionKey> onKey = this::handle;
    private final Connection[] connections = new Connection[MAX_CONNECTIONS];
    private int count;
    private final Connection[] active;
    private final java.nio.ByteBuffer[] views; // per session: the store view its (one) connection sends from
    private final byte[] sessionName;
    private final int[] pendingCancel;
    private int pendingCancels;
    private final MemorySegment scratch = Arena.ofAuto().allocate(64, 8);
    private final long heartbeatNanos;
    private final long deadPeerNanos;
    private final long maxLag;
    private final boolean blockingSelect;

    private EngineStage engine;
    private SelectorWake engineWake;
    private boolean engineBusy;

    private boolean blocked;
    /** A connection was closed while input was blocked (the engine's ring full): its fd waits for a select. */
    private boolean closedWhileBlocked;
    private long now;
    /** The thread running {@link #run()}, set first thing there. */
    private volatile Thread thread;
    private volatile boolean stopReading;
    private volatile boolean readingStopped;
    private volatile boolean stop;
    private volatile boolean stopped;

    public SoupGateway(NodeConfig config, Accounts accounts, Venue venue, Sessions sessions, InboundPort port) throws IOException {
        this.config = config;
        this.accounts = accounts;
        this.venue = venue;
        this.sessions = sessions;
        this.port = port;
        this.active = new Connection[sessions.size()];
        this.views = new java.nio.ByteBuffer[sessions.size()];
        this.sessionName = venue.session().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.pendingCancel = new int[sessions.size()];
        this.heartbeatNanos = config.heartbeatMillis() * 1_000_000L;
        this.deadPeerNanos = config.deadPeerMillis() * 1_000_000L;
        this.maxLag = config.maxLagBytes();
        this.blockingSelect = config.idle().blockingSelect();
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(config.host(), config.port()), 128);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** The bound address (the real port when the configuration asked for 0). */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /**
     * Runs {@code stage} on this gateway's thread, between reading input and writing output
     * ({@code threading = shared}); {@code wake} is how other inbound ports wake this thread
     * (null: there are none). Before the thread starts.
     */
    public void runEngine(EngineStage stage, SelectorWake wake) {
        this.engine = stage;
        this.engineWake = wake;
        if (wake != null) wake.attach(selector);
    }

    /** Whether the caller is this gateway's own thread (which writes released output without a wake-up). */
    public boolean onOwnThread() {
        return Thread.currentThread() == thread;
    }

    /** Wakes the gateway thread: new output was released. Any thread. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Stops accepting and reading; output keeps flowing. Returns once the thread has noticed. */
    public void stopReading() {
        stopReading = true;
        selector.wakeup();
        while (!readingStopped && !stopped) LockSupport.parkNanos(100_000);
    }

    /** True when every connected session has been sent all its released output. */
    public boolean flushed() {
        return flushedFlag;
    }

    private volatile boolean flushedFlag;

    /** Closes every connection and ends the thread. */
    @Override
    public void close() {
        stop = true;
        selector.wakeup();
        while (!stopped) LockSupport.parkNanos(100_000);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (!stop) {
                now = System.nanoTime();
                if (stopReading) {
                    if (!readingStopped) {
                        try {
                            server.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                        readingStopped = true;
                    }
                    selector.selectNow();
                    selector.selectedKeys().clear();
                    LockSupport.parkNanos(200_000);
                } else if (blocked) {
                    if (closedWhileBlocked) {
                        // a channel closed while registered is only shut down until the selector's next select
                        // deregisters it; this branch does not select, so release the fds (and reset the peers) now
                        closedWhileBlocked = false;
                        selector.selectNow();
                        selector.selectedKeys().clear(); // level-triggered: what is ready is reported again later
                    }
                    retryBlocked();
                    if (engine == null) LockSupport.parkNanos(20_000); // else the engine stage below makes the room
                } else if (blockingSelect && !engineBusy) {
                    selectBlocking();
                } else {
                    selector.selectNow(onKey); // idle = spin busy-polls epoll; or the engine stage has more to do
                }
                // the engine applies what was just read (none mode: journals and releases it too); busy while its rings still hold more
                if (engine != null) engineBusy = engine.doWork() > 0 && engine.pending();
                now = System.nanoTime();
                if (pendingCancels > 0 && !stopReading) {
                    submitCancels();
                    if (engine != null) engineBusy = true; // the next round applies them without waiting in epoll
                }
                boolean allFlushed = true;
                for (int i = 0; i < count; ) {
                    Connection c = connections[i];
                    pump(c);
                    if (c.closed) {
                        connections[i] = connections[--count];
                        connections[count] = null;
                    } else {
                        if (c.session >= 0 && c.sendPos < c.store.end(c.store.released())) allFlushed = false;
                        i++;
                    }
                }
                flushedFlag = allFlushed;
            }
        } catch (IOException e) {
            System.err.println("gateway: selector failed: " + e);
        } finally {
            for (int i = 0; i < count; i++) closeQuietly(connections[i]);
            count = 0;
            try {
                server.close();
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
            stopped = true;
        }
    }

    /** epoll_wait (1 ms at most): input, the journal thread's wakeup on release, or another port's submission. */
    private void selectBlocking() throws IOException {
        if (engineWake == null) {
            selector.select(onKey, 1);
            return;
        }
        engineWake.sleeping();
        if (engine.pending()) selector.selectNow(onKey); // a command came in after the announcement's check point
        else selector.select(onKey, 1);
        engineWake.awake();
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) return;
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        if (key.isReadable() && !c.closed && !c.blocked && c.closeAfterFlush == null) read(c);
    }

    private void accept() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                System.err.println("gateway: accept failed: " + e.getMessage());
                return;
            }
            if (ch == null) return;
            String remote;
            try {
                remote = String.valueOf(ch.getRemoteAddress());
                if (count == MAX_CONNECTIONS) {
                    System.err.println("gateway: refused " + remote + ": " + MAX_CONNECTIONS + " connections open");
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                ch.socket().setTcpNoDelay(true);
                Connection c = new Connection(ch, remote, now);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections[count++] = c;
            } catch (IOException e) {
                closeChannel(ch);
            }
        }
    }

    /**
     * Reads what the socket holds and handles it: one read when it did not fill the buffer (the
     * socket is then drained, a second read would only return nothing), more while each one
     * filled it, so one readiness event empties the socket without an extra syscall.
     */
    private void read(Connection c) {
        while (true) {
            int room = c.in.remaining();
            int r;
            try {
                r = c.channel.read(c.in);
            } catch (IOException e) {
                disconnect(c, "read failed: " + e.getMessage());
                return;
            }
            if (r < 0) {
                disconnect(c, "peer closed the connection");
                return;
            }
            if (r > 0) c.lastReceive = now;
            parse(c);
            if (r == 0 || r < room || c.closed || c.blocked || c.closeAfterFlush != null) return;
        }
    }

    private void retryBlocked() {
        boolean still = false;
        for (int i = 0; i < count; i++) {
            Connection c = connections[i];
            if (c.blocked && !c.closed) {
                c.blocked = false;
                parse(c);
                if (c.blocked) still = true;
            }
        }
        blocked = still;
    }

    /** Handles every complete packet in the input buffer; keeps a partial one for the next read. */
    private void parse(Connection c) {
        MemorySegment in = c.inSeg;
        int end = c.in.position();
        int p = 0;
        while (p < end && !c.closed) {
            int max = c.session < 0 ? LoginRequestDescriptor.PACKET_LENGTH : Connection.MAX_PACKET;
            int frame = SoupDecoder.decode(in, p, end - p, max, SoupPacketType.FROM_CLIENT);
            if (frame == SoupDecoder.NEED_MORE) break;
            if (frame < 0) {
                disconnect(c, "malformed packet: " + SoupError.name(frame));
                return;
            }
            if (!packet(c, in.get(Wire.I8, p + 2), p + 3, frame - 3)) break;
            p += frame;
        }
        if (c.closed) return;
        if (p > 0) {
            if (p < end) MemorySegment.copy(in, p, in, 0, end - p);
            c.in.position(end - p);
        }
    }

    /** One packet; false when it could not be handled yet (the engine ring is full) or the peer was dropped. */
    private boolean packet(Connection c, byte type, int at, int length) {
        if (c.closeAfterFlush != null) return false;
        if (c.session < 0) {
            if (type != Wire.LOGIN_REQUEST) {
                disconnect(c, "malformed: packet type '" + printable(type) + "' before login");
                return false;
            }
            if (length != Wire.LOGIN_REQUEST_LENGTH) {
                disconnect(c, "malformed Login Request: length " + length);
                return false;
            }
            login(c, at);
            return !c.closed && c.closeAfterFlush == null;
        }
        switch (type) {
            case Wire.UNSEQUENCED -> {
                int r = EntryDecoder.decodeRequest(c.inSeg, at, length);
                if (r == EntryError.EMPTY || r == EntryError.UNKNOWN_TYPE || r == EntryError.SHORT_MESSAGE
                        || r == EntryError.LONG_MESSAGE || r == EntryError.OUT_OF_BOUNDS) {
                    disconnect(c, "malformed order-entry message: " + EntryError.name(r));
                    return false;
                }
                // A well-framed message with a bad side, type, time in force or symbol goes on: the
                // engine thread rejects it with its reason code, in the session's sequence.
                if (!port.submit(SessionCommandDescriptor.ORIGIN_CLIENT, c.usernameKey, c.account, c.inSeg, at, length)) {
                    c.blocked = true;
                    blocked = true;
                    return false;
                }
                return true;
            }
            case Wire.CLIENT_HEARTBEAT, Wire.DEBUG -> {
                return true;
            }
            case Wire.LOGOUT_REQUEST -> {
                disconnect(c, "logout");
                return false;
            }
            case Wire.LOGIN_REQUEST -> {
                disconnect(c, "malformed: second Login Request");
                return false;
            }
            default -> {
                disconnect(c, "malformed: unknown packet type '" + printable(type) + "'");
                return false;
            }
        }
    }

    private void login(Connection c, int at) {
        MemorySegment in = c.inSeg;
        // Fields are space-padded ASCII; read without Strings (a String is made only for a log line).
        int userFrom = skipSpaces(in, at, 6), userTo = trimSpaces(in, at, 6);
        int pwFrom = skipSpaces(in, at + 6, 10), pwTo = trimSpaces(in, at + 6, 10);
        int sesFrom = skipSpaces(in, at + 16, 10), sesTo = trimSpaces(in, at + 16, 10);
        long requested = digits(in, at + 26, 20);
        if (requested < 0) {
            disconnect(c, "malformed Login Request: sequence number '" + ascii(in, at + 26, 20).strip() + "'");
            return;
        }
        long key = SessionCommandDescriptor.usernameKey(in, at + userFrom, userTo - userFrom);
        Accounts.User u = accounts.authenticate(key, in, at + 6 + pwFrom, pwTo - pwFrom);
        if (u == null) {
            // Never the password: only whether the user exists.
            String user = ascii(in, at + userFrom, userTo - userFrom);
            System.err.println("gateway: login refused from " + c.remote + ": "
                    + (accounts.user(key) == null ? "unknown user '" + user + "'" : "bad password for user '" + user + "'"));
            reject(c, Wire.REJECT_NOT_AUTHORIZED, "login refused");
            return;
        }
        if (sesTo > sesFrom && !sameAscii(in, at + 16 + sesFrom, sesTo - sesFrom, sessionName)) {
            System.err.println("gateway: login of " + u.username() + " from " + c.remote + " refused: session '"
                    + ascii(in, at + 16 + sesFrom, sesTo - sesFrom) + "' is not available (current: " + venue.session() + ")");
            reject(c, Wire.REJECT_SESSION_NOT_AVAILABLE, "session not available");
            return;
        }
        String user = u.username();
        int s = sessions.index(key);
        if (s < 0 || s >= active.length) {
            reject(c, Wire.REJECT_NOT_AUTHORIZED, "no session for user");
            return;
        }
        if (active[s] != null) {
            System.err.println("gateway: login of " + user + " from " + c.remote + " refused: already logged in from " + active[s].remote);
            reject(c, Wire.REJECT_NOT_AUTHORIZED, "already logged in");
            return;
        }
        c.session = s;
        c.username = user;
        c.account = u.account();
        c.usernameKey = key;
        c.store = sessions.get(s).store();
        if (views[s] == null) views[s] = c.store.newView(); // one at a time per session: reused across logins
        c.view = views[s];
        long released = c.store.released();
        long next = requested == 0 || requested > released + 1 ? released + 1 : requested;
        c.sendPos = c.store.end(next - 1);
        c.replayEnd = c.store.end(released);
        active[s] = c;
        MemorySegment ctl = c.ctlSeg;
        int p = c.ctl.position();
        ctl.set(Wire.I16, p, (short) (1 + Wire.LOGIN_ACCEPTED_LENGTH));
        ctl.set(Wire.I8, p + 2, Wire.LOGIN_ACCEPTED);
        putAscii(ctl, p + 3, venue.session(), 10, true);
        putDigits(ctl, p + 13, next, 20);
        c.ctl.position(p + 3 + Wire.LOGIN_ACCEPTED_LENGTH);
        System.err.println("gateway: " + c.who() + " logged in (account " + u.account() + "), next sequence " + next
                + " of " + released + " released");
    }

    private void reject(Connection c, byte reason, String why) {
        MemorySegment ctl = c.ctlSeg;
        int p = c.ctl.position();
        ctl.set(Wire.I16, p, (short) 2);
        ctl.set(Wire.I8, p + 2, Wire.LOGIN_REJECTED);
        ctl.set(Wire.I8, p + 3, reason);
        c.ctl.position(p + 4);
        c.closeAfterFlush = why;
    }

    /** Writes control packets, then released responses; heartbeats and timeouts. */
    private void pump(Connection c) {
        if (c.closed) return;
        try {
            if (c.ctl.position() > 0) {
                c.ctl.flip();
                int n = c.channel.write(c.ctl);
                c.ctl.compact();
                if (n > 0) c.lastSend = now;
                if (c.ctl.position() > 0) return;
            }
            if (c.closeAfterFlush != null) {
                disconnect(c, c.closeAfterFlush);
                return;
            }
            if (c.session >= 0) {
                long end = c.store.end(c.store.released());
                long lag = end - c.sendPos;
                // The replay a login asked for never counts: only output released after it piles up.
                if (lag > maxLag && c.sendPos >= c.replayEnd) {
                    disconnect(c, "slow consumer: " + lag + " bytes of output unsent (limit " + maxLag + ")");
                    return;
                }
                if (lag > 0) {
                    c.view.limit((int) end).position((int) c.sendPos);
                    int n = c.channel.write(c.view);
                    c.sendPos += n;
                    if (n > 0) c.lastSend = now;
                } else if (now - c.lastSend >= heartbeatNanos) {
                    MemorySegment ctl = c.ctlSeg;
                    int p = c.ctl.position();
                    ctl.set(Wire.I16, p, (short) 1);
                    ctl.set(Wire.I8, p + 2, Wire.SERVER_HEARTBEAT);
                    c.ctl.position(p + 3);
                    c.lastSend = now;
                }
            }
        } catch (IOException e) {
            disconnect(c, "write failed: " + e.getMessage());
            return;
        }
        if (stopReading) return; // draining: no timeouts, the flush decides
        if (now - c.lastReceive > deadPeerNanos) {
            disconnect(c, c.session < 0 ? "no login within " + config.deadPeerMillis() + " ms"
                    : "dead peer: nothing received for " + config.deadPeerMillis() + " ms");
        }
    }

    private void disconnect(Connection c, String reason) {
        if (c.closed) return;
        System.err.println("gateway: " + c.who() + " disconnected: " + reason);
        closeQuietly(c);
        if (c.session >= 0) {
            active[c.session] = null;
            if (sessions.get(c.session).cancelOnDisconnect()) pendingCancel[pendingCancels++] = c.session;
        }
    }

    /** Cancel-on-disconnect: a Mass Cancel of every symbol for the session, made by the node. */
    private void submitCancels() {
        while (pendingCancels > 0) {
            int s = pendingCancel[pendingCancels - 1];
            Sessions.Session ses = sessions.get(s);
            scratch.set(Wire.I8, 0, Wire.MASS_CANCEL);
            scratch.set(Wire.I64, Wire.MASS_SYMBOL, 0x2020202020202020L);
            if (!port.submit(SessionCommandDescriptor.ORIGIN_NODE, ses.key(), ses.account(), scratch, 0, Wire.MASS_LENGTH)) return;
            pendingCancels--;
        }
    }

    private void closeQuietly(Connection c) {
        c.closed = true;
        closedWhileBlocked |= blocked;
        if (c.key != null) c.key.cancel();
        closeChannel(c.channel);
    }

    private static void closeChannel(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? Character.toString((char) b) : String.format("0x%02x", b & 0xFF);
    }

    /** Index (0..n) of the first non-space byte of the field. */
    private static int skipSpaces(MemorySegment s, long at, int n) {
        int i = 0;
        while (i < n && s.get(Wire.I8, at + i) == ' ') i++;
        return i;
    }

    /** Index (0..n) just after the last non-space byte of the field. */
    private static int trimSpaces(MemorySegment s, long at, int n) {
        int i = n;
        while (i > 0 && s.get(Wire.I8, at + i - 1) == ' ') i--;
        return i;
    }

    /** The field as a non-negative number (spaces around it allowed, empty = 0), or -1 when it is not one. */
    static long digits(MemorySegment s, long at, int n) {
        int from = skipSpaces(s, at, n), to = trimSpaces(s, at, n);
        long v = 0;
        for (int i = from; i < to; i++) {
            byte b = s.get(Wire.I8, at + i);
            if (b < '0' || b > '9' || v > (Long.MAX_VALUE - (b - '0')) / 10) return -1;
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static boolean sameAscii(MemorySegment s, long at, int n, byte[] text) {
        if (n != text.length) return false;
        for (int i = 0; i < n; i++) if (s.get(Wire.I8, at + i) != text[i]) return false;
        return true;
    }

    /** Writes {@code v} right-aligned in a field of {@code width}, space padded, without a String. */
    static void putDigits(MemorySegment s, long at, long v, int width) {
        int i = width - 1;
        do {
            s.set(Wire.I8, at + i--, (byte) ('0' + v % 10));
            v /= 10;
        } while (v > 0 && i >= 0);
        while (i >= 0) s.set(Wire.I8, at + i--, (byte) ' ');
    }

    private static String ascii(MemorySegment s, long at, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(s, Wire.I8, at, b, 0, n);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Writes {@code text} into a field of {@code width}: left-padded with spaces when {@code right}, else right-padded. */
    static void putAscii(MemorySegment s, long at, String text, int width, boolean right) {
        int pad = width - text.length();
        for (int i = 0; i < width; i++) {
            char ch;
            if (right) ch = i < pad ? ' ' : text.charAt(i - pad);
            else ch = i < text.length() ? text.charAt(i) : ' ';
            s.set(Wire.I8, at + i, (byte) ch);
        }
    }
}
