package qsl.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.perf.results.ResultsFile;

/**
 * {@code ./qsl bench --suite node_syncs}: overlapping group commits ({@code syncs.in.flight} = K)
 * against the journal stage's own fdatasync (K = 0), the node's durable modes at 10,000 and
 * 100,000 orders/s, 16 sessions, the same open-loop generator as {@link NodeSuite}. Every K runs
 * in each of two rounds, the second in the reverse order of K, so a host whose load drifts during
 * the run shifts no K's figures more than another's; each figure is over both rounds' samples.
 * Writes {@code results/node_syncs.json}.
 */
public final class NodeSyncsSuite implements BenchSuite {
    static final String NAME = "node_syncs";
    static final int[] KS = {0, 1, 2, 3};
    static final String[] MODES = {"batch", "sync"};
    static final int[] RATES = {10_000, 100_000};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the node's batch and sync modes with syncs.in.flight = 0 (the journal stage syncs itself) and 1 to 3 "
                + "(overlapping group commits on sync threads), 10,000 and 100,000 orders/s";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        boolean quick = options.quick();
        long measure = quick ? 1_000_000_000L : 3_000_000_000L;
        long warm = 500_000_000L;
        long drain = 2_000_000_000L;
        int sessions = NodeSuite.REFERENCE_SESSIONS;
        ResultsFile f = ResultsFile.create(NAME, "Overlapping group commits: the node's durable modes with syncs.in.flight = 0 to 3",
                        options.command())
                .evidence("constrained: 2 cores (KVM guest) shared by the node's threads (threading = single, pinned), its sync "
                        + "threads (not pinned), the load generator and other processes; other builds may have been running; "
                        + "loopback TCP only; the disk is a virtual disk whose fdatasync latency is measured here (one call at a "
                        + "time, before and after), not a datacenter NVMe; scheduling delays of a few milliseconds on this host "
                        + "reach the p99 of every configuration alike")
                .meta("pass", quick ? "quick" : "full")
                .meta("measure_s", measure / 1e9)
                .meta("sessions", sessions)
                .meta("rounds", 2)
                .meta("mix", NodeSuite.MIX);
        Path tmp = Files.createTempDirectory("qsl-bench-node-syncs");
        Map<String, Histogram> pooled = new LinkedHashMap<>();
        Map<String, double[]> syncs = new LinkedHashMap<>(); // key -> {fdatasync calls, commands, seconds}
        List<Map<String, Object>> rows = new ArrayList<>();
        Histogram fs = new Histogram(10_000_000_000L, 3);
        try {
            fs.add(Fsync.measure(tmp, quick ? 300 : 2000));
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < KS.length; i++) {
                    int k = round == 0 ? KS[i] : KS[KS.length - 1 - i];
                    for (String mode : MODES) {
                        Path dir = tmp.resolve("r" + round + "-k" + k + "-" + mode);
                        try (NodeChild node = new NodeChild(dir, mode, sessions, true, List.of("syncs.in.flight=" + k));
                             NodeLoad load = new NodeLoad(node.process.address(), NodeChild.users(0, sessions), NodeChild.PASSWORD, 42, node.generatorCpus())) {
                            load.run(NodeSuite.JIT_WARMUP_RATE, 0, quick ? 1_000_000_000L : 3_000_000_000L, drain); // JIT, not recorded
                            load.settle(NodeLoad.SETTLE_NANOS);
                            for (int rate : RATES) {
                                load.run(rate, warm, measure, drain);
                                Thread.sleep(3 * NodeChild.STATUS_MILLIS);
                                String key = mode + "_at_" + rate + "_k" + k;
                                pooled.computeIfAbsent(key, x -> new Histogram(10_000_000_000L, 3)).add(load.rtt);
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("round", round + 1);
                                row.put("syncs_in_flight", k);
                                row.put("mode", mode);
                                row.put("offered_per_s", rate);
                                row.put("achieved_per_s", load.achievedRate);
                                row.put("unanswered", load.unanswered);
                                row.put("p50_us", load.rtt.getValueAtPercentile(50) / 1e3);
                                row.put("p90_us", load.rtt.getValueAtPercentile(90) / 1e3);
                                row.put("p99_us", load.rtt.getValueAtPercentile(99) / 1e3);
                                row.put("max_us", load.rtt.getMaxValue() / 1e3);
                                row.put("send_lag_p99_us", load.sendLag.getValueAtPercentile(99) / 1e3);
                                NodeChild.Status[] w = node.window(load.windowStart, load.windowEnd);
                                if (w != null) {
                                    double secs = (w[1].nanos() - w[0].nanos()) / 1e9;
                                    long cmds = w[1].released() - w[0].released();
                                    long calls = w[1].syncs() - w[0].syncs();
                                    row.put("fdatasync_per_s", calls / secs);
                                    row.put("cmds_per_fdatasync", calls == 0 ? 0.0 : (double) cmds / calls);
                                    double[] a = syncs.computeIfAbsent(key, x -> new double[3]);
                                    a[0] += calls;
                                    a[1] += cmds;
                                    a[2] += secs;
                                }
                                rows.add(row);
                                System.out.printf(Locale.ROOT, "bench node_syncs: %s%n", row);
                            }
                        }
                    }
                }
            }
            fs.add(Fsync.measure(tmp, quick ? 300 : 2000));
        } finally {
            NodeSuite.deleteTree(tmp);
        }
        f.figure("fdatasync_p50_us", fs.getValueAtPercentile(50) / 1e3);
        f.figure("fdatasync_p99_us", fs.getValueAtPercentile(99) / 1e3);
        f.histogram("fdatasync", fs, "ns");
        for (Map.Entry<String, Histogram> e : pooled.entrySet()) {
            Histogram h = e.getValue();
            f.figure("rtt_p50_us_" + e.getKey(), h.getValueAtPercentile(50) / 1e3);
            f.figure("rtt_p90_us_" + e.getKey(), h.getValueAtPercentile(90) / 1e3);
            f.figure("rtt_p99_us_" + e.getKey(), h.getValueAtPercentile(99) / 1e3);
            double[] a = syncs.get(e.getKey());
            if (a != null && a[2] > 0) {
                f.figure("fdatasync_per_s_" + e.getKey(), a[0] / a[2]);
                f.figure("cmds_per_fdatasync_" + e.getKey(), a[0] == 0 ? 0 : a[1] / a[0]);
            }
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("points", rows);
        f.section("rounds", section);
        f.note("Each configuration: a fresh node (`NodeMain` in a child JVM as `./qsl node` runs it, threading = single, pinned, "
                + "the given durability and syncs.in.flight), " + sessions + " SoupBinTCP sessions from one generator thread, an "
                + "unrecorded warm-up at " + NodeSuite.JIT_WARMUP_RATE + "/s, then 10,000/s and 100,000/s for " + measure / 1_000_000_000L
                + " s each (open loop: latency from the scheduled send time). Two rounds, K = 0, 1, 2, 3 then 3, 2, 1, 0; the "
                + "rtt figures are percentiles of both rounds' samples together, fdatasync_per_s and cmds_per_fdatasync over both "
                + "rounds' windows; `rounds` holds each round's points (p50, p90, p99, max, the generator's send lag p99). K = 0: the "
                + "thread running the journal stage makes each group commit's fdatasync itself; K >= 1: K sync threads make them, up to "
                + "K at once. fdatasync_p50_us / p99: write(64 bytes) + fdatasync one at a time next to the journals, before and after.");
        f.write(options.resultsDir());
    }
}
