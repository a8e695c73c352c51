package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.perf.results.ResultsFile;

/**
 * Matching engine throughput against exchange-core on every flow of {@link EngineWorkloads#names()}
 * (the exchange-core shape, multi-symbol, drift, four realistic GBM flows and five adversarial
 * shapes), qsl at {@link EngineConfig#defaults()} and exchange-core's {@code OrderBookDirectImpl}
 * with its own default pools on the same stream in the same run; per-flow latency percentiles and
 * allocation; qsl at {@code maxOrders = 65536} on the realistic flows; sequential ids after a
 * burst of structured ones; and the scattered shape's scaling table. Writes
 * {@code results/engine.json} and {@code .md}.
 *
 * <p>Method of the head-to-head figures: {@link #ROUNDS} rounds; in each, every flow runs one
 * exchange-core fork and then one qsl fork back to back, so the two engines of a flow are measured
 * minutes apart at most and a host that drifts during the suite moves both. A flow's figure is the
 * median of all its measured iterations over the rounds (an iteration slowed by another process
 * moves a median little, where it moves a mean a lot); the smallest and largest iteration are
 * reported beside it.
 */
public final class EngineSuite implements BenchSuite {
    static final long SEED = 1;
    static final int SMALL_MAX_ORDERS = 1 << 16;
    static final int[] SCALING = {1_000, 10_000, 100_000, 1_000_000};
    /** Rounds of the head-to-head runs: each round measures every flow once on each engine, alternating. */
    static final int ROUNDS = 2;

