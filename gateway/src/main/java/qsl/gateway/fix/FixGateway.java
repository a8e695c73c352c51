package qsl.gateway.fix;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import qsl.gateway.Accounts;
import qsl.gateway.InboundPort;
import qsl.gateway.Node;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.entry.Wire;
import qsl.gateway.store.SessionStore;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelRejectDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.RejectedDescriptor;
import qsl.protocol.entry.ReplaceRejectDescriptor;
import qsl.protocol.entry.ReplacedDescriptor;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;

/**
 * The node's FIX 4.4 acceptor: its own port and thread beside the SoupBinTCP gateway. Each user
 * of the accounts file is a FIX counterparty whose SenderCompID is the username; a FIX session
 * turns NewOrderSingle, OrderCancelRequest and OrderCancelReplaceRequest into the node's
 * order-entry commands (through an {@link InboundPort}) and the user's durable responses (read
 * from the user's {@link SessionStore}) into ExecutionReports and OrderCancelRejects.
 *
 * <p>One loop on one thread: read sockets, feed sessions, read newly released responses, run
 * timers, make the FIX journal durable, then submit the queued commands and write the queued
 * bytes. So nothing reaches the wire, and no command reaches the node, before the FIX journal
 * holds what a restart needs; and a response reaches FIX only once the node released it (durable).
 *
 * <p>Lifecycle: {@link #prepare} before {@code Node.Builder.start()}, {@link #start} after it,
 * {@link #stopReading()} before {@code Node.stop()}, {@link #close()} after it.
 */
public final class FixGateway implements Runnable, AutoCloseable {
    public static final String DIR = "fix";
    private static final int LINK_BUFFER = 4 << 20;

    private final FixConfig config;
    private final Accounts accounts;
    private final InboundPort port;
    private final boolean force;
    private PrintStream log = System.out;
    private volatile SocketLinks<SocketLink> links;

