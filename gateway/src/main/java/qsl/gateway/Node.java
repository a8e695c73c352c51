package qsl.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import qsl.affinity.CpuSet;
import qsl.affinity.NodeThread;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.affinity.ThreadLayout;
import qsl.affinity.Topology;
import qsl.affinity.TopologyRead;
import qsl.book.EngineConfig;
import qsl.gateway.entry.SoupGateway;
import qsl.gateway.pipeline.ConsumerWake;
import qsl.gateway.pipeline.DurableFeed;
import qsl.gateway.pipeline.EngineStage;
import qsl.gateway.pipeline.InlineJournal;
import qsl.gateway.pipeline.JournalStage;
import qsl.gateway.pipeline.JournalSyncs;
import qsl.gateway.pipeline.SelectorWake;
import qsl.gateway.pipeline.SessionMachine;
import qsl.gateway.pipeline.StoreResponses;
import qsl.gateway.pipeline.WakeableIdle;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.SpscRing;
import qsl.gateway.pipeline.NodeSnapshots;
import qsl.journal.EngineRecovery;
import qsl.journal.Journal;
import qsl.journal.SnapshotPolicy;
import qsl.wal.DurabilityMode;
import qsl.wal.RecoveryMode;
import qsl.wal.WalConfig;
import qsl.wal.WalRecovery;

/**
 * The exchange node: SoupBinTCP gateway -> ring -> engine -> ring -> journal -> responses released
 * to the sessions once durable. The stages run on threads as {@link NodeThreading} says: by default
 * the gateway and the engine share one thread (and in {@code none} mode the journal stage too),
 * with {@code threading = dedicated} each has its own. {@link Builder#start()} first
 * rebuilds everything from the data directory's journal (newest snapshot, then the log after it:
 * engine, token maps, every session's output, byte for byte; {@link NodeRecovery}), then opens the
 * port. {@link #stop()} drains: no new input, everything in flight journaled and answered, a
 * snapshot (as the {@link SnapshotSchedule} says), then the threads end. {@code docs/node.md} describes it all.
 */
public final class Node implements AutoCloseable {
    /** Journal directory inside the data directory. */
    public static final String JOURNAL_DIR = "journal";
    /** Session store directory inside the data directory. */
    public static final String SESSIONS_DIR = "sessions";

    /** How a node is put together before it starts; seams for other front ends and the feed. */
    public static final class Builder {
        private final NodeConfig config;
        private Accounts accounts;
        private DurableEventSink feed;
        private PrintStream log = System.out;
        private final List<SpscRing> extraRings = new ArrayList<>();
        private final List<Runnable> releaseListeners = new ArrayList<>();
        private final Arena arena = Arena.ofShared();
        /**
         * How an inbound port wakes the thread running the engine stage, shared by every port: its
         * {@link WakeableIdle} (dedicated engine thread) or a {@link SelectorWake} (the gateway thread
         * runs the engine stage); null when that thread never sleeps (idle = spin, or park).
         */
        private final ConsumerWake engineWait;

        public Builder(NodeConfig config) {
            this.config = config;
            this.engineWait = config.threading().engineOnGateway()
                    ? (config.idle().blockingSelect() ? new SelectorWake() : null)
                    : config.idle().newWakeable();
        }

        /** The accounts to use instead of reading {@link NodeConfig#accountsFile()}. */
        public Builder accounts(Accounts a) {
            this.accounts = a;
            return this;
        }

        /** Where start-up and shutdown reports go (default {@code System.out}). */
        public Builder log(PrintStream out) {
            this.log = out;
            return this;
        }

        /** Durable engine events go to {@code sink} on the journal thread, in log order (the market-data seam). */
        public Builder feed(DurableEventSink sink) {
            this.feed = sink;
            return this;
        }

        /**
         * A new inbound port for another protocol front end (FIX): its own single-producer ring
         * into the engine thread. Take it before {@link #start()}; one thread submits to it.
         */
        public InboundPort inboundPort() {
            SpscRing r = SpscRing.allocate(arena, config.ringBytes());
            extraRings.add(r);
            return new InboundPort(r.producer(), engineWait); // its submissions wake the engine stage's thread if it sleeps
        }

        /** Runs on the journal thread after each release of responses (e.g. a front end's selector wakeup). */
        public Builder onRelease(Runnable r) {
            releaseListeners.add(r);
            return this;
        }