    /**
     * The JIT plan qsl runs with (the {@code ./qsl} launcher passes the same flags to every JVM it
     * starts; JMH forks inherit them, exchange-core's forks as well, on which they act on nothing):
     * C2 compiles {@code MatchingEngine.rest} and {@code leave} (the level update plus its event) as
     * their own units instead of inlining them into each command. Every FFM access inlines about
     * 650 IR nodes before they fold away, so a command's compilation reaches C2's parse-time node
     * budget part-way through the level updates and leaves single field accesses as calls;
     * see docs/book.md. {@code quiet}: C2 prints nothing about the directives.
     */
    public static final List<String> JIT_FLAGS = List.of(
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=dontinline,qsl.book.MatchingEngine::rest",
            "-XX:CompileCommand=dontinline,qsl.book.MatchingEngine::leave");

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "Matching engine throughput against exchange-core on every flow";
    }

    /** The engine suite's JMH settings: shorter than the default full pass, so a dozen flows x two engines fit in minutes. */
    private static ChainedOptionsBuilder options(BenchOptions options, String regex, Path streams) {
        // jvmArgsAppend replaces what JmhRun set: repeat its flags with the stream directory.
        List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
                "-XX:+AlwaysPreTouch", "-D" + EngineWorkloads.STREAM_DIR + "=" + streams.toAbsolutePath()));
        args.addAll(JIT_FLAGS);
        ChainedOptionsBuilder b = JmhRun.options(options, regex).jvmArgsAppend(args.toArray(new String[0]));
        if (!options.quick()) {
            b.warmupIterations(3).warmupTime(TimeValue.seconds(1))
             .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        return b;
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        List<String> flows = EngineWorkloads.names();
        Path streams = Files.createTempDirectory("qsl-engine-streams");
        try {
            for (String w : flows) EngineWorkloads.save(streams, w, SEED, 0);
            run(options, flows, streams);
        } finally {
            try (Stream<Path> files = Files.walk(streams)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(BenchOptions options, List<String> flows, Path streams) throws Exception {
        // Head to head: per round, per flow, exchange-core's fork then qsl's (JMH orders them by name).
        Map<String, Samples> heads = new LinkedHashMap<>();
        int rounds = options.quick() ? 1 : ROUNDS;
        for (int round = 0; round < rounds; round++) {
            for (String w : flows) {
                collect(heads, new Runner(options(options, "qsl\\.bench\\.engine\\.EngineBenchmark\\.", streams)
                        .param("workload", w)
                        .param("seed", Long.toString(SEED)).build()).run());
            }
        }
        Map<String, JmhRun.Score> scores = new LinkedHashMap<>();
        for (Samples h : heads.values()) scores.put(h.label, h.score());
        scores.putAll(JmhRun.run(options(options, "qsl\\.bench\\.engine\\.EngineBenchmark\\.qsl$", streams)
                .param("workload", EngineWorkloads.realistic().toArray(new String[0]))
                .param("seed", Long.toString(SEED))
                .param("maxOrders", Integer.toString(SMALL_MAX_ORDERS))));
        scores.putAll(JmhRun.run(options(options, "qsl\\.bench\\.engine\\.EngineBenchmark\\.qsl$", streams)
                .param("workload", EngineWorkloads.EXCHANGE_CORE_SHAPE)
                .param("seed", Long.toString(SEED))
                .param("preburst", EngineWorkloads.STRUCTURED_IDS)));

        EngineConfig d = EngineConfig.defaults();
        ResultsFile r = ResultsFile.create(name(), "Matching engine throughput on every flow: qsl against exchange-core 0.5.3",
                        options.command())
                .evidence("measured: wall-clock JMH scores and allocation only (no hardware PMU counters on this 2-core KVM "
                        + "guest, no CPU isolation); other builds and tests may have been running on the same two cores, so "
                        + "absolute figures are noisy; compare qsl with exchange-core within this file only")
                .meta("workloads", flows)
                .meta("seed", SEED)
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("jmh", (options.quick() ? "2 x 1 s warmup, 3 x 1 s measurement" : "3 x 1 s warmup, 3 x 1 s measurement")
                        + " per fork, -prof gc; head to head: " + rounds + " round(s), each running every flow's "
                        + "exchange-core fork and then its qsl fork; a flow's ns per command is the median of its "
                        + rounds * 3 + " measured iterations; the other qsl runs (maxOrders 65536, "
                        + "after a burst): one fork each, mean of its iterations")
                .meta("jvm_flags", String.join(" ", JIT_FLAGS) + " (qsl's JIT plan, on every fork of both engines)")
                .meta("jvm_options_inherited", String.join(" ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                        + " (this process's options, which every JMH fork inherits before its appended ones)")
                .meta("batch_commands_per_invocation", EngineBenchmark.BATCH)
                .meta("peer", "exchange.core2:exchange-core:0.5.3 OrderBookDirectImpl, its own default pool sizes")
                .meta("qsl_engine_config", "EngineConfig.defaults(): maxOrders " + d.maxOrders() + ", maxSymbols "
                        + d.maxSymbols() + ", bandLevels " + d.bandLevels());
        Map<String, Object> described = new LinkedHashMap<>();
        for (String w : flows) described.put(w, EngineWorkloads.describe(w) + "; " + EngineWorkloads.defaultCommands(w)
                + " main-phase commands");
        r.section("workloads", described);

        double slowestOurs = Double.MAX_VALUE;
        double slowestPeer = Double.MAX_VALUE;
        for (String w : flows) {
            String k = key(w);
            JmhRun.Score ours = find(scores, "qsl", w, Map.of("maxOrders", "0", "preburst", ""));
            JmhRun.Score peer = find(scores, "exchangeCore", w, Map.of());
            if (ours != null) {
                double rate = 1e9 / ours.score();
                r.figure("msgs_per_s_" + k, rate);
                r.figure("ns_per_command_" + k, ours.score());
                r.figure("ns_per_command_" + k + "_min", heads.get(ours.label()).min());
                r.figure("ns_per_command_" + k + "_max", heads.get(ours.label()).max());
                r.figure("alloc_bytes_per_command_" + k, ours.allocBytesPerOp());
                slowestOurs = Math.min(slowestOurs, rate);
            }
            if (peer != null) {
                double rate = 1e9 / peer.score();
                r.figure("exchange_core_msgs_per_s_" + k, rate);
                r.figure("exchange_core_ns_per_command_" + k, peer.score());
                r.figure("exchange_core_ns_per_command_" + k + "_min", heads.get(peer.label()).min());
                r.figure("exchange_core_ns_per_command_" + k + "_max", heads.get(peer.label()).max());
                r.figure("exchange_core_alloc_bytes_per_command_" + k, peer.allocBytesPerOp());
                slowestPeer = Math.min(slowestPeer, rate);
            }
            if (ours != null && peer != null) r.ratio("vs_exchange_core_" + k, peer.score() / ours.score());
        }
        if (slowestOurs != Double.MAX_VALUE && slowestPeer != Double.MAX_VALUE) {
            r.ratio("vs_exchange_core_worst", slowestOurs / slowestPeer);
        }
        for (String w : EngineWorkloads.realistic()) {
            JmhRun.Score small = find(scores, "qsl", w, Map.of("maxOrders", Integer.toString(SMALL_MAX_ORDERS)));
            JmhRun.Score big = find(scores, "qsl", w, Map.of("maxOrders", "0", "preburst", ""));
            if (small == null || big == null) continue;
            r.figure("msgs_per_s_" + key(w) + "_max_orders_65536", 1e9 / small.score());
            r.ratio("default_vs_max_orders_65536_" + key(w), small.score() / big.score());
        }
        JmhRun.Score seq = find(scores, "qsl", EngineWorkloads.EXCHANGE_CORE_SHAPE, Map.of("maxOrders", "0", "preburst", ""));
        JmhRun.Score structured = find(scores, "qsl", EngineWorkloads.STRUCTURED_IDS, Map.of("maxOrders", "0", "preburst", ""));
        JmhRun.Score afterBurst = find(scores, "qsl", EngineWorkloads.EXCHANGE_CORE_SHAPE,
                Map.of("preburst", EngineWorkloads.STRUCTURED_IDS));
        if (afterBurst != null) r.figure("ns_per_command_exchange_core_after_structured_burst", afterBurst.score());
        if (seq != null && structured != null) r.ratio("sequential_vs_structured_ids", seq.score() / structured.score());
        if (seq != null && afterBurst != null) r.ratio("sequential_vs_sequential_after_burst", seq.score() / afterBurst.score());

        r.section("jmh", JmhRun.table(scores));
        System.setProperty(EngineWorkloads.STREAM_DIR, streams.toAbsolutePath().toString());
        r.section("agreement", agreement(flows));

        for (String w : flows) {
            EngineLatency.Result lat = options.quick()
                    ? EngineLatency.run(w, SEED, 0, 1, 1, 3)
                    : EngineLatency.run(w, SEED, 0, 1, 1, 6);
            String k = key(w);
            r.figure("latency_p50_ns_" + k, lat.p50())
                    .figure("latency_p99_ns_" + k, lat.p99())
                    .figure("latency_p99_99_ns_" + k, lat.p9999())
                    .figure("latency_max_ns_" + k, lat.max())
                    .figure("latency_commands_" + k, lat.commands());
            if (w.equals(EngineWorkloads.EXCHANGE_CORE_SHAPE)) r.figure("latency_timer_overhead_ns", lat.timerOverheadNs());
        }

        List<EngineScaling.Row> rows = EngineScaling.run(SCALING, 400_000, SEED, options.quick() ? 3 : 5);
        List<Object> table = new ArrayList<>();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (EngineScaling.Row row : rows) {
            table.add(EngineScaling.asMap(row));
            r.figure("scattered_cpu_ns_per_command_" + row.resting(), row.nsPerCommand());
            r.figure("scattered_new_order_p99_ns_" + row.resting(), row.newOrderP99());
            lo = Math.min(lo, row.nsPerCommand());
            hi = Math.max(hi, row.nsPerCommand());
        }
        r.section("scattered_scaling", table);
        if (!rows.isEmpty()) r.figure("scattered_ns_per_command_max_over_min", hi / lo);

        r.note("Method: JMH, -prof gc; head to head, " + rounds + " round(s) of every flow's exchange-core fork followed by "
                        + "its qsl fork; a flow's ns per command is the median of all its measured iterations (_min and _max: "
                        + "the fastest and slowest iteration), its alloc the largest fork's gc.alloc.rate.norm; each invocation applies the next "
                        + EngineBenchmark.BATCH + " commands of a pre-generated cyclic stream (generated once before the "
                        + "runs and mapped from a file by each fork), so the score is ns per command and gc.alloc.rate.norm "
                        + "is bytes per command. msgs_per_s = 1e9 / ns per command.")
                .note("qsl runs at EngineConfig.defaults(); exchange-core's OrderBookDirectImpl with the pool sizes of its own "
                        + "matching stage; both replay the same records (see docs/benchmarks.md for the command mapping).")
                .note("vs_exchange_core_<flow> = exchange-core ns / qsl ns on that flow; vs_exchange_core_worst = qsl's "
                        + "slowest flow's rate over exchange-core's slowest flow's rate.")
                .note("default_vs_max_orders_65536_<flow> = ns at maxOrders 65536 / ns at the default 2^20 (1.0: the "
                        + "capacity costs nothing). sequential_vs_structured_ids = ns(sequential ids) / ns(seq << 20 | gw); "
                        + "sequential_vs_sequential_after_burst: the same stream measured after one structured-id cycle.")
                .note("Latency per flow: nanoTime around each command less the median back-to-back nanoTime cost, a warm "
                        + "engine, one warm and one measured cycle of at most " + (options.quick() ? 3 : 6) + " s each; service time only.")
                .note("Scaling: the scattered shape at 1k..1M resting orders, prefill untimed, thread CPU time per command "
                        + "over the measured half of the main phase, nanoTime p99 of its new orders.")
                .note("Host: a shared 2-core KVM guest (no SMT, no hardware PMU counters); other builds may run at the same "
                        + "time" + (options.quick() ? "; this is a quick pass (short iterations)." : "."));
        Path json = r.write(options.resultsDir());
        System.out.println("engine: wrote " + json);
    }

    /** One replay of each workload's cyclic stream through both engines: trades and traded quantity. */
    private static List<Map<String, Object>> agreement(List<String> workloads) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String w : workloads) {
            try (Arena arena = Arena.ofShared()) {
                CommandStream stream = EngineWorkloads.load(w, SEED, 0, arena);
                CountingSink sink = new CountingSink();
                long resting;
                try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                    stream.register(engine);
                    stream.replay(engine);
                    resting = engine.restingOrders();
                }
                ExchangeCoreBooks peer = EngineWorkloads.newPeer(stream);
                stream.replay(peer);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("workload", w);
                row.put("commands", stream.count());
                row.put("qsl_trades", sink.trades());
                row.put("qsl_traded_quantity", sink.tradedQuantity());
                row.put("qsl_rejects", sink.rejects());
                row.put("qsl_resting_after_cycle", resting);
                row.put("exchange_core_trades", peer.trades());
                row.put("exchange_core_traded_quantity", peer.tradedQuantity());
                row.put("exchange_core_refused", peer.failedCommands());
                row.put("exchange_core_resting_after_cycle", peer.restingOrders());
                row.put("trades_per_command", (double) sink.trades() / stream.count());
                rows.add(row);
            }
        }
        return rows;
    }

    /** Figure-key form of a workload name. */
    static String key(String workload) {
        return workload.replace('-', '_');
    }

    /** The score of {@code method} on {@code workload} whose other params match {@code params} (absent params count as their defaults). */
    private static JmhRun.Score find(Map<String, JmhRun.Score> scores, String method, String workload, Map<String, String> params) {
        Map<String, String> defaults = Map.of("maxOrders", "0", "preburst", "");
        for (JmhRun.Score s : scores.values()) {
            String[] parts = s.label().split(":");
            if (!parts[0].equals(method)) continue;
            Map<String, String> p = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) p.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            if (!workload.equals(p.get("workload"))) continue;
            boolean ok = true;
            for (Map.Entry<String, String> want : params.entrySet()) {
                String got = p.getOrDefault(want.getKey(), defaults.get(want.getKey()));
                if (!want.getValue().equals(got)) ok = false;
            }
            if (ok) return s;
        }
        return null;
    }

    /** Adds each run's measured iterations to the samples of its benchmark label. */
    private static void collect(Map<String, Samples> into, java.util.Collection<RunResult> runs) {
        for (RunResult run : runs) {
            String label = JmhRun.label(run);
            Samples samples = into.computeIfAbsent(label, Samples::new);
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult it : fork.getIterationResults()) samples.ns.add(it.getPrimaryResult().getScore());
                Result<?> alloc = fork.getSecondaryResults().get("gc.alloc.rate.norm");
                if (alloc != null) samples.alloc = Double.isNaN(samples.alloc) ? alloc.getScore() : Math.max(samples.alloc, alloc.getScore());
                samples.unit = fork.getPrimaryResult().getScoreUnit();
            }
        }
    }

    /** One benchmark's measured iterations over every round, and its largest per-fork allocation. */
    private static final class Samples {
        final String label;
        final List<Double> ns = new ArrayList<>();
        double alloc = Double.NaN;
        String unit = "";

        Samples(String label) {
            this.label = label;
        }

        double median() {
            List<Double> s = new ArrayList<>(ns);
            s.sort(null);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double min() {
            return ns.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return ns.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The median as the score; error: half the range of the iterations. */
        JmhRun.Score score() {
            return new JmhRun.Score(label, median(), (max() - min()) / 2, unit, alloc);
        }
    }
}