    private Node node;
    private Sessions nodeSessions;
    private Venue venue;
    private FixSessions sessions;
    private NodeEntryCommands commands;
    private FixFileJournal journal;
    private Thread thread;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 << 10);
    private final MemorySegment inSeg = MemorySegment.ofBuffer(in);
    private long[] consumed;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private FixGateway(FixConfig config, Accounts accounts, InboundPort port, boolean force) {
        this.config = config;
        this.accounts = accounts;
        this.port = port;
        this.force = force;
    }

    /**
     * Takes an inbound port from the builder and asks to be woken on each release of responses.
     *
     * @param force whether the FIX journal is forced to the device (the node's durability is not none)
     */
    public static FixGateway prepare(Node.Builder builder, FixConfig config, Accounts accounts, boolean force) {
        FixGateway g = new FixGateway(config, accounts, builder.inboundPort(), force);
        builder.onRelease(g::wakeup);
        return g;
    }

    public FixGateway log(PrintStream out) {
        this.log = out;
        return this;
    }

    /** Rebuilds every FIX session from the journals, opens the port and starts the thread. */
    public FixGateway start(Node node, Path dataDir) throws IOException {
        this.node = node;
        this.nodeSessions = node.sessions();
        this.venue = node.venue();
        FixSymbols symbols = symbols(venue, config);
        this.commands = new NodeEntryCommands(port, nodeSessions, venue.symbols());
        Path dir = dataDir.resolve(DIR);
        int n = nodeSessions.size();
        consumed = new long[n];
        // Recovery first (into a journal that writes nothing), then the real journal.
        FixJournal none = FixJournal.NONE;
        FixSessions rebuilt = new FixSessions(config.compId(), symbols, commands, none,
                config.maxOrdersPerSession(), config.keptMessages(), 4 << 20);
        long t0 = System.nanoTime();
        long[] counters = recover(dir, rebuilt, symbols);
        this.journal = new FixFileJournal(dir, n, force);
        this.sessions = rebuilt.withJournal(journal); // the rebuilt sessions write to the real journal from now on
        for (int i = 0; i < n; i++) journal.consumed(i, consumed[i]);
        this.links = new SocketLinks<>(config.host(), config.port(), LINK_BUFFER, new Links());
        InetSocketAddress a = address();
        log.printf("qsl node: FIX 4.4 rebuilt %d sessions from %d FIX journal records and the node's responses in %.1f ms%n",
                n, counters[0], (System.nanoTime() - t0) / 1e6);
        log.println("qsl node: listening on " + a.getHostString() + ":" + a.getPort() + " (FIX 4.4, TargetCompID "
                + config.compId() + ", docs/fix.md)");
        log.flush();
        thread = new Thread(this, "qsl-fix");
        thread.start();
        return this;
    }

    /** Replays the FIX journal and the node's responses into {@code into}; returns {records}. */
    private long[] recover(Path dir, FixSessions into, FixSymbols symbols) throws IOException {
        addSessions(into, nodeSessions, accounts, config);
        long[] records = new long[1];
        long[][] last = new long[nodeSessions.size()][];
        FixParser parser = new FixParser();
        FixMessage m = new FixMessage();
        FixFileJournal.read(dir, new FixFileJournal.Reader() {
            @Override
            public void outbound(int session, long seq, byte type, long sendingTime, MemorySegment s, long off, int len) {
                records[0]++;
                if (session < into.size()) into.get(session).replayOutbound(seq, type, sendingTime, s, off, len);
            }

            @Override
            public void inbound(int session, long now, long upTo, MemorySegment s, long off, int len) {
                records[0]++;
                if (session >= into.size()) return;
                replayResponses(into.get(session), session, upTo, now);
                if (parser.parse(s, off, len, m) == len) into.get(session).replayInbound(m, now);
            }

            @Override
            public void reset(int session) {
                records[0]++;
                if (session < into.size()) into.get(session).replayReset();
            }

            @Override
            public void counters(int session, long nextOut, long nextIn, long execIds, long upTo) {
                records[0]++;
                if (session >= into.size()) return;
                replayResponses(into.get(session), session, upTo, 0);
                last[session] = new long[] {nextOut, nextIn, execIds};
            }
        });
        for (int i = 0; i < last.length; i++) {
            if (last[i] != null) into.get(i).restoreCounters(last[i][0], last[i][1], last[i][2]);
        }
        return records;
    }

    /** The venue's symbols as FIX names them, with the configured price decimals. */
    public static FixSymbols symbols(Venue venue, FixConfig config) {
        FixSymbols symbols = new FixSymbols();
        for (Venue.Symbol s : venue.symbols()) symbols.add(s.name(), s.spec().symbol(), config.priceDecimals(), s.spec().tickSize());
        return symbols;
    }

    /**
     * Adds one FIX counterparty per node session, in session order (FIX session i is node session
     * i): its CompID and username are the node's username, its credentials the accounts file's.
     */
    public static void addSessions(FixSessions into, Sessions nodeSessions, Accounts accounts, FixConfig config) {
        for (int i = 0; i < nodeSessions.size(); i++) {
            Sessions.Session s = nodeSessions.get(i);
            Accounts.User u = accounts.user(s.username());
            String pw = u == null ? null : u.password();
            into.add(new FixSessionConfig(s.username(), s.account(), s.username(), pw,
                    config.requireCredentials() && pw != null));
        }
    }

    private void replayResponses(FixSession s, int session, long upTo, long now) {
        SessionStore store = nodeSessions.get(session).store();
        long available = Math.min(upTo, store.released());
        while (consumed[session] < available) {
            long n = ++consumed[session];
            long at = store.end(n - 1) + 3; // u16 length, 'S', then the message
            s.recoverResponse(store.data(), at, now, this::dispatch);
        }
    }

    public InetSocketAddress address() throws IOException {
        return links.address();
    }

    public FixSessions sessions() {
        return sessions;
    }

    public Throwable failure() {
        return failure;
    }

    /** Wakes the loop (responses were released). Any thread. */
    public void wakeup() {
        SocketLinks<SocketLink> l = links;
        if (l != null) l.wakeup();
    }

    /** Stops reading FIX input (before the node drains); output keeps flowing. */
    public void stopReading() {
        SocketLinks<SocketLink> l = links;
        if (l != null) l.stopReading();
    }

    @Override
    public void run() {
        try {
            while (running) {
                loopNow = System.currentTimeMillis();
                links.select(10);
                long now = System.currentTimeMillis();
                pollResponses(now);
                sessions.onTimer(now);
                for (int i = 0; i < links.size(); i++) {
                    SocketLink l = links.get(i);
                    if (l.connection != null) l.connection.onTimer(now);
                }
                journal.sync();           // 1. the FIX journal is durable ...
                if (commands.pending()) commands.release(); // 2. ... before the node sees the commands
                links.flush();            // 3. ... and before the peers see the bytes
            }
            journal.sync();
            links.flush();
        } catch (Throwable t) {
            failure = t;
            log.println("qsl node: FIX gateway failed: " + t);
        }
    }

    private long loopNow;

    /** The gateway's side of its sockets: each link carries its FIX connection. */
    private final class Links implements SocketLinks.Handler<SocketLink> {
        @Override
        public SocketLink accepted(SocketLink l) {
            l.connection = new FixConnection(sessions, l, loopNow);
            return l;
        }

        @Override
        public SocketLink link(SocketLink l) {
            return l;
        }

        @Override
        public void readable(SocketLink l) {
            read(l, loopNow);
        }

        @Override
        public boolean ended(SocketLink l) {
            closed(l);
            return true;
        }
    }

    private void read(SocketLink l, long now) {
        if (l.closed() || !commands.roomy()) return;
        in.clear();
        int n;
        try {
            n = l.channel.read(in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            closed(l);
            l.closeNow();
            return;
        }
        if (n > 0) l.connection.onBytes(inSeg, 0, n, now);
    }

    private void pollResponses(long now) {
        for (int i = 0; i < consumed.length; i++) {
            SessionStore store = nodeSessions.get(i).store();
            long released = store.released();
            if (consumed[i] >= released) continue;
            FixSession s = sessions.get(i);
            s.clock(now);
            MemorySegment data = store.data();
            while (consumed[i] < released) {
                long n = ++consumed[i];
                journal.consumed(i, n);
                dispatch(s, data, store.end(n - 1) + 3);
            }
        }
    }

    /** A connection ended: unbind its session; a cancel-on-disconnect user's orders are mass-cancelled. */
    private void closed(SocketLink l) {
        FixConnection c = l.connection;
        if (c == null || l.closed()) return;
        FixSession s = c.session();
        c.onClosed();
        if (s != null && !s.connected() && nodeSessions.get(s.id).cancelOnDisconnect()) commands.massCancel(s.id, -1);
    }

    /** Calls the session's response handler for the order-entry message at {@code at}. */
    void dispatch(FixSession s, MemorySegment d, long at) {
        dispatch(venue, s, d, at);
    }

    /**
     * Hands session {@code s} the node response at {@code at} of its store's data {@code d} (an
     * order-entry message after the SoupBinTCP header) with the clock at {@code now}: the session
     * sends its ExecutionReport or OrderCancelReject. For a front end that drives FIX sessions
     * itself (the clustered node).
     */
    public static void deliver(Venue venue, FixSession s, MemorySegment d, long at, long now) {
        s.clock(now);
        dispatch(venue, s, d, at);
    }

    private static void dispatch(Venue venue, FixSession s, MemorySegment d, long at) {
        byte type = d.get(ValueLayout.JAVA_BYTE, at);
        switch (type) {
            case Wire.ACCEPTED -> s.onAccepted(AcceptedDescriptor.token(d, at), AcceptedDescriptor.orderId(d, at),
                    venue.symbolId(AcceptedDescriptor.symbol(d, at)), EntryCodes.toEngineSide(AcceptedDescriptor.side(d, at)),
                    EntryCodes.toEngineOrderType(AcceptedDescriptor.orderType(d, at)),
                    EntryCodes.toEngineTimeInForce(AcceptedDescriptor.timeInForce(d, at)), AcceptedDescriptor.price(d, at),
                    AcceptedDescriptor.quantity(d, at));
            case Wire.REJECTED -> s.onRejected(RejectedDescriptor.token(d, at), RejectedDescriptor.reason(d, at));
            case Wire.EXECUTED -> s.onExecuted(ExecutedDescriptor.token(d, at), ExecutedDescriptor.orderId(d, at),
                    ExecutedDescriptor.matchId(d, at), ExecutedDescriptor.price(d, at), ExecutedDescriptor.quantity(d, at),
                    ExecutedDescriptor.leavesQuantity(d, at), ExecutedDescriptor.liquidity(d, at));
            case Wire.CANCELED -> s.onCanceled(CanceledDescriptor.token(d, at), CanceledDescriptor.orderId(d, at),
                    CanceledDescriptor.canceledQuantity(d, at), CanceledDescriptor.reason(d, at));
            case Wire.REPLACED -> s.onReplaced(ReplacedDescriptor.oldToken(d, at), ReplacedDescriptor.newToken(d, at),
                    ReplacedDescriptor.orderId(d, at), ReplacedDescriptor.price(d, at), ReplacedDescriptor.quantity(d, at),
                    ReplacedDescriptor.keptPriority(d, at) != 0);
            case Wire.CANCEL_REJECT -> s.onCancelReject(CancelRejectDescriptor.token(d, at), CancelRejectDescriptor.reason(d, at));
            case Wire.REPLACE_REJECT -> s.onReplaceReject(ReplaceRejectDescriptor.existingToken(d, at),
                    ReplaceRejectDescriptor.replacementToken(d, at), ReplaceRejectDescriptor.reason(d, at));
            case Wire.MASS_CANCEL_ACK -> s.onMassCancelAck(venue.symbolId(MassCancelAckDescriptor.symbol(d, at)),
                    MassCancelAckDescriptor.canceledCount(d, at));
            default -> { }
        }
    }

    /** Stops the loop after a last flush, closes every connection and the journal. */
    @Override
    public void close() {
        running = false;
        wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (links != null) links.close();
        try {
            if (journal != null) journal.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static ByteOrder order() { return ByteOrder.BIG_ENDIAN; }
}
