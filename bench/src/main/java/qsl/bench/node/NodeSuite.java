package qsl.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import qsl.affinity.CpuSet;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.perf.results.ResultsFile;

/**
 * The node under load: {@code ./qsl node}'s {@code NodeMain} in its own JVM (pinned, data in a
 * temporary directory), this JVM the open-loop load generator ({@link NodeLoad}) on 127.0.0.1,
 * a rate sweep per durability mode and session count, group-commit accounting from the node's
 * status lines, the raw fdatasync floor, a strace syscall profile of the gateway and journal
 * threads, and exchange-core's full pipeline at the same rates ({@link ExchangeCorePeer}).
 * Writes {@code results/node.json} and {@code .md}; the socket study ({@link SocketStudy}) writes
 * {@code results/node_sockets.json}.
 */
public final class NodeSuite implements BenchSuite {
    static final String NAME = "node";
    static final String[] MODES = {"none", "batch", "sync"};
    static final int REFERENCE_SESSIONS = 16;
    /** The order mix every node suite drives (meta "mix"). */
    static final String MIX = "50% passive GTC limit, 10% crossing IOC limit, 25% cancel, 15% replace; 4 symbols; seed 42";
    static final long P99_LIMIT_NANOS = 1_000_000;
    /** The node's threads (qsl-node, qsl-journal, qsl-sync-N, qsl-snapshot, ...) and the generator's (this thread during the sweep, its timer). */
    private static final List<String> NODE_THREADS = List.of("qsl-"), GENERATOR_THREADS = List.of("qsl-load");
    /** A point whose p99 exceeds this (or that left requests unanswered) is overloaded: higher rates are skipped but 100,000/s. */
    static final double OVERLOADED_P99_US = 100_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the node in its own JVM under open-loop load over SoupBinTCP (1/16/256 sessions, none/batch/sync), "
                + "exchange-core's full pipeline at the same rates, fdatasync floor, syscalls per order, socket study";
    }

    private record Point(String mode, int sessions, int rate) {}

    @Override
    public void run(BenchOptions options) throws Exception {
        boolean quick = options.quick();
        if (Boolean.getBoolean("qsl.bench.node.socketsOnly")) {
            new SocketStudy().run(options);
            return;
        }
        long warm = quick ? 500_000_000L : 1_000_000_000L;
        long measure = quick ? 1_000_000_000L : 3_000_000_000L;
        long drain = 2_000_000_000L;
        int[] refRates = quick ? new int[] {10_000, 50_000, 100_000} : new int[] {1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 150_000};
        int[] otherRates = quick ? new int[] {} : new int[] {10_000, 50_000, 100_000};
        int[] otherSessions = quick ? new int[] {} : new int[] {1, 256};
        int maxUsers = 256;
        String only = System.getProperty("qsl.bench.node.rates");
        if (only != null) refRates = java.util.Arrays.stream(only.split(",")).mapToInt(Integer::parseInt).toArray();
        // scratch subsets (results files are written without them): session counts, extra node config lines (';' between)
        String onlySessions = System.getProperty("qsl.bench.node.sessions");
        int[] sessionCounts = onlySessions == null ? concat(new int[] {REFERENCE_SESSIONS}, otherSessions)
                : java.util.Arrays.stream(onlySessions.split(",")).mapToInt(Integer::parseInt).toArray();
        String extra = System.getProperty("qsl.bench.node.nodeConfig", "");
        List<String> nodeConfig = extra.isBlank() ? List.of() : List.of(extra.split(";"));

        ResultsFile f = ResultsFile.create(NAME, "The node under open-loop load (SoupBinTCP on loopback) and exchange-core's pipeline",
                        options.command())
                .evidence("constrained: 2 cores (KVM guest) shared by the node's threads (threading = single, pinned: one thread "
                        + "runs the gateway, the engine stage and the journal stage on one CPU and, in batch and sync modes, starts each "
                        + "group commit's fdatasync on one of 3 sync threads (syncs.in.flight = 3, not pinned); a journal thread on the other CPU takes the journal stage over while group commits are large), the load generator (one thread that blocks in epoll_wait or parks between "
                        + "sends, and its timer thread, both pinned off the CPU of the node's socket thread) and, in its phase, exchange-core's threads; other builds may have been running; loopback TCP only (no NIC, no kernel bypass, no "
                        + "interrupt or NUMA effects); the disk is a virtual disk whose fdatasync latency is measured here, "
                        + "not a datacenter NVMe with power-loss protection; no hardware PMU counters (perf stat/record "
                        + "see only software events); syscall counts come from strace, which slows the traced thread; the host's own "
                        + "floor (host_*: wake-up hand-off, timed-sleep oversleep, spin hiccups, null syscall) and concurrent fdatasync "
                        + "calls on one file (fdatasync_concurrent_*) are measured in the same run")
                .meta("pass", quick ? "quick" : "full")
                .meta("warmup_s", warm / 1e9)
                .meta("measure_s", measure / 1e9)
                .meta("mix", MIX)
                .meta("node_jvm_flags", String.join(" ", NodeChild.jvmFlags()) + " (as ./qsl node runs the node)");
        if (!nodeConfig.isEmpty()) f.meta("node_config_extra", String.join("; ", nodeConfig));

        Path tmp = Files.createTempDirectory("qsl-bench-node");
        String mainName = Thread.currentThread().getName();
        Map<String, Object> sweep = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Histogram> fsyncs = new LinkedHashMap<>();
        Map<Integer, List<Fsync.Concurrent>> concurrent = new LinkedHashMap<>();
        try {
            Histogram fs = Fsync.measure(tmp, quick ? 300 : 2000);
            fsyncs.put("before", fs);
            concurrentFsync(tmp, quick, concurrent);
            hostProbe(f, tmp, quick);
            if (!Boolean.getBoolean("qsl.bench.node.skipStudy")) threadingStudy(f, tmp, quick);
            // the sweep's generator is this thread: named so that its CPU time is found in /proc (GENERATOR_THREADS)
            Thread.currentThread().setName("qsl-load-gen");
            for (String mode : System.getProperty("qsl.bench.node.modes", String.join(",", MODES)).split(",")) {
                long best = 0;
                try (NodeChild node = new NodeChild(tmp.resolve(mode), mode, maxUsers, true, nodeConfig)) {
                    System.out.println("bench node: " + mode + ": node pid " + node.process.pid() + " at " + node.process.address());
                    CpuSet genCpus = node.generatorCpus();
                    f.meta("generator_cpus_" + mode, genCpus == null ? "unpinned" : genCpus.toList());
                    for (int c : sessionCounts) {
                        int[] rates = c == REFERENCE_SESSIONS || onlySessions != null ? refRates : otherRates;
                        if (rates.length == 0) continue;
                        try (NodeLoad load = new NodeLoad(node.process.address(), NodeChild.users(0, c), NodeChild.PASSWORD, 42, genCpus)) {
                            warmUp(f, load, mode, c, quick, drain);
                            boolean overloaded = false;
                            for (int rate : rates) {
                                // past a hopelessly overloaded point only 100,000/s still runs (the figure the targets name)
                                if (overloaded && rate != 100_000) {
                                    System.out.println("bench node: " + mode + " " + c + " sessions " + rate + "/s skipped: a lower rate was overloaded");
                                    continue;
                                }
                                Map<String, Object> row = point(f, node, load, new Point(mode, c, rate), warm, measure, drain);
                                rows.add(row);
                                if ((long) row.get("unanswered") > 0 || (double) row.get("p99_us") > OVERLOADED_P99_US) overloaded = true;
                                if (c == REFERENCE_SESSIONS && (boolean) row.get("sustained") && rate > best) best = rate;
                            }
                        }
                    }
                    if (mode.equals("batch") && !Boolean.getBoolean("qsl.bench.node.skipSyscalls")) syscalls(f, node, quick);
                }
                f.figure("max_sustained_msgs_per_s_" + mode, best);
            }
            fsyncs.put("after", Fsync.measure(tmp, quick ? 300 : 2000));
            concurrentFsync(tmp, quick, concurrent);
            Histogram all = new Histogram(10_000_000_000L, 3);
            for (Histogram h : fsyncs.values()) all.add(h);
            f.figure("fdatasync_p50_us", all.getValueAtPercentile(50) / 1e3);
            f.figure("fdatasync_p99_us", all.getValueAtPercentile(99) / 1e3);
            f.figure("fdatasync_max_us", all.getMaxValue() / 1e3);
            f.histogram("fdatasync", all, "ns");
            f.figure("fdatasync_calls_per_s", 1e9 / all.getMean());
            double fs99 = all.getValueAtPercentile(99);
            for (Map.Entry<Integer, List<Fsync.Concurrent>> e : concurrent.entrySet()) {
                Histogram h = new Histogram(10_000_000_000L, 3);
                long nanos = 0;
                for (Fsync.Concurrent c : e.getValue()) {
                    h.add(c.calls());
                    nanos += c.nanos();
                }
                String key = "fdatasync_concurrent_" + e.getKey();
                f.figure(key + "_p50_us", h.getValueAtPercentile(50) / 1e3);
                f.figure(key + "_p99_us", h.getValueAtPercentile(99) / 1e3);
                f.figure(key + "_calls_per_s", new Fsync.Concurrent(h, nanos).callsPerSecond());
                f.histogram(key, h, "ns");
                if (e.getKey() == SYNCS_IN_FLIGHT) f.figure("overlapped_disk_floor_p99_vs_fdatasync_p99", h.getValueAtPercentile(99) / fs99);
            }
            // The 1 ms bound cannot be met by a durable mode on a disk whose fdatasync p99 is above it:
            // the same sweep judged against the disk floor measured in this run as well.
            double durableLimitNanos = Math.max(P99_LIMIT_NANOS, 1.2 * fs99);
            f.figure("durable_p99_limit_us", durableLimitNanos / 1e3);
            for (String mode : new String[] {"batch", "sync"}) {
                long bestDisk = 0;
                for (Map<String, Object> r : rows) {
                    if ((int) r.get("sessions") != REFERENCE_SESSIONS || !mode.equals(r.get("mode"))) continue;
                    int rate = (int) r.get("offered_per_s");
                    boolean ok = (double) r.get("p99_us") * 1e3 <= durableLimitNanos && (long) r.get("unanswered") == 0
                            && (double) r.get("achieved_per_s") >= 0.95 * rate;
                    if (ok && rate > bestDisk) bestDisk = rate;
                }
                f.figure("max_sustained_within_disk_msgs_per_s_" + mode, bestDisk);
            }
            for (String mode : new String[] {"batch", "sync"}) {
                Object p = f.figures().get("rtt_p99_us_at_100000_" + mode);
                // a figure, not a ratio: above 1.0 is worse (ours over the floor), the opposite of the ratios' orientation
                if (p instanceof Number n) f.figure("rtt_p99_vs_fdatasync_p99_" + mode, n.doubleValue() * 1e3 / fs99);
            }
            double floor = Fsync.busyDiskFloorP99(all, 1_000_000, 42);
            f.figure("busy_disk_floor_p99_us", floor / 1e3);
            f.figure("busy_disk_floor_p99_vs_fdatasync_p99", floor / fs99);
            if (!Boolean.getBoolean("qsl.bench.node.skipPeer")) exchangeCore(f, refRates, warm, measure, drain);
            Object ours = f.figures().get("rtt_p99_us_at_100000_none");
            Object theirs = f.figures().get("rtt_p99_us_at_100000_exchange_core");
            // oriented like every ratio: above 1.0 means ours is better (lower p99)
            if (ours instanceof Number a && theirs instanceof Number b) f.ratio("exchange_core_p99_over_ours_none_at_100000", b.doubleValue() / a.doubleValue());
            double maxAlloc = 0;
            double bytes = 0;
            double snapBytes = 0;
            double orders = 0;
            for (Map<String, Object> r : rows) {
                if (r.get("alloc_bytes_per_order") instanceof Double d && (int) r.get("sessions") == REFERENCE_SESSIONS) {
                    maxAlloc = Math.max(maxAlloc, d);
                    bytes += (double) r.get("alloc_bytes");
                    snapBytes += (double) r.get("snapshot_thread_alloc_bytes");
                    orders += (double) (long) r.get("journaled");
                }
            }
            f.figure("alloc_bytes_per_order", orders == 0 ? 0 : bytes / orders);
            f.figure("alloc_bytes_per_order_worst_point", maxAlloc);
            f.figure("snapshot_thread_alloc_bytes_per_order", orders == 0 ? 0 : snapBytes / orders);
        } finally {
            Thread.currentThread().setName(mainName);
            deleteTree(tmp);
        }
        sweep.put("points", rows);
        f.section("sweep", sweep);
        f.note("Ours: the node (`NodeMain`, as `./qsl node` runs it, threads pinned) in a child JVM; this JVM drives "
                + "1, 16 or 256 SoupBinTCP sessions from one thread over 127.0.0.1 TCP at a fixed offered rate (open loop: request i is "
                + "scheduled at start + i/rate and sent when due whatever the replies are doing). Round trip = time the first "
                + "reply (Accepted/Rejected, Canceled/Cancel Reject, Replaced/Replace Reject) is read minus the request's "
                + "scheduled send time: coordinated omission is corrected by construction. It includes the client's send and "
                + "receive syscalls, TCP loopback both ways, the node's gateway, engine and journal threads and, in batch and sync "
                + "modes, the fdatasync before the reply may leave.");
        f.note("exchange-core: its full ExchangeCore 0.5.3 as shipped (defaultBuilder: Disruptor, grouping, risk pre-hold, "
                + "matching, risk release, results; blocking wait strategy; no journaling) in this JVM, the same mix and rates "
                + "through ExchangeApi.submitCommand with the scheduled send time as the command timestamp (the submitting thread "
                + "parks until each send is due, never spins); its round trip ends in its results consumer. **It includes no network and no durability; ours includes TCP loopback both ways.**");
        f.note("Rates: once a point is overloaded (p99 above " + (long) OVERLOADED_P99_US / 1000 + " ms or requests left unanswered) "
                + "the higher rates of that mode and session count are skipped, except 100,000/s, which always runs.");
        f.note("A rate is sustained when p99 < 1 ms, the generator kept up (achieved >= 95% of offered) and every request "
                + "was answered. max_sustained_msgs_per_s_<mode> is over the rates tried at " + REFERENCE_SESSIONS + " sessions. "
                + "A durable mode cannot meet 1 ms when the disk's own fdatasync p99 is above it, so "
                + "max_sustained_within_disk_msgs_per_s_<mode> (batch, sync) uses durable_p99_limit_us = the larger of 1 ms and "
                + "1.2 x the fdatasync p99 measured in this run (the issue's disk-floor target), with the same other conditions.");
        f.note("Group commit: fdatasync calls and released log records from the node's status lines (every "
                + NodeChild.STATUS_MILLIS + " ms) over the measured window. alloc_bytes_per_order: bytes allocated by the "
                + "node's order-path threads (qsl-node, which runs the gateway and the engine stage, qsl-journal and the sync threads qsl-sync-N; ThreadMXBean) over the window divided by the commands "
                + "journaled in it. alloc_bytes_per_order is the sum of those bytes over every " + REFERENCE_SESSIONS + "-session "
                + "point divided by the sum of their journaled commands; alloc_bytes_per_order_worst_point the largest single "
                + "point (a window where the node hardly progressed divides its time-driven allocation by few orders). "
                + "snapshot_thread_alloc_bytes_per_order: the same for the node's snapshot writer thread (qsl-snapshot), which "
                + "copies each snapshot out of the engine stage's reused buffers, writes and syncs it: per snapshot, off the order path. "
                + "In none mode the journal stage runs on qsl-node too (no qsl-journal thread).");
        f.note("CPU per point, over its warm-up, measured window and last replies: cpu (the whole machine, from /proc/stat: "
                + "busy_fraction = 1 - idle - iowait, kernel_fraction = system + irq + softirq, softirq_fraction alone, which on "
                + "loopback TCP carries the receiving side's protocol work, steal_fraction as the hypervisor reports it) and, "
                + "from /proc/<pid>/task/*/schedstat, each node thread's and the generator's time on a CPU and runnable but "
                + "waiting for one, in ms per second (node_on_cpu_ms_per_s, node_runnable_waiting_ms_per_s, "
                + "generator_on_cpu_ms_per_s: sums over the threads; 1000 is one whole CPU). Figures cpu_busy_fraction_at_<rate>_<mode> "
                + "and cpu_kernel_fraction_at_<rate>_<mode> (" + REFERENCE_SESSIONS + " sessions, suffix _c<n> for others) say "
                + "whether a point was CPU-bound: on a 2-CPU host the node, the generator and the kernel's TCP work share both CPUs.");
        f.note("Warm-up: every set of sessions (16, then 1, then 256 per mode) first runs unrecorded: the first at "
                + JIT_WARMUP_RATE + "/s for 5 s (100,000 orders, which also lets the fresh node JVM's C2 compiler finish with the "
                + "engine's rarer paths: with 15,000 orders it was still compiling during the first points), the others at "
                + WARMUP_RATE + "/s for 1 s (they fault in their output stores' first pages), then waits until every warm-up request is answered (warmup_seconds_<mode>_c<sessions>); "
                + "each point first waits up to " + NodeLoad.SETTLE_NANOS / 1_000_000_000L + " s for the replies of earlier points "
                + "(backlog_at_start: requests still unanswered when it began). Between sends the generator blocks in epoll_wait "
                + "(woken by a reply or a timer thread at the next scheduled send) or, with no reply outstanding, parks; at rates "
                + "up to 5,000/s it wakes " + NodeLoad.EARLY_NANOS / 1000 + " us early and spins (reading replies) until the send is due; "
                + "its sleeps run with a 1 ns timer slack (prctl PR_SET_TIMERSLACK). send_lag_p50_us/p99: how late the generator "
                + "sent (part of every round trip).");
        f.note("fdatasync floor: write(64 bytes) + fdatasync in a file next to the journals, one at a time, before and after "
                + "the sweep; rtt_p99_vs_fdatasync_p99_<mode> = our p99 at 100,000/s over the fdatasync p99 (a figure: the target is "
                + "at most 1.2). busy_disk_floor_p99_us: the p99 of what the disk alone makes an order wait when fdatasync calls run "
                + "back to back (as at 100,000/s): the rest of the call in flight when it arrives, then the call that covers it, "
                + "drawn from this run's fdatasync samples (the call in flight picked in proportion to its length, the arrival uniform "
                + "within it; 1,000,000 draws, seed 42); busy_disk_floor_p99_vs_fdatasync_p99 = that over the fdatasync p99, the "
                + "least rtt_p99_vs_fdatasync_p99_<mode> can be at such a rate, before any network, engine or scheduling time. "
                + "exchange_core_p99_over_ours_none_at_100000 = exchange-core's p99 over ours (none mode) at "
                + "100,000/s: above 1.0 ours is lower.");
        f.note("Overlapped fdatasync: the node overlaps up to " + SYNCS_IN_FLIGHT + " group commits (syncs.in.flight = "
                + SYNCS_IN_FLIGHT + "), each sync lane syncing the same log file through its own descriptor, and concurrent "
                + "fdatasync calls on one file slow each other. fdatasync_calls_per_s: the single probe's calls per second (1 s over "
                + "its mean call: one call at a time, back to back). fdatasync_concurrent_<K>_p50_us / _p99_us: the latency of one "
                + "write(64 bytes) + fdatasync when K threads make such calls at once, back to back, each thread with its own "
                + "descriptor on one shared file and each write at an offset of its own (" + CONCURRENT_CALLS + " calls per thread, "
                + CONCURRENT_CALLS_QUICK + " in the quick pass, after 50 unrecorded; before and after the sweep, pooled); "
                + "fdatasync_concurrent_<K>_calls_per_s: the calls all K threads completed per second. "
                + "overlapped_disk_floor_p99_vs_fdatasync_p99 = fdatasync_concurrent_" + SYNCS_IN_FLIGHT + "_p99_us over "
                + "fdatasync_p99_us: the least ratio the sync covering an order reaches when " + SYNCS_IN_FLIGHT + " syncs overlap "
                + "back to back (as at 100,000/s), before any wait for a free lane, any network, engine or scheduling time.");
        f.note("Host floor (this VM, before the sweep, nothing of the node running): host_wake_p50_us / _p99_us: a thread stamps "
                + "the clock and unparks (LockSupport.unpark) another that is parked (LockSupport.park) after " + HOST_GAP_NANOS / 1000
                + " us idle; the woken thread's clock minus the stamp (" + HOST_ROUNDS + " hand-offs, " + HOST_ROUNDS_QUICK
                + " in the quick pass): what each thread hand-off of a durable acknowledgement costs at least. "
                + "host_timed_park_oversleep_p50_us / _p99_us: how much longer than asked LockSupport.parkNanos(" + HOST_GAP_NANOS / 1000
                + " us) sleeps (the thread's timer slack left at the kernel's default, 50 us). host_spin_*: a thread pinned to each CPU in turn (qsl.affinity; "
                + "host_spin section: per CPU and whether it was pinned) reads System.nanoTime back to back for "
                + HOST_SPIN_NANOS / 1_000_000_000.0 + " s (" + HOST_SPIN_NANOS_QUICK / 1_000_000_000.0 + " s in the quick pass); a gap "
                + "of at least 10 us between two readings is time the thread did not run: host_spin_gaps_over_10us_per_s and "
                + "host_spin_gaps_over_1ms_per_s count them per second spun, host_spin_gap_max_us is the longest, "
                + "host_spin_lost_fraction the time in gaps of at least 10 us over the time spun (all CPUs together). "
                + "host_spin_*_during_fdatasync: the same spin on each CPU in turn while a second thread, pinned to another CPU, "
                + "writes 64 bytes and calls fdatasync back to back in a file next to the journals (host_spin_during_fdatasync "
                + "section: per CPU, the calls made and their p99 and max): a gap there beyond the plain spin's is what a disk flush "
                + "in flight does to a CPU that is not making it; host_fdatasync_calls_during_spin counts the calls. "
                + "host_syscall_ns: one getppid (a null system call) through an FFM downcall with errno capture, as qsl makes "
                + "its native calls, averaged over a loop of calls after a warm-up.");
        f.write(options.resultsDir());
        if (!quick && !Boolean.getBoolean("qsl.bench.node.skipSockets")) new SocketStudy().run(options);
    }

    /** The threading study's configurations: node threading, idle setting and pinning. */
    private record ThreadingCase(String name, String mode, String threading, String nodeIdle, boolean pin) {}

    /**
     * What the node's thread layout costs on this host: the node (none mode) with its stages on one
     * thread ({@code threading = shared}) or a thread each ({@code dedicated}), pinned or placed by
     * the scheduler, and the shared thread busy-polling ({@code idle = spin}), at 1 session 1,000/s
     * and {@value #REFERENCE_SESSIONS} sessions 10,000/s; per point the round trip and each
     * thread's context switches and time spent runnable but waiting for a CPU.
     */
    private static void threadingStudy(ResultsFile f, Path tmp, boolean quick) throws Exception {
        ThreadingCase[] cases = {
                new ThreadingCase("shared_pinned", "none", "shared", "backoff", true),
                new ThreadingCase("shared_unpinned", "none", "shared", "backoff", false),
                new ThreadingCase("dedicated_pinned", "none", "dedicated", "backoff", true),
                new ThreadingCase("dedicated_unpinned", "none", "dedicated", "backoff", false),
                new ThreadingCase("shared_spin_pinned", "none", "shared", "spin", true),
                new ThreadingCase("batch_shared_pinned", "batch", "shared", "backoff", true),
                new ThreadingCase("batch_single_pinned", "batch", "single", "backoff", true)};
        long measure = quick ? 1_000_000_000L : 2_000_000_000L;
        Map<String, Object> out = new LinkedHashMap<>();
        for (ThreadingCase ic : cases) {
            try (NodeChild node = new NodeChild(tmp.resolve("threading-" + ic.name()), ic.mode(), REFERENCE_SESSIONS, ic.pin(),
                    List.of("idle=" + ic.nodeIdle(), "threading=" + ic.threading()))) {
                for (int[] sr : new int[][] {{1, 1_000}, {REFERENCE_SESSIONS, 10_000}}) {
                    Object[] result = new Object[1];
                    Thread t = new Thread(() -> {
                        try (NodeLoad load = new NodeLoad(node.process.address(), NodeChild.users(0, sr[0]), NodeChild.PASSWORD, 42, node.generatorCpus())) {
                            // JIT (first point of a fresh node: 60,000 orders) and stores, not recorded
                            if (sr[0] == 1) load.run(JIT_WARMUP_RATE, 0, 3_000_000_000L, 2_000_000_000L);
                            else load.run(WARMUP_RATE, 0, measure, 2_000_000_000L);
                            load.settle(NodeLoad.SETTLE_NANOS);
                            long self = ProcessHandle.current().pid();
                            List<String> nodeThreads = List.of("qsl-");
                            List<String> gen = List.of("qsl-load");
                            Map<String, long[]> n0 = ThreadStats.read(node.process.pid(), nodeThreads);
                            Map<String, long[]> g0 = ThreadStats.read(self, gen);
                            long t0 = System.nanoTime();
                            load.run(sr[1], 0, measure, 2_000_000_000L);
                            double secs = (System.nanoTime() - t0) / 1e9;
                            Map<String, Object> row = new LinkedHashMap<>();
                            Histogram h = load.rtt;
                            row.put("p50_us", h.getValueAtPercentile(50) / 1e3);
                            row.put("p99_us", h.getValueAtPercentile(99) / 1e3);
                            row.put("p999_us", h.getValueAtPercentile(99.9) / 1e3);
                            row.put("max_us", h.getMaxValue() / 1e3);
                            row.put("unanswered", load.unanswered);
                            row.put("node_threads", ThreadStats.delta(n0, ThreadStats.read(node.process.pid(), nodeThreads), secs));
                            row.put("generator_threads", ThreadStats.delta(g0, ThreadStats.read(self, gen), secs));
                            result[0] = row;
                        } catch (Exception e) {
                            result[0] = e;
                        }
                    }, "qsl-load-gen");
                    t.start();
                    t.join();
                    if (result[0] instanceof Exception e) throw e;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = (Map<String, Object>) result[0];
                    String key = ic.name() + "_c" + sr[0] + "_at_" + sr[1];
                    out.put(key, row);
                    f.figure("threading_rtt_p50_us_" + key, (double) row.get("p50_us"));
                    f.figure("threading_rtt_p99_us_" + key, (double) row.get("p99_us"));
                    System.out.println("bench node: threading study " + key + ": " + row);
                }
            }
        }
        f.section("threading_study", out);
        f.note("Threading study: the node in none mode with threading = shared (in none mode the same as single, the default: one thread runs the gateway's "
                + "select loop, the engine stage and, in none mode, the journal stage) or threading = dedicated (a gateway thread and "
                + "an engine thread that runs the journal stage, the engine parked until the gateway wakes it), pinned (shared: to the "
                + "engine's CPU; dedicated: engine on one CPU, gateway on the other) or placed by the scheduler, and shared with "
                + "idle = spin (the one thread busy-polls epoll), driven by this generator as it runs the sweep, at 1 session 1,000/s and "
                + REFERENCE_SESSIONS + " sessions 10,000/s (" + measure / 1_000_000_000L
                + " s each, after an unrecorded warm-up). Per thread: context switches per second (voluntary: it blocked; "
                + "involuntary: it was preempted) and ms per second on a CPU and runnable but waiting for one (schedstat), "
                + "node threads qsl-node (shared) or qsl-gateway/engine (dedicated), generator threads qsl-load-gen and qsl-load-timer. "
                + "batch_shared_pinned and batch_single_pinned: the same two points in batch mode, with the journal stage on a thread of "
                + "its own (threading = shared: the node thread wakes it) or on the node thread, which hands the stage to a journal "
                + "thread only while its groups are large (threading = single, the default); either way the group commits' fdatasync "
                + "calls run on the sync threads (syncs.in.flight = 3, the default), which release the responses and wake the node "
                + "thread's selector; node threads include qsl-journal and qsl-sync-N.");
    }

    /** The node's default syncs.in.flight: how many group commits may overlap, each on its own sync lane. */
    static final int SYNCS_IN_FLIGHT = 3;
    static final int CONCURRENT_CALLS = 2000;
    static final int CONCURRENT_CALLS_QUICK = 300;

    /** fdatasync calls made by 2 and {@value #SYNCS_IN_FLIGHT} threads at once on one file, added to {@code into} by thread count. */
    private static void concurrentFsync(Path dir, boolean quick, Map<Integer, List<Fsync.Concurrent>> into) throws java.io.IOException {
        for (int k = 2; k <= SYNCS_IN_FLIGHT; k++) {
            Fsync.Concurrent c = Fsync.measureConcurrent(dir, k, quick ? CONCURRENT_CALLS_QUICK : CONCURRENT_CALLS);
            into.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
            System.out.printf(Locale.ROOT, "bench node: %d concurrent fdatasync: p50 %.1f p99 %.1f us, %.0f calls/s%n", k,
                    c.calls().getValueAtPercentile(50) / 1e3, c.calls().getValueAtPercentile(99) / 1e3, c.callsPerSecond());
        }
    }

    static final long HOST_GAP_NANOS = 200_000;
    static final int HOST_ROUNDS = 5000;
    static final int HOST_ROUNDS_QUICK = 1000;
    static final long HOST_SPIN_NANOS = 2_000_000_000L;
    static final long HOST_SPIN_NANOS_QUICK = 500_000_000L;

    /** The host's own floor ({@link HostProbe}): host_* figures, the wake and oversleep histograms, the per-CPU spins. */
    private static void hostProbe(ResultsFile f, Path dir, boolean quick) throws Exception {
        int rounds = quick ? HOST_ROUNDS_QUICK : HOST_ROUNDS;
        Histogram wake = HostProbe.wake(rounds, HOST_GAP_NANOS);
        f.figure("host_wake_p50_us", wake.getValueAtPercentile(50) / 1e3);
        f.figure("host_wake_p99_us", wake.getValueAtPercentile(99) / 1e3);
        f.histogram("host_wake", wake, "ns");
        Histogram park = HostProbe.timedPark(rounds, HOST_GAP_NANOS);
        f.figure("host_timed_park_oversleep_p50_us", park.getValueAtPercentile(50) / 1e3);
        f.figure("host_timed_park_oversleep_p99_us", park.getValueAtPercentile(99) / 1e3);
        f.histogram("host_timed_park_oversleep", park, "ns");
        HostProbe.SpinTotals alone = new HostProbe.SpinTotals();
        List<Map<String, Object>> cpus = new ArrayList<>();
        for (HostProbe.Spin s : HostProbe.spin(quick ? HOST_SPIN_NANOS_QUICK : HOST_SPIN_NANOS)) {
            alone.add(s);
            cpus.add(s.row());
        }
        f.figure("host_spin_gap_max_us", alone.maxGapMicros());
        f.figure("host_spin_gaps_over_10us_per_s", alone.gapsOver10usPerSecond());
        f.figure("host_spin_gaps_over_1ms_per_s", alone.gapsOver1msPerSecond());
        f.figure("host_spin_lost_fraction", alone.lostFraction());
        f.section("host_spin", cpus);
        HostProbe.SpinTotals flushing = new HostProbe.SpinTotals();
        long syncCalls = 0;
        List<Map<String, Object>> during = new ArrayList<>();
        for (HostProbe.SpinDuringSyncs d : HostProbe.spinDuringSyncs(dir, quick ? HOST_SPIN_NANOS_QUICK : HOST_SPIN_NANOS)) {
            flushing.add(d.spin());
            syncCalls += d.syncCalls();
            Map<String, Object> row = d.spin().row();
            row.put("fdatasync_cpu", d.syncCpu());
            row.put("fdatasync_calls", d.syncCalls());
            row.put("fdatasync_p99_us", d.syncs().getValueAtPercentile(99) / 1e3);
            row.put("fdatasync_max_us", d.syncs().getMaxValue() / 1e3);
            during.add(row);
        }
        f.figure("host_spin_gap_max_us_during_fdatasync", flushing.maxGapMicros());
        f.figure("host_spin_gaps_over_1ms_per_s_during_fdatasync", flushing.gapsOver1msPerSecond());
        f.figure("host_spin_lost_fraction_during_fdatasync", flushing.lostFraction());
        f.figure("host_fdatasync_calls_during_spin", syncCalls);
        f.section("host_spin_during_fdatasync", during);
        HostProbe.Syscall sys = HostProbe.syscall(quick ? 50_000 : 200_000, quick ? 200_000 : 1_000_000);
        if (sys != null) f.figure("host_syscall_ns", sys.nanosPerCall());
        else f.note("host_syscall_ns: not measured: " + HostProbe.syscallUnavailableReason());
        System.out.printf(Locale.ROOT, "bench node: host: wake p50 %.1f p99 %.1f us; timed park oversleep p50 %.1f p99 %.1f us; "
                        + "spin %s; getppid %s ns%n", wake.getValueAtPercentile(50) / 1e3, wake.getValueAtPercentile(99) / 1e3,
                park.getValueAtPercentile(50) / 1e3, park.getValueAtPercentile(99) / 1e3, cpus,
                sys == null ? "n/a" : String.format(Locale.ROOT, "%.0f", sys.nanosPerCall()));
    }

    /** Warm-up rate: below what every mode sustains here, so no backlog is left for the first recorded point. */
    static final int WARMUP_RATE = 5_000;
    /**
     * Warm-up rate of a mode's first phase ({@value #REFERENCE_SESSIONS} sessions, 5 s): 100,000 orders, so
     * that the node JVM's C2 compiles of the engine's rarer paths (a replace is 15% of the mix) are done
     * before the sweep; with 15,000 orders they ran during its first points, a compiler thread taking
     * one of the two CPUs for tens of ms at a time.
     */
    static final int JIT_WARMUP_RATE = 20_000;

    /**
     * Warms a fresh set of sessions before anything is recorded: the node JVM's JIT (first phase of a
     * mode) and each session's first pages of output store (every phase: the first writes into 256
     * fresh stores fault pages in on the journal thread). Runs at {@value #JIT_WARMUP_RATE}/s for 5 s (the
     * first phase) or {@value #WARMUP_RATE}/s for 1 s, then waits
     * until every warm-up request is answered (up to {@link NodeLoad#SETTLE_NANOS}).
     */
    private static void warmUp(ResultsFile f, NodeLoad load, String mode, int sessions, boolean quick, long drain) throws Exception {
        long t0 = System.nanoTime();
        long seconds = sessions == REFERENCE_SESSIONS ? (quick ? 1 : 5) : 1;
        int rate = sessions == REFERENCE_SESSIONS ? JIT_WARMUP_RATE : WARMUP_RATE;
        load.run(rate, 0, seconds * 1_000_000_000L, drain);
        long left = load.settle(NodeLoad.SETTLE_NANOS);
        double took = (System.nanoTime() - t0) / 1e9;
        String key = mode + "_c" + sessions;
        f.figure("warmup_seconds_" + key, took);
        if (left > 0) f.figure("warmup_unanswered_" + key, left);
        System.out.printf(Locale.ROOT, "bench node: %s %d sessions: warm-up at %,d/s for %d s (not recorded): p99 %.1f us, drained in "
                + "%.3f s, %d still unanswered%n", mode, sessions, rate, seconds, load.rtt.getValueAtPercentile(99) / 1e3, took, left);
    }

    private static Map<String, Object> point(ResultsFile f, NodeChild node, NodeLoad load, Point p, long warm, long measure,
                                             long drain) throws Exception {
        // where the CPU went over the point (its warm-up, measured window and last replies): the machine, the node's threads, this generator
        long[] cpu0 = SystemCpu.read();
        Map<String, long[]> n0 = ThreadStats.read(node.process.pid(), NODE_THREADS);
        Map<String, long[]> g0 = ThreadStats.read(ProcessHandle.current().pid(), GENERATOR_THREADS);
        long t0 = System.nanoTime();
        load.run(p.rate(), warm, measure, drain);
        double cpuSecs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> cpu = SystemCpu.delta(cpu0, SystemCpu.read());
        Map<String, Object> nodeThreads = ThreadStats.delta(n0, ThreadStats.read(node.process.pid(), NODE_THREADS), cpuSecs);
        Map<String, Object> generatorThreads = ThreadStats.delta(g0, ThreadStats.read(ProcessHandle.current().pid(), GENERATOR_THREADS), cpuSecs);
        Thread.sleep(3 * NodeChild.STATUS_MILLIS);
        Histogram h = load.rtt;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mode", p.mode());
        row.put("sessions", p.sessions());
        row.put("offered_per_s", p.rate());
        row.put("achieved_per_s", load.achievedRate);
        row.put("measured", h.getTotalCount());
        row.put("unanswered", load.unanswered);
        row.put("mismatched", load.mismatched);
        row.put("overflow", load.overflow);
        row.put("backlog_at_start", load.backlogAtStart);
        row.put("rejects", load.rejects);
        row.put("executions", load.executions);
        row.put("max_send_lag_us", load.maxSendLagNanos / 1e3);
        row.put("send_lag_p50_us", load.sendLag.getValueAtPercentile(50) / 1e3);
        row.put("send_lag_p99_us", load.sendLag.getValueAtPercentile(99) / 1e3);
        double p50 = h.getValueAtPercentile(50) / 1e3, p99 = h.getValueAtPercentile(99) / 1e3;
        double p999 = h.getValueAtPercentile(99.9) / 1e3, max = h.getMaxValue() / 1e3;
        row.put("p50_us", p50);
        row.put("p99_us", p99);
        row.put("p999_us", p999);
        row.put("max_us", max);
        NodeChild.Status[] w = node.window(load.windowStart, load.windowEnd);
        if (w != null) {
            double secs = (w[1].nanos() - w[0].nanos()) / 1e9;
            long cmds = w[1].released() - w[0].released();
            long syncs = w[1].syncs() - w[0].syncs();
            row.put("journaled_per_s", cmds / secs);
            row.put("fdatasync_per_s", syncs / secs);
            row.put("cmds_per_fdatasync", syncs == 0 ? 0.0 : (double) cmds / syncs);
            row.put("alloc_bytes_per_order", cmds == 0 ? 0.0 : (double) (w[1].alloc() - w[0].alloc()) / cmds);
            row.put("alloc_bytes", (double) (w[1].alloc() - w[0].alloc()));
            row.put("snapshot_thread_alloc_bytes", (double) (w[1].snapAlloc() - w[0].snapAlloc()));
            row.put("journaled", cmds);
        }
        row.put("cpu", cpu);
        row.put("node_on_cpu_ms_per_s", ThreadStats.sum(nodeThreads, "on_cpu_ms_per_s"));
        row.put("node_runnable_waiting_ms_per_s", ThreadStats.sum(nodeThreads, "runnable_waiting_ms_per_s"));
        row.put("generator_on_cpu_ms_per_s", ThreadStats.sum(generatorThreads, "on_cpu_ms_per_s"));
        row.put("node_threads", nodeThreads);
        row.put("generator_threads", generatorThreads);
        boolean sustained = h.getValueAtPercentile(99) < P99_LIMIT_NANOS && load.unanswered == 0
                && load.achievedRate >= 0.95 * p.rate();
        row.put("sustained", sustained);
        String suffix = p.sessions() == REFERENCE_SESSIONS ? "" : "_c" + p.sessions();
        String key = p.rate() + "_" + p.mode() + suffix;
        f.figure("rtt_p99_us_at_" + key, p99);
        if (p.sessions() == REFERENCE_SESSIONS) {
            f.figure("rtt_p50_us_at_" + key, p50);
            f.figure("rtt_p999_us_at_" + key, p999);
            f.figure("rtt_max_us_at_" + key, max);
            if (row.get("fdatasync_per_s") instanceof Double d && !p.mode().equals("none")) {
                f.figure("fdatasync_per_s_" + p.mode() + "_at_" + p.rate(), d);
                f.figure("cmds_per_fdatasync_" + p.mode() + "_at_" + p.rate(), (double) row.get("cmds_per_fdatasync"));
            }
            if (p.rate() == 100_000) f.histogram("round_trip_" + p.mode() + "_at_100000", h, "ns");
            if (cpu.get("busy_fraction") instanceof Double b) {
                f.figure("cpu_busy_fraction_at_" + key, b);
                f.figure("cpu_kernel_fraction_at_" + key, (double) cpu.get("kernel_fraction"));
            }
            f.figure("node_on_cpu_ms_per_s_at_" + key, (double) row.get("node_on_cpu_ms_per_s"));
            f.figure("generator_on_cpu_ms_per_s_at_" + key, (double) row.get("generator_on_cpu_ms_per_s"));
        }
        System.out.printf(Locale.ROOT, "bench node: %-5s %3d sessions %7d/s: achieved %.0f/s p50 %.1f p99 %.1f p99.9 %.1f max %.1f us; "
                        + "unanswered %d mismatched %d rejects %d; %s%n", p.mode(), p.sessions(), p.rate(), load.achievedRate, p50, p99,
                p999, max, load.unanswered, load.mismatched, load.rejects, row);
        return row;
    }

    private static void syscalls(ResultsFile f, NodeChild node, boolean quick) throws Exception {
        String why = SyscallProfile.unavailableReason();
        if (why != null) {
            f.note("Syscall profile: not measured: " + why);
            return;
        }
        long gw = node.tid("qsl-gateway");
        if (gw < 0) gw = node.tid(qsl.gateway.Node.SHARED_THREAD); // threading = shared: one thread runs the gateway and the engine
        long jn = node.tid("qsl-journal");
        long en = node.tid("qsl-engine"); // -1 with threading = shared
        List<Long> syncThreads = new ArrayList<>(); // qsl-sync-1 ... (syncs.in.flight >= 1): the group commits' fdatasync calls
        for (int i = 1; node.tid("qsl-sync-" + i) >= 0; i++) syncThreads.add(node.tid("qsl-sync-" + i));
        Map<String, Object> out = new LinkedHashMap<>();
        try (NodeLoad load = new NodeLoad(node.process.address(), NodeChild.users(0, REFERENCE_SESSIONS), NodeChild.PASSWORD, 7, node.generatorCpus())) {
            load.run(10_000, 300_000_000L, 500_000_000L, 2_000_000_000L); // warm the sessions without tracing
            for (int rate : quick ? new int[] {10_000} : new int[] {10_000, 50_000}) {
                NodeChild.Status s0 = last(node);
                SyscallProfile g = SyscallProfile.attach(gw, node.dir.resolve("strace-gateway.txt"));
                SyscallProfile j = SyscallProfile.attach(jn, node.dir.resolve("strace-journal.txt"));
                SyscallProfile e = en < 0 ? null : SyscallProfile.attach(en, node.dir.resolve("strace-engine.txt"));
                List<SyscallProfile> ss = new ArrayList<>();
                for (int i = 0; i < syncThreads.size(); i++) {
                    ss.add(SyscallProfile.attach(syncThreads.get(i), node.dir.resolve("strace-sync-" + (i + 1) + ".txt")));
                }
                load.run(rate, 0, quick ? 1_000_000_000L : 2_000_000_000L, 3_000_000_000L);
                Map<String, Long> gc = g.stop(), jc = j.stop(), ec = e == null ? Map.of() : e.stop();
                Map<String, Long> sc = new java.util.TreeMap<>(); // the sync threads' calls, summed
                for (SyscallProfile sp : ss) sp.stop().forEach((call, n) -> sc.merge(call, n, Long::sum));
                Thread.sleep(3 * NodeChild.STATUS_MILLIS);
                NodeChild.Status s1 = last(node);
                long orders = s1.released() - s0.released();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("offered_per_s", rate);
                r.put("orders", orders);
                r.put("gateway", gc);
                r.put("journal", jc);
                r.put("engine", ec);
                r.put("sync_threads", sc);
                r.put("traced_p99_us", load.rtt.getValueAtPercentile(99) / 1e3);
                out.put(Integer.toString(rate), r);
                if (orders > 0) {
                    double per = (double) gc.getOrDefault("total", 0L) / orders;
                    f.figure("syscalls_per_order_gateway_at_" + rate, per);
                    f.figure("syscalls_per_order_journal_at_" + rate, (double) jc.getOrDefault("total", 0L) / orders);
                    f.figure("syscalls_per_order_engine_at_" + rate, (double) ec.getOrDefault("total", 0L) / orders);
                    f.figure("syscalls_per_order_sync_threads_at_" + rate, (double) sc.getOrDefault("total", 0L) / orders);
                    long reads = gc.getOrDefault("read", 0L);
                    long writes = gc.getOrDefault("write", 0L) + gc.getOrDefault("writev", 0L);
                    f.figure("gateway_reads_per_order_at_" + rate, (double) reads / orders);
                    f.figure("gateway_writes_per_order_at_" + rate, (double) writes / orders);
                    long idle = idleCalls(gc) + idleCalls(jc) + idleCalls(ec) + idleCalls(sc);
                    long all = gc.getOrDefault("total", 0L) + jc.getOrDefault("total", 0L) + ec.getOrDefault("total", 0L)
                            + sc.getOrDefault("total", 0L);
                    f.figure("syscalls_per_order_work_at_" + rate, (all - idle) / (double) orders);
                    f.figure("syscalls_per_order_idle_at_" + rate, idle / (double) orders);
                    if (rate == 10_000) f.figure("syscalls_per_order", all / (double) orders);
                }
                System.out.println("bench node: strace at " + rate + "/s, " + orders + " orders: gateway " + gc + " journal " + jc
                        + " engine " + ec + " sync threads " + sc);
            }
        }
        f.section("syscalls", out);
        f.note("Syscall profile: strace -c attached to each of the node's threads separately: the gateway (with threading = "
                + "single, the default, the one thread that also runs the engine stage and, while group commits are small, the "
                + "journal stage), the journal thread, the sync threads that make the group commits' fdatasync calls "
                + "(qsl-sync-N, syncs.in.flight = 3 by default; their calls summed) and, with threading = dedicated, "
                + "the engine (batch mode, " + REFERENCE_SESSIONS + " sessions) for a window at a fixed rate; orders = log records journaled "
                + "in the window. syscalls_per_order = the node threads' syscalls over the orders at 10,000/s; "
                + "syscalls_per_order_idle_at_<rate> the part that is waiting for work (futex from parking and from the "
                + "selector's wakeup lock, sched_yield, restart_syscall), syscalls_per_order_work_at_<rate> the rest (socket "
                + "reads and writes, epoll_wait, the selector wakeup's eventfd write, fdatasync). Traced runs are slower "
                + "(strace stops the thread at every syscall): their latency is not a result.");
    }

    /** Syscalls a thread makes to wait for work (parking, yielding), as opposed to doing it (I/O, fdatasync). */
    private static long idleCalls(Map<String, Long> calls) {
        return calls.getOrDefault("futex", 0L) + calls.getOrDefault("sched_yield", 0L) + calls.getOrDefault("restart_syscall", 0L);
    }

    private static NodeChild.Status last(NodeChild node) {
        List<NodeChild.Status> s = node.statuses();
        return s.get(s.size() - 1);
    }

    private static void exchangeCore(ResultsFile f, int[] rates, long warm, long measure, long drain) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ExchangeCorePeer peer = new ExchangeCorePeer(REFERENCE_SESSIONS)) {
            boolean overloaded = false;
            for (int rate : rates) {
                if (overloaded && rate != 100_000) continue;
                double[] achieved = new double[2];
                Histogram h = peer.run(rate, warm, measure, drain, 42, achieved);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("sessions", REFERENCE_SESSIONS);
                row.put("offered_per_s", rate);
                row.put("achieved_per_s", achieved[0]);
                row.put("unanswered", (long) achieved[1]);
                row.put("measured", h.getTotalCount());
                row.put("p50_us", h.getValueAtPercentile(50) / 1e3);
                row.put("p99_us", h.getValueAtPercentile(99) / 1e3);
                row.put("p999_us", h.getValueAtPercentile(99.9) / 1e3);
                row.put("max_us", h.getMaxValue() / 1e3);
                row.put("rejects_total", peer.rejects);
                rows.add(row);
                if (achieved[1] > 0 || h.getValueAtPercentile(99) / 1e3 > OVERLOADED_P99_US) overloaded = true;
                f.figure("rtt_p50_us_at_" + rate + "_exchange_core", h.getValueAtPercentile(50) / 1e3);
                f.figure("rtt_p99_us_at_" + rate + "_exchange_core", h.getValueAtPercentile(99) / 1e3);
                f.figure("rtt_p999_us_at_" + rate + "_exchange_core", h.getValueAtPercentile(99.9) / 1e3);
                f.figure("rtt_max_us_at_" + rate + "_exchange_core", h.getMaxValue() / 1e3);
                if (rate == 100_000) f.histogram("round_trip_exchange_core_at_100000", h, "ns");
                System.out.println("bench node: exchange-core " + row);
            }
        }
        f.section("exchange_core", rows);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
