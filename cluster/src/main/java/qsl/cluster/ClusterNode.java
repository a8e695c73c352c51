package qsl.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import qsl.book.EngineConfig;
import qsl.gateway.Accounts;
import qsl.gateway.InboundPort;
import qsl.gateway.NodeConfig;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.entry.SoupGateway;
import qsl.gateway.fix.FixConfig;
import qsl.ringbuffer.BackoffIdleStrategy;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.SpscRing;

/**
 * The clustered node ({@code qsl node --cluster}): one cluster member plus the node's own
 * SoupBinTCP order-entry gateway, sessions and stores, with the single node's engine and journal
 * stages replaced. The pipeline: SoupBinTCP gateway thread -> ring -> {@link ClusterForwardStage}
 * (forwards each session command through the cluster's ingress) -> the cluster commits it ->
 * this member's {@link ClusteredNodeService} applies it with the node's session machine and
 * releases the responses into the session stores -> the gateway thread sends them. Every member
 * applies every command, so every member's stores hold every session's output: a resting
 * order's fill reaches its owner's session wherever it is logged in, and a client may log in at
 * any member and continue its sequence.
 *
 * <p>FIX 4.4 (when {@code Options.fix} has a port): a {@link ClusterFixPort} cuts its connections'
 * bytes into frames and hands them to the same forwarding thread; the FIX sessions run in every
 * member's service ({@link ClusteredFix}) and their output comes back to the port holding the
 * connection after the commit, so a FIX client too may log on at any member and continue.
 *
 * <p>Directories under the node's data directory: {@code member/} (the Aeron member: archive,
 * cluster, aeron), {@code sessions/} (the stores, rebuilt from the cluster's snapshot and log at
 * every start), {@code venue.properties} and {@code gateway.epoch}.
 */
public final class ClusterNode implements AutoCloseable {
    /**
     * Where this node sits in the cluster.
     *
     * @param fix the FIX sessions' settings, the same on every member; its port -1: this member opens no FIX port
     */
    public record Options(ClusterLayout layout, int member, ClusterTimings timings, long parkMicros, long snapshotEvery, FixConfig fix) {
        /** Without a FIX port (the FIX sessions' defaults). */
        public Options(ClusterLayout layout, int member, ClusterTimings timings, long parkMicros, long snapshotEvery) {
            this(layout, member, timings, parkMicros, snapshotEvery, fixSettings(-1));
        }
    }

    /**
     * The clustered node's FIX settings: the single node's defaults with 4,096 live orders and
     * 4,096 kept messages per session (every member holds every user's FIX session) and the given port.
     */
    public static FixConfig fixSettings(int port) {
        FixConfig d = FixConfig.defaults();
        return new FixConfig(d.host(), port, d.compId(), d.priceDecimals(), d.requireCredentials(), 1 << 12, 1 << 12);
    }

    /**
     * Most bytes of one forwarded record: the session-command header and the longest order-entry
     * message, or a FIX event's header and its frame (longer FIX frames close their connection).
     */
    static final int MAX_RECORD = 2048;

    private final Arena arena = Arena.ofShared();
    private final Sessions sessions;
    private final Venue venue;
    private final SoupGateway gateway;
    private final ClusteredNodeService service;
    private final ClusterMemberNode member;
    private final ClusterForwardStage forward;
    private final Thread gatewayThread;
    private final ClusterFixPort fixPort;
    private final Thread fixThread;
    private final Thread forwardThread;
    private final long epoch;
    private volatile boolean closed;