        public Node start() throws IOException {
            return new Node(this);
        }
    }

    private final NodeConfig config;
    private final PrintStream log;
    private final Arena arena;
    private final Accounts accounts;
    private final Venue venue;
    private final Sessions sessions;
    private final SessionMachine machine;
    private final DurableFeed feed;
    private final Journal wal;
    private final NodeSnapshots snapshots;
    private final Thread snapshotThread;
    private final SoupGateway gateway;
    private final EngineStage engineStage;
    private final JournalStage journalStage;
    private final Thread engineThread;
    private final Thread gatewayThread;
    private final Thread journalThread;
    /** The group commits' sync threads (syncs.in.flight >= 1), or null. */
    private final JournalSyncs syncs;
    private final NodeRecovery.Result recovery;
    private volatile boolean stopped;

    private Node(Builder b) throws IOException {
        this.config = b.config;
        this.log = b.log;
        this.arena = b.arena;
        NodeConfig c = config;
        Path dir = c.dataDir();
        this.venue = Venue.openOrCreate(dir, c.symbols(), System.currentTimeMillis() / 1000);
        this.accounts = b.accounts != null ? b.accounts
                : c.accountsFile() != null ? Accounts.read(c.accountsFile())
                : Accounts.parse(List.of("demo 1 demo"), "built-in");
        int maxSessions = accounts.users().size() + 256;
        this.sessions = new Sessions(arena, dir.resolve(SESSIONS_DIR), c.storeBytes(), maxSessions);
        for (Accounts.User u : accounts.users()) sessions.add(u.username(), u.account(), u.cancelOnDisconnect());
        EngineConfig ec = NodeRecovery.engineConfig(c, venue);
        this.machine = new SessionMachine(venue, sessions, maxSessions, c.maxLivePerSession(), new StoreResponses(sessions), ec.maxOrders());
        this.feed = b.feed == null ? null
                : new DurableFeed(new SessionMachine(ec, venue, sessions, maxSessions, c.maxLivePerSession(), null), b.feed, 16 << 20);

        // Recovery: the newest usable snapshot, then the journal after it, through the same machine (and the feed replica).
        Path journalDir = dir.resolve(JOURNAL_DIR);
        this.recovery = NodeRecovery.recover(journalDir, ec, venue, sessions, machine, feed == null ? null : feed.replica(), true, true, log);
        EngineRecovery.Rebuilt rebuilt = recovery.rebuilt();
        if (!rebuilt.usable()) {
            throw new IOException("journal in " + journalDir + " is not usable: " + rebuilt.report().summary()
                    + (rebuilt.malformedCommands() > 0 ? "; " + rebuilt.malformedCommands() + " malformed command records" : ""));
        }
        sessions.freeze();
        if (feed != null) feed.attach();

        WalConfig wc = new WalConfig(journalDir, c.durability(), c.segmentBytes(), c.batchMaxRecords(), c.batchMaxMicros() * 1000L);
        Journal.Open o = Journal.open(JournalStage.stageSyncedWal(wc), new SnapshotPolicy(0, c.snapshots().keep()), rebuilt.lastSequence() + 1, rebuilt.snapshotSequence());
        if (!(o instanceof Journal.Open.Ready ready)) throw new IOException("cannot open the journal: " + o);
        this.wal = ready.journal();
        SnapshotSchedule schedule = c.snapshots();
        boolean anySnapshots = schedule.atStop() || schedule.everyCommands() > 0 || schedule.everyBytes() > 0;
        this.snapshots = anySnapshots ? new NodeSnapshots(wal, sessions, schedule, NodeRecovery.specs(venue), log,
                rebuilt.snapshotSequence()) : null;

        SpscRing gatewayRing = SpscRing.allocate(arena, c.ringBytes());
        SpscRing journalRing = SpscRing.allocate(arena, c.ringBytes());
        NodeIdle idle = c.idle();
        boolean shared = c.threading().engineOnGateway();
        // Waiting for work: each consumer sleeps until its producer wakes it (null with idle = spin: busy-polls).
        // Shared threading: the gateway thread runs the engine stage and needs no wake-up for its own submissions.
        ConsumerWake engineWake = b.engineWait;
        WakeableIdle engineWait = engineWake instanceof WakeableIdle w ? w : null;
        // none mode: the journal stage runs on the engine thread (nothing waits for a disk; a hand-off would cost more than the work);
        // threading = single (batch, sync): on the node thread, which issues the fdatasync itself, with a journal thread taking
        // over while commands come faster than one thread reads and syncs them
        boolean none = c.durability() == DurabilityMode.NONE;
        boolean single = !none && c.threading() == NodeThreading.SINGLE;
        WakeableIdle journalWait = none ? null : single ? idle.newWakeableAlways() : idle.newWakeable();
        InlineJournal inline = none ? new InlineJournal() : single ? new InlineJournal(journalWait) : null;
        RingConsumer[] inbound = new RingConsumer[1 + b.extraRings.size()];
        inbound[0] = gatewayRing.consumer();
        for (int i = 0; i < b.extraRings.size(); i++) inbound[i + 1] = b.extraRings.get(i).consumer();
        this.gateway = new SoupGateway(c, accounts, venue, sessions, new InboundPort(gatewayRing.producer(), shared ? null : engineWait));
        this.engineStage = new EngineStage(inbound, journalRing.producer(), machine, engineWait != null ? engineWait : idle.newStrategy(),
                inline != null ? inline : idle.newStrategy(), wal.lastSequence(), snapshots, rebuilt.snapshotSequence(), journalWait);
        Runnable[] listeners = b.releaseListeners.toArray(new Runnable[0]);
        SoupGateway gw = gateway;
        Runnable onRelease;
        if (single) {
            // the node thread releases what it synced itself and writes it next; the journal thread, when it has the stage, wakes it
            onRelease = () -> {
                if (!gw.onOwnThread()) gw.wakeup();
                for (Runnable r : listeners) r.run();
            };
        } else if (shared && inline != null) {
            // the release happened on the gateway thread itself, which writes the output next: only other front ends need telling
            onRelease = listeners.length == 0 ? Node::nothing : () -> {
                for (Runnable r : listeners) r.run();
            };
        } else {
            onRelease = listeners.length == 0 ? gw::wakeup : () -> {
                gw.wakeup();
                for (Runnable r : listeners) r.run();
            };
        }
        this.journalStage = new JournalStage(journalRing.consumer(), wal, c.durability(), c.batchMaxRecords(), c.batchMaxMicros() * 1000L, sessions,
                journalWait != null ? journalWait : idle.newStrategy(), engineStage,
                feed, onRelease, snapshots);
        if (inline != null) {
            inline.attach(journalStage);
            engineStage.runJournalInline(inline);
        }
        // syncs.in.flight >= 1 (batch, sync): group commits' fdatasync calls on threads of their own, overlapping
        // (their threads wait for the disk: they spin briefly and park whatever idle says; K spinning threads would starve the rest)
        this.syncs = none || c.syncsInFlight() == 0 ? null : new JournalSyncs(wal.writer(), c.syncsInFlight(), NodeIdle.BACKOFF::newWakeable);
        if (syncs != null) journalStage.overlapSyncs(syncs);

        // The layout places the threads this node really has: with shared threading the gateway runs on the
        // engine's thread, in none mode the journal stage does (with threading = single a journal thread exists for high rates).
        Set<NodeThread> separate = EnumSet.of(NodeThread.ENGINE);
        if (!shared) separate.add(NodeThread.GATEWAY);
        if (inline == null || single) separate.add(NodeThread.JOURNAL);
        ThreadLayout layout = layout(separate);
        if (shared) {
            gateway.runEngine(engineStage, engineWake instanceof SelectorWake sw ? sw : null);
            this.engineThread = null;
            // the engine's CPU: the one the layout keeps for the busiest thread
            this.gatewayThread = thread(SHARED_THREAD, NodeThread.ENGINE, layout, gateway);
        } else {
            this.engineThread = thread("qsl-engine", NodeThread.ENGINE, layout, engineStage);
            this.gatewayThread = thread("qsl-gateway", NodeThread.GATEWAY, layout, gateway);
        }
        this.journalThread = inline != null && !single ? null : thread("qsl-journal", NodeThread.JOURNAL, layout, journalStage);
        this.snapshotThread = snapshots == null ? null : new Thread(snapshots, "qsl-snapshot");
        report(layout, single);
        if (syncs != null) syncs.start();
        if (engineThread != null) engineThread.start();
        if (journalThread != null) journalThread.start();
        gatewayThread.start();
        if (snapshotThread != null) snapshotThread.start();
    }

