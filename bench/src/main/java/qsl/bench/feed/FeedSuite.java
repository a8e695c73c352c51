package qsl.bench.feed;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.gateway.feed.FeedClient;
import qsl.gateway.feed.FeedListener;
import qsl.gateway.feed.FeedPublisher;
import qsl.gateway.feed.FeedServer;
import qsl.gateway.feed.PacketOut;
import qsl.gateway.feed.UdpFeedClient;
import qsl.perf.alloc.AllocationMeter;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;

/**
 * The market-data feed on loopback: publish rate (engine + publisher + UDP send), the latency
 * from the start of an engine command to the client's book holding each of its messages, the
 * recovery time after a lost burst (by re-request inside the retention ring, by snapshot past
 * it), and bytes allocated per message on the publisher's and the client's threads. A plain
 * harness (not JMH): every phase is one pass over a generated {@code MULTI_SYMBOL} workload.
 * Writes {@code results/feed.json} and {@code .md}.
 */
public final class FeedSuite implements BenchSuite {
    static final String NAME = "feed";
    static final int MAX_PACKET = 1400;
    static final long PACE_NANOS = 100_000; // 10,000 commands/s in the latency phase
    /** Passes over the workload per publish-rate variant; the last is measured (the first ones warm the JIT up). */
    static final int PASSES = 3;
    static final int RECOVERY_RETENTION = 4096;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MoldUDP64 market-by-order feed on loopback: publish rate, latency to the client's book, recovery, allocation";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        boolean quick = options.quick();
        ResultsFile f = ResultsFile.create(NAME, "Market-data feed (MoldUDP64 market-by-order) on loopback", options.command())
                .evidence("constrained: 2 cores (KVM guest, shared with other work; other builds may have been running): engine, "
                        + "publisher and client threads share both cores unpinned; loopback only (no NIC, no multicast, no "
                        + "packet loss but the injected one); latency includes scheduler interference and the clock reads")
                .meta("pass", quick ? "quick" : "full")
                .meta("max_packet_bytes", MAX_PACKET)
                .meta("workload", "MULTI_SYMBOL seed 42");
        try (Arena arena = Arena.ofShared()) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 42, quick ? 200_000 : 1_000_000, false, arena);
            f.meta("commands", w.count());
            publishRate(f, w);
            latency(f, w, quick);
            recovery(f, quick);
        }
        f.note("Publish rate: one thread runs the workload through the engine, whose events go to the publisher, which packs "
                + "messages into packets of at most " + MAX_PACKET + " bytes, flushed at least every 64 commands, and sends "
                + "each by UDP to one loopback subscriber socket that nobody reads (the kernel drops what overflows its "
                + "buffer; the send cost is paid all the same). Figures are messages and packets per second of the whole "
                + "pass, engine included; engine_only_cmds_per_s is the same pass with no publisher, for comparison; "
                + "publish_no_socket_msgs_per_s is engine + publisher with the packets dropped instead of sent. Each variant "
                + "runs " + PASSES + " passes over the workload (fresh engine and publisher each) and the last is reported: the "
                + "earlier ones warm the JIT up.");
        f.note("Latency: commands paced at one per " + PACE_NANOS / 1000 + " us (the first half of them unrecorded, as warm-up); each command's start time is taken just before "
                + "the engine call; after it the publisher flushes (one or more packets per command); the client runs on "
                + "its own thread, busy-polling a connected UDP socket, and records now - start for every message it "
                + "applies to its book (the message carries the engine sequence number of its command).");
        f.note("Recovery: the client's socket drops every packet during a burst of commands; the clock starts at the "
                + "first command after the burst and stops when the client has applied the last published message. "
                + "Inside the ring (" + RECOVERY_RETENTION + " messages) it re-requests; past it the server answers "
                + "not-available and the client loads a TCP snapshot and replays what it buffered.");
        f.note("alloc_bytes_per_message: ThreadMXBean allocated bytes of the publishing thread over the whole publish-rate "
                + "pass (engine included), and of the client thread (read on that thread) over a loss-free stretch of 30,000 "
                + "commands at 20,000/s, divided by the messages published / applied. Subscription renewals (one a second) fall "
                + "inside the client window; the server side of them (the request receive) is not on the publish-rate thread.");
        f.write(options.resultsDir());
    }

    // ---- publish rate ----

    private static void publishRate(ResultsFile f, Workload w) throws Exception {
        AllocationMeter meter = AllocationMeter.create();
        // Engine alone, for comparison.
        for (int pass = 0; pass < PASSES; pass++) {
            try (MatchingEngine e = engine(w, EventSink.NONE)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < w.count(); i++) e.apply(w.commands(), Workload.offset(i));
                long t = System.nanoTime() - t0;
                if (pass == PASSES - 1) f.figure("engine_only_cmds_per_s", w.count() * 1e9 / t);
            }
        }
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress(lo, 0));
            for (int pass = 0; pass < PASSES; pass++) {
                try (Arena arena = Arena.ofShared();
                     FeedServer server = server(w, 1 << 20, arena)) {
                    server.addSubscriber((InetSocketAddress) sink.getLocalAddress());
                    FeedPublisher pub = server.publisher();
                    try (MatchingEngine e = engine(w, pub)) {
                        long before = meter.currentThreadBytes();
                        long m0 = pub.messages();
                        long p0 = pub.packets();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < w.count(); i++) {
                            e.apply(w.commands(), Workload.offset(i));
                            pub.endOfCommand();
                            if ((i & 63) == 63) pub.flush();
                        }
                        pub.flush();
                        long t = System.nanoTime() - t0;
                        long bytes = meter.currentThreadBytes() - before;
                        long msgs = pub.messages() - m0;
                        long packets = pub.packets() - p0;
                        if (pass == PASSES - 1) {
                            f.figure("publish_msgs_per_s", msgs * 1e9 / t);
                            f.figure("publish_packets_per_s", packets * 1e9 / t);
                            f.figure("publish_cmds_per_s", w.count() * 1e9 / t);
                            f.figure("messages_per_command", (double) msgs / w.count());
                            f.figure("messages_per_packet", (double) msgs / packets);
                            f.figure("publisher_alloc_bytes_per_message", (double) bytes / msgs);
                            f.meta("publish_messages", msgs);
                            f.meta("publish_packets", packets);
                        }
                    }
                }
            }
        }
        // Encoding and packing alone (no socket).
        PacketOut none = (p, len) -> { };
        for (int pass = 0; pass < PASSES; pass++) {
            try (Arena arena = Arena.ofShared()) {
                FeedPublisher pub = new FeedPublisher("BENCH00001", MAX_PACKET, 1 << 20, w.symbols().size(), 1 << 20, 4096, none, arena);
                try (MatchingEngine e = engine(w, pub)) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < w.count(); i++) {
                        e.apply(w.commands(), Workload.offset(i));
                        pub.endOfCommand();
                        if ((i & 63) == 63) pub.flush();
                    }
                    pub.flush();
                    long t = System.nanoTime() - t0;
                    if (pass == PASSES - 1) f.figure("publish_no_socket_msgs_per_s", pub.messages() * 1e9 / t);
                }
            }
        }
    }

    // ---- latency ----

    private static void latency(ResultsFile f, Workload w, boolean quick) throws Exception {
        int n = Math.min(w.count(), quick ? 40_000 : 160_000);
        int warm = n / 2;
        try (Arena arena = Arena.ofShared(); FeedServer server = server(w, 1 << 20, arena)) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            AtomicLongArray start = new AtomicLongArray(n + 2);
            AtomicLong recordFrom = new AtomicLong(Long.MAX_VALUE);
            Histogram h = new Histogram(60_000_000_000L, 3);
            long[] applied = new long[1];
            FeedListener listener = new FeedListener() {
                @Override public void onApplied(long feedSequence, long engineSeq, byte type) {
                    if (engineSeq >= recordFrom.getPlain() && engineSeq < start.length()) {
                        long t = start.getAcquire((int) engineSeq);
                        if (t != 0) {
                            h.recordValue(System.nanoTime() - t);
                            applied[0]++;
                        }
                    }
                }
            };
            UdpFeedClient client = new UdpFeedClient(new InetSocketAddress(lo, server.udpPort()),
                    new InetSocketAddress(lo, server.snapshotPort()), w.symbols().size(), 1 << 20, 4096, listener, arena);
            AtomicBoolean stop = new AtomicBoolean();
            Thread ct = Thread.ofPlatform().name("feed-client").start(() -> {
                while (!stop.get()) client.poll(System.nanoTime());
            });
            FeedPublisher pub = server.publisher();
            try (MatchingEngine e = engine(w, pub)) {
                awaitLive(server, client);
                long appliedStart = 0;
                long next = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (i == warm) {
                        recordFrom.set(e.lastSequence() + 1);
                        appliedStart = client.client().messagesApplied();
                    }
                    while (System.nanoTime() < next) Thread.onSpinWait();
                    next += PACE_NANOS;
                    int seq = (int) e.lastSequence() + 1;
                    if (seq < start.length()) start.setRelease(seq, System.nanoTime());
                    e.apply(w.commands(), Workload.offset(i));
                    pub.endOfCommand();
                    pub.flush();
                    if ((i & 15) == 0) server.poll(System.nanoTime());
                }
                long target = pub.nextSequence() - 1;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (client.client().expected() <= target && System.nanoTime() < deadline) server.poll(System.nanoTime());
                stop.set(true);
                ct.join(5_000);
                long appliedEnd = client.client().messagesApplied();
                f.histogram("event_to_client_book", h, "ns");
                f.figure("latency_ns_p50", h.getValueAtPercentile(50));
                f.figure("latency_ns_p99", h.getValueAtPercentile(99));
                f.figure("latency_ns_p999", h.getValueAtPercentile(99.9));
                f.figure("latency_ns_max", h.getMaxValue());
                f.meta("latency_messages", h.getTotalCount());
                f.meta("latency_commands", n - warm);
                f.meta("latency_client_gaps", client.client().gapsDetected());
                f.meta("latency_client_applied", appliedEnd - appliedStart);
                f.meta("latency_client_snapshots", client.client().snapshotsLoaded());
            } finally {
                stop.set(true);
                ct.join(5_000);
                client.close();
            }
        }
    }

    // ---- recovery ----

    private static void recovery(ResultsFile f, boolean quick) throws Exception {
        int rounds = quick ? 3 : 10;
        Workload w = WorkloadGenerator.generate(WorkloadShape.MULTI_SYMBOL, 7, 400_000, false, Arena.ofAuto());
        try (Arena arena = Arena.ofShared(); FeedServer server = server(w, RECOVERY_RETENTION, arena)) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            AtomicLong appliedUpTo = new AtomicLong();
            AtomicLong clientAlloc = new AtomicLong(-1);
            AtomicLong clientApplied = new AtomicLong();
            FeedListener listener = new FeedListener() {
                @Override public void onApplied(long feedSequence, long engineSeq, byte type) {
                    appliedUpTo.setRelease(feedSequence);
                }

                @Override public void onSnapshotLoaded(long feedSequence) {
                    if (feedSequence > appliedUpTo.getPlain()) appliedUpTo.setRelease(feedSequence);
                }
            };
            UdpFeedClient client = new UdpFeedClient(new InetSocketAddress(lo, server.udpPort()),
                    new InetSocketAddress(lo, server.snapshotPort()), w.symbols().size(), 1 << 20, 4096, listener, arena);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean measureAlloc = new AtomicBoolean();
            Thread ct = Thread.ofPlatform().name("feed-client").start(() -> {
                AllocationMeter meter = AllocationMeter.create();
                long base = 0;
                long appliedBase = 0;
                boolean measuring = false;
                while (!stop.get()) {
                    client.poll(System.nanoTime());
                    boolean want = measureAlloc.getAcquire();
                    if (want && !measuring) {
                        measuring = true;
                        base = meter.currentThreadBytes();
                        appliedBase = client.client().messagesApplied();
                    } else if (!want && measuring) {
                        measuring = false;
                        clientAlloc.setRelease(meter.currentThreadBytes() - base);
                        clientApplied.setRelease(client.client().messagesApplied() - appliedBase);
                    }
                }
            });
            FeedPublisher pub = server.publisher();
            Histogram rerequest = new Histogram(60_000_000_000L, 3);
            Histogram snapshot = new Histogram(60_000_000_000L, 3);
            try (MatchingEngine e = engine(w, pub)) {
                int[] cursor = {0};
                awaitLive(server, client);
                // Steady-state client allocation: a loss-free stretch, measured on the client thread itself.
                runCommands(e, pub, server, w, cursor, 2_000, 0);
                waitApplied(server, pub, appliedUpTo);
                measureAlloc.setRelease(true);
                runCommands(e, pub, server, w, cursor, 30_000, 20_000);
                waitApplied(server, pub, appliedUpTo);
                measureAlloc.setRelease(false);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (clientAlloc.getAcquire() < 0 && System.nanoTime() < deadline) server.poll(System.nanoTime());
                double clientPerMessage = (double) clientAlloc.get() / Math.max(1, clientApplied.get());
                f.figure("client_alloc_bytes_per_message", clientPerMessage);
                Object pubFigure = f.figures().get("publisher_alloc_bytes_per_message");
                double publisherPerMessage = pubFigure instanceof Number n ? n.doubleValue() : Double.NaN;
                f.figure("alloc_bytes_per_message", Math.max(publisherPerMessage, clientPerMessage));
                f.meta("client_alloc_messages", clientApplied.get());
                long snapshotsBefore;
                for (int r = 0; r < rounds; r++) {
                    for (int kind = 0; kind < 2; kind++) {
                        int burst = kind == 0 ? 400 : 8_000; // commands: ~1.3 messages each, inside / far past a 4096-message ring
                        snapshotsBefore = client.client().snapshotsLoaded();
                        client.dropFraction(1.0);
                        long m0 = pub.messages();
                        runCommands(e, pub, server, w, cursor, burst, 0);
                        long lost = pub.messages() - m0;
                        Thread.sleep(5); // let the last dropped packets drain through the client's socket
                        client.dropFraction(0.0);
                        long t0 = System.nanoTime();
                        runCommands(e, pub, server, w, cursor, 1, 0);
                        long target = pub.nextSequence() - 1;
                        deadline = System.nanoTime() + 30_000_000_000L;
                        while (appliedUpTo.getAcquire() < target && System.nanoTime() < deadline) server.poll(System.nanoTime());
                        long t = System.nanoTime() - t0;
                        if (appliedUpTo.getAcquire() < target) throw new IllegalStateException("client did not recover");
                        boolean bySnapshot = client.client().snapshotsLoaded() > snapshotsBefore;
                        if (bySnapshot != (kind == 1)) throw new IllegalStateException("burst of " + lost + " messages recovered "
                                + (bySnapshot ? "by snapshot" : "by re-request"));
                        (kind == 0 ? rerequest : snapshot).recordValue(t);
                        f.meta(kind == 0 ? "burst_rerequest_messages" : "burst_snapshot_messages", lost);
                    }
                }
                f.histogram("recovery_rerequest", rerequest, "ns");
                f.histogram("recovery_snapshot", snapshot, "ns");
                f.figure("recovery_rerequest_ms_p50", rerequest.getValueAtPercentile(50) / 1e6);
                f.figure("recovery_rerequest_ms_max", rerequest.getMaxValue() / 1e6);
                f.figure("recovery_snapshot_ms_p50", snapshot.getValueAtPercentile(50) / 1e6);
                f.figure("recovery_snapshot_ms_max", snapshot.getMaxValue() / 1e6);
                f.meta("recovery_rounds", rounds);
                f.meta("recovery_retention_messages", RECOVERY_RETENTION);
                f.meta("resting_orders_at_end", e.restingOrders());
            } finally {
                stop.set(true);
                ct.join(5_000);
                client.close();
            }
        }
    }

    private static void runCommands(MatchingEngine e, FeedPublisher pub, FeedServer server, Workload w, int[] cursor, int n,
                                    long perSecond) {
        long next = System.nanoTime();
        for (int i = 0; i < n && cursor[0] < w.count(); i++) {
            if (perSecond > 0) {
                while (System.nanoTime() < next) Thread.onSpinWait();
                next += 1_000_000_000L / perSecond;
            }
            e.apply(w.commands(), Workload.offset(cursor[0]++));
            pub.endOfCommand();
            if ((i & 7) == 7) server.poll(System.nanoTime());
        }
        server.poll(System.nanoTime());
    }

    private static void waitApplied(FeedServer server, FeedPublisher pub, AtomicLong appliedUpTo) {
        long target = pub.nextSequence() - 1;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (appliedUpTo.getAcquire() < target && System.nanoTime() < deadline) server.poll(System.nanoTime());
        if (appliedUpTo.getAcquire() < target) throw new IllegalStateException("client fell behind");
    }

    private static void awaitLive(FeedServer server, UdpFeedClient client) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            server.poll(System.nanoTime());
            FeedClient c = client.client();
            if (c.snapshotsLoaded() > 0 && server.subscriberCount() > 0) return;
            Thread.onSpinWait();
        }
        throw new IllegalStateException("client never joined");
    }

    private static FeedServer server(Workload w, int retention, Arena arena) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        FeedServer s = new FeedServer("BENCH00001", MAX_PACKET, retention, w.symbols().size(), 1 << 20, 4096,
                new InetSocketAddress(lo, 0), new InetSocketAddress(lo, 0), null, 100_000_000L, arena);
        for (SymbolSpec spec : w.symbols()) s.publisher().addSymbol(spec.symbol(), "SYM" + spec.symbol());
        s.publisher().start(0);
        return s;
    }

    private static MatchingEngine engine(Workload w, EventSink sink) {
        MatchingEngine e = new MatchingEngine(new EngineConfig(1 << 20, w.symbols().size(), 4096), sink);
        for (SymbolSpec s : w.symbols()) e.addSymbol(s);
        return e;
    }

    /** Runs the suite outside {@code qsl bench}: {@code [--quick] [resultsDir]}. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path dir = Path.of("results");
        for (String a : args) {
            if ("--quick".equals(a)) quick = true;
            else dir = Path.of(a);
        }
        String command = RunMetadata.command("java -cp <bench classpath> qsl.bench.feed.FeedSuite" + (quick ? " --quick" : ""));
        new FeedSuite().run(new BenchOptions(quick, command, dir));
    }
}