    private ClusterNode(NodeConfig c, Accounts accounts, Options o, EngineClusteredService.DigestListener listener) throws IOException {
        Path dir = c.dataDir();
        Files.createDirectories(dir);
        this.epoch = nextEpoch(dir.resolve("gateway.epoch"));
        // Every member must have the same venue: the session name comes from the layout, not the clock.
        this.venue = Venue.openOrCreate(dir, c.symbols(), o.layout().portBase() * 31L + o.layout().size());
        int maxSessions = accounts.users().size() + 256;
        this.sessions = new Sessions(arena, dir.resolve("sessions"), c.storeBytes(), maxSessions);
        for (Accounts.User u : accounts.users()) sessions.add(u.username(), u.account(), u.cancelOnDisconnect());
        sessions.freeze();
        EngineConfig ec = new EngineConfig(c.maxOrders(), Math.max(1, venue.symbols().size()), 1024);
        SpscRing ring = SpscRing.allocate(arena, c.ringBytes());
        this.gateway = new SoupGateway(c, accounts, venue, sessions, new InboundPort(ring.producer()));
        SoupGateway gw = gateway;
        SpscRing fixIn = SpscRing.allocate(arena, 4 << 20);   // FIX port -> forwarding thread
        SpscRing fixOut = SpscRing.allocate(arena, 16 << 20); // service -> FIX port
        long prefix = FixFrameDescriptor.prefix(o.member(), epoch);
        this.fixPort = o.fix().port() >= 0
                ? new ClusterFixPort(o.fix().host(), o.fix().port(), fixIn.producer(), fixOut.consumer(), prefix, MAX_RECORD) : null;
        ClusterFixPort fp = fixPort;
        this.service = new ClusteredNodeService(o.member(), ec, venue, sessions, maxSessions, c.maxLivePerSession(), () -> {
            gw.wakeup();
            if (fp != null) fp.wakeup();
        }, listener, o.snapshotEvery(), o.fix(), accounts, fp != null ? fixOut.producer() : null, prefix);
        java.io.File memberDir = dir.resolve("member").toFile();
        ClusterMemberMain.clearStaleMarkFiles(memberDir);
        this.member = ClusterMemberNode.launch(o.layout(), o.member(), memberDir, o.timings(), service, o.parkMicros(), null);
        String host = o.layout().hosts().get(o.member());
        String aeronDir = member.aeronDirectoryName();
        this.forward = new ClusterForwardStage(new RingConsumer[] {ring.consumer(), fixIn.consumer()},
                () -> ClusterGateway.sharingDriver(o.layout(), aeronDir, host, 4096, ClusterRequestDescriptor.HEADER_LENGTH + MAX_RECORD,
                        3_000, o.parkMicros(), (s, t, st, out, r, seq, id, f, m, rt) -> { }),
                o.member(), epoch, new BackoffIdleStrategy(200, 20, 1_000, o.parkMicros() * 1_000));
        this.forwardThread = new Thread(forward, "qsl-cluster-forward-" + o.member());
        forwardThread.setDaemon(true);
        this.gatewayThread = new Thread(gateway, "qsl-gateway-" + o.member());
        this.fixThread = fixPort == null ? null : new Thread(fixPort, "qsl-cluster-fix-" + o.member());
        forwardThread.start();
        gatewayThread.start();
        if (fixThread != null) fixThread.start();
    }

    /** Starts the node: the member (it recovers from its snapshot and log), the forwarding thread and the gateway. */
    public static ClusterNode start(NodeConfig config, Accounts accounts, Options options, EngineClusteredService.DigestListener listener)
            throws IOException {
        return new ClusterNode(config, accounts, options, listener);
    }

    /** Reads, increments and durably writes the start counter. */
    private static long nextEpoch(Path f) throws IOException {
        long e = Files.exists(f) ? Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim()) + 1 : 1;
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(e), StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return e;
    }

    /** Prints where the node listens. */
    public void report(PrintStream log, Options o) throws IOException {
        InetSocketAddress a = gateway.address();
        log.printf(Locale.ROOT, "qsl node --cluster: member %d of %s, cluster ports %d..%d, start %d%n", o.member(), o.layout().hosts(),
                o.layout().port(o.member(), 0), o.layout().port(o.member(), ClusterLayout.PORTS_PER_MEMBER - 1), epoch);
        long deadline = System.nanoTime() + 30_000_000_000L; // the service starts once the consensus module has recovered
        while (!service.started() && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        log.printf(Locale.ROOT, "qsl node --cluster: snapshot every %s committed commands; service %s%n",
                o.snapshotEvery() > 0 ? Long.toString(o.snapshotEvery()) : "(never: on request only)",
                !service.started() ? "not started yet (waiting for the cluster)"
                        : service.loadedSnapshot() ? "started from its latest snapshot, then the log after it" : "started from the log (no snapshot)");
        log.println("qsl node --cluster: session " + venue.session() + "; symbols: " + venue.symbols().stream().map(Venue.Symbol::name).toList());
        log.println("qsl node --cluster: listening on " + a.getHostString() + ":" + a.getPort()
                + " (SoupBinTCP 3.0 order entry, docs/wire.md; acknowledged after the cluster committed)");
        if (fixPort != null) {
            InetSocketAddress f = fixPort.address();
            log.println("qsl node --cluster: listening on " + f.getHostString() + ":" + f.getPort() + " (FIX 4.4, TargetCompID "
                    + o.fix().compId() + ", docs/fix.md; sessions replicated, answered after the cluster committed)");
        }
        log.flush();
    }

    public InetSocketAddress address() throws IOException {
        return gateway.address();
    }

    /** The FIX port's address, or null when this node opens none. */
    public InetSocketAddress fixAddress() throws IOException {
        return fixPort == null ? null : fixPort.address();
    }

    public Venue venue() {
        return venue;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ClusteredNodeService service() {
        return service;
    }

    public ClusterMemberNode member() {
        return member;
    }

    public ClusterForwardStage forward() {
        return forward;
    }

    /** Failure of the forwarding thread, or null. */
    public Throwable failure() {
        if (forward.failure() != null) return forward.failure();
        return fixPort == null ? null : fixPort.failure();
    }

    /**
     * Stops the gateway and the forwarding thread, then the member without a word to the others
     * (to them it looks like a crash). Commands not yet committed are not waited for.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        gateway.stopReading();
        if (fixPort != null) fixPort.stopReading();
        forward.stop();
        join(forwardThread, 2_000); // it may be waiting for a leader that no longer exists: it ends once the member is gone

        gateway.close();
        join(gatewayThread, 10_000);
        if (fixPort != null) {
            fixPort.close();
            join(fixThread, 10_000);
            fixPort.closeSockets();
        }
        member.close();
        service.close();
        sessions.close();
        arena.close();
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