    /** Name of the thread that runs the gateway and the engine stage with {@code threading = shared}. */
    public static final String SHARED_THREAD = "qsl-node";

    private static void nothing() {
        // no one to tell
    }

    private ThreadLayout layout(Set<NodeThread> separate) {
        TopologyRead tr = Topology.readSystem();
        if (!(tr instanceof TopologyRead.Found f)) return null;
        CpuSet allowed = ThreadAffinity.currentAffinity() instanceof Outcome.Ok<CpuSet> ok ? ok.value() : f.topology().online();
        return ThreadLayout.plan(f.topology(), allowed, separate);
    }

    private final List<String> pinReports = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Thread thread(String name, NodeThread role, ThreadLayout layout, Runnable body) {
        boolean pin = config.pin() && layout != null;
        Runnable r = () -> {
            if (pin) {
                Outcome<CpuSet> out = ThreadAffinity.pinCurrentThread(layout.cpu(role));
                pinReports.add(name + ": " + (out instanceof Outcome.Ok<CpuSet> ok ? "pinned to CPU " + ok.value().toList()
                        : "not pinned (" + out + ")"));
            }
            body.run();
        };
        Thread t = new Thread(r, name);
        t.setDaemon(false);
        return t;
    }

    private void report(ThreadLayout layout, boolean single) throws IOException {
        InetSocketAddress a = gateway.address();
        log.println("qsl node: recovered from " + recovery.summary());
        log.printf(Locale.ROOT, "qsl node: engine at sequence %d, %d resting orders, %d sessions, state digest %016x%n",
                machine.engine().lastSequence(), machine.engine().restingOrders(), sessions.size(), machine.engine().digest());
        for (String line : config.describe()) log.println("qsl node: " + line);
        log.println("qsl node: session:     " + venue.session() + "; symbols: "
                + venue.symbols().stream().map(Venue.Symbol::name).toList());
        log.println("qsl node: threads:     " + threads(layout, engineThread == null, journalThread != null, single, config.pin()));
        log.println("qsl node: listening on " + a.getHostString() + ":" + a.getPort() + " (SoupBinTCP 3.0 order entry, docs/wire.md)");
        log.flush();
    }

    /**
     * The banner's line on the node's threads: what each runs, its CPU in {@code layout} (null: no
     * topology was readable), whether they are pinned, and what the machine was too small for.
     *
     * @param shared whether one thread runs the gateway and the engine stage
     * @param journalThread whether there is a journal thread (not in none mode)
     * @param single whether the shared thread runs the journal stage too and the journal thread takes it
     *     over only while groups are large ({@code threading = single}, batch and sync modes)
     */
    static String threads(ThreadLayout layout, boolean shared, boolean journalThread, boolean single, boolean pin) {
        String node = single ? "gateway + engine + journal stage (one thread, " + SHARED_THREAD + ")"
                : shared ? "gateway + engine (one thread, " + SHARED_THREAD + ")" : null;
        String journal = !journalThread ? "journal stage on the " + (shared ? "same" : "engine") + " thread (durability none)"
                : single ? "qsl-journal" : "journal";
        String handOff = single ? " (takes the journal stage over while groups are large)" : "";
        if (layout == null) {
            return (node != null ? node : "gateway, engine") + ", " + journal + handOff + " (no CPU topology readable: not pinned)";
        }
        return String.format(Locale.ROOT, "%s, %s on NUMA node %d; %s%s",
                node != null ? node + " CPU " + layout.cpu(NodeThread.ENGINE)
                        : "engine CPU " + layout.cpu(NodeThread.ENGINE) + ", gateway CPU " + layout.cpu(NodeThread.GATEWAY),
                journalThread ? journal + " CPU " + layout.cpu(NodeThread.JOURNAL) + handOff : journal,
                layout.node(),
                pin ? "pinned" : "not pinned (pin = false)",
                layout.compromises().isEmpty() ? "" : "; " + String.join("; ", layout.compromises()));
    }

    public InetSocketAddress address() throws IOException {
        return gateway.address();
    }

    public Venue venue() {
        return venue;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** The engine thread's machine: read its state only after {@link #stop()}. */
    public SessionMachine machine() {
        return machine;
    }

    /** Log sequence through which every response has been released. */
    public long releasedSequence() {
        return journalStage.releasedSequence();
    }

    /** Log sequence of the newest command appended to the journal (in the page cache, maybe not durable yet). Any thread. */
    public long journaledSequence() {
        return wal.lastSequence();
    }

    /**
     * Data syncs (fdatasync calls) the journal has issued since start, for group-commit
     * accounting by monitoring tools. A plain read of the journal thread's counter from any
     * thread: a recent value, never a torn one on a 64-bit JVM.
     */
    public long walSyncCount() {
        return wal.writer().syncCount() + (syncs == null ? 0 : syncs.calls());
    }

    /** What the start-up recovery did (snapshot used, records replayed after it). */
    public NodeRecovery.Result recovery() {
        return recovery;
    }

    /** The node's snapshots, or null when the configuration takes none. */
    public NodeSnapshots snapshots() {
        return snapshots;
    }

    /**
     * Thread ids of the node's pipeline threads (for per-thread accounting): the gateway (with
     * {@code threading = shared} the one thread that also runs the engine), the engine thread if it
     * has its own, the journal thread if it has its own (not in {@code none} mode), and the sync threads
     * ({@code syncs.in.flight} >= 1).
     */
    public long[] threadIds() {
        List<Thread> ts = new ArrayList<>(3);
        ts.add(gatewayThread);
        if (engineThread != null) ts.add(engineThread);
        if (journalThread != null) ts.add(journalThread);
        long[] lanes = syncs == null ? new long[0] : syncs.threadIds();
        long[] ids = new long[ts.size() + lanes.length];
        for (int i = 0; i < ts.size(); i++) ids[i] = ts.get(i).threadId();
        System.arraycopy(lanes, 0, ids, ts.size(), lanes.length);
        return ids;
    }

    /** Thread id of the snapshot writer thread, or -1 when the node takes no snapshots. */
    public long snapshotThreadId() {
        return snapshotThread == null ? -1 : snapshotThread.threadId();
    }

    /** Pinning outcomes of the node threads (after they started). */
    public List<String> pinReports() {
        return List.copyOf(pinReports);
    }

    /**
     * Drains and stops: the gateway stops reading (other ports must have stopped submitting), the
     * engine takes what is on its rings, the journal makes it durable and releases every response,
     * the gateway sends connected sessions what they have not yet received (up to
     * {@code flushMillis}), then every thread ends and the journal is closed.
     */
    public void stop(long flushMillis) {
        if (stopped) return;
        stopped = true;
        gateway.stopReading();
        engineStage.closeInput();
        if (engineThread != null) join(engineThread);
        else while (!engineStage.done() && gatewayThread.isAlive()) LockSupport.parkNanos(200_000); // the gateway thread drains it
        if (journalThread != null) join(journalThread);
        if (syncs != null) syncs.stop(); // the stage ended: every sync it started returned
        if (snapshotThread != null) snapshots.stop(snapshotThread);
        long deadline = System.nanoTime() + flushMillis * 1_000_000L;
        while (!gateway.flushed() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
        gateway.close();
        join(gatewayThread);
        wal.sync();
        wal.close();
        log.printf(Locale.ROOT, "qsl node: stopped at journal sequence %d, engine sequence %d, %d resting orders, state digest %016x%s%n",
                journalStage.releasedSequence(), machine.engine().lastSequence(), machine.engine().restingOrders(),
                machine.engine().digest(), "; last snapshot at sequence " + (snapshots == null ? recovery.rebuilt().snapshotSequence()
                        : snapshots.lastWritten()));
        log.flush();
    }

    /** Failure of a pipeline thread, or null. */
    public Throwable failure() {
        Throwable t = engineStage.failure();
        return t != null ? t : journalStage.failure();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(2000);
        machine.close();
        if (feed != null) feed.close();
        sessions.close();
    }

    /** Replays a journal, for tools: how many session-command records a directory holds. */
    static long count(Path journalDir) {
        long[] n = new long[1];
        WalRecovery.recover(journalDir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1,
                (seq, type, seg, off, len) -> n[0]++, false);
        return n[0];
    }
}
