package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.perf.results.ResultsFile;

/**
 * Matching engine throughput against exchange-core: {@link EngineBenchmark} on the exchange-core
 * benchmark shape (and, as extra figures, a multi-symbol and a drifting-market workload), a check
 * that both engines trade alike on the stream, and {@link EngineLatency}'s per-command percentiles.
 * Writes {@code results/engine.json} and {@code .md}.
 */
public final class EngineSuite implements BenchSuite {
    static final long SEED = 1;
    static final long COMMANDS = 1_000_000;
    static final int DEFAULT_MAX_ORDERS = EngineConfig.defaults().maxOrders();

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "Matching engine throughput against exchange-core";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        List<String> workloads = EngineWorkloads.names();
        ChainedOptionsBuilder jmh = JmhRun.options(options, "qsl\\.bench\\.engine\\.EngineBenchmark\\.")
                .param("workload", workloads.toArray(new String[0]))
                .param("commands", Long.toString(COMMANDS))
                .param("seed", Long.toString(SEED));
        Map<String, JmhRun.Score> scores = new LinkedHashMap<>(JmhRun.run(jmh));
        // Sensitivity: qsl on the headline workload with the default engine size (a 2^20-slot
        // order-id map, far larger than the cache, against 2^14 above).
        ChainedOptionsBuilder big = JmhRun.options(options, "qsl\\.bench\\.engine\\.EngineBenchmark\\.qsl$")
                .param("workload", EngineWorkloads.EXCHANGE_CORE_SHAPE)
                .param("commands", Long.toString(COMMANDS))
                .param("seed", Long.toString(SEED))
                .param("maxOrders", Integer.toString(DEFAULT_MAX_ORDERS));
        scores.putAll(JmhRun.run(big));

        ResultsFile r = ResultsFile.create(name(), "Matching engine throughput: qsl against exchange-core 0.5.3",
                        options.command())
                .evidence("measured")
                .meta("workload", EngineWorkloads.EXCHANGE_CORE_SHAPE)
                .meta("workload_description", EngineWorkloads.describe(EngineWorkloads.EXCHANGE_CORE_SHAPE))
                .meta("seed", SEED)
                .meta("commands_generated", COMMANDS)
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("jmh", jmhSettings(options))
                .meta("batch_commands_per_invocation", EngineBenchmark.BATCH)
                .meta("peer", "exchange.core2:exchange-core:0.5.3 OrderBookDirectImpl")
                .meta("qsl_engine_config", "maxOrders " + EngineWorkloads.MAX_ORDERS + " (default_engine_size figures: "
                        + DEFAULT_MAX_ORDERS + "), bandLevels " + EngineConfig.defaults().bandLevels());

        for (String w : workloads) {
            String suffix = suffix(w);
            JmhRun.Score ours = find(scores, "qsl", w);
            JmhRun.Score peer = find(scores, "exchangeCore", w);
            if (ours != null) {
                r.figure("ns_per_command" + suffix, ours.score());
                r.figure("ns_per_command" + suffix + "_error", ours.error());
                r.figure("alloc_bytes_per_command" + suffix, ours.allocBytesPerOp());
                if (suffix.isEmpty()) {
                    r.figure("commands_per_s", 1e9 / ours.score());
                }
            }
            if (peer != null) {
                r.figure("exchange_core_ns_per_command" + suffix, peer.score());
                r.figure("exchange_core_ns_per_command" + suffix + "_error", peer.error());
                r.figure("exchange_core_alloc_bytes_per_command" + suffix, peer.allocBytesPerOp());
            }
            if (ours != null && peer != null) {
                r.ratio("vs_exchange_core" + suffix, peer.score() / ours.score());
            }
        }

        JmhRun.Score defaultSize = find(scores, "qsl", EngineWorkloads.EXCHANGE_CORE_SHAPE, DEFAULT_MAX_ORDERS);
        if (defaultSize != null) {
            r.figure("ns_per_command_default_engine_size", defaultSize.score());
            r.figure("ns_per_command_default_engine_size_error", defaultSize.error());
            r.figure("alloc_bytes_per_command_default_engine_size", defaultSize.allocBytesPerOp());
        }

        r.section("jmh", JmhRun.table(scores));

        r.section("agreement", agreement(workloads));

        EngineLatency.Result lat = options.quick()
                ? EngineLatency.run(EngineWorkloads.EXCHANGE_CORE_SHAPE, SEED, COMMANDS, 3, 1)
                : EngineLatency.run(EngineWorkloads.EXCHANGE_CORE_SHAPE, SEED, COMMANDS, 10, 5);
        r.figure("latency_p50_ns", lat.p50())
                .figure("latency_p90_ns", lat.p90())
                .figure("latency_p99_ns", lat.p99())
                .figure("latency_p99_9_ns", lat.p999())
                .figure("latency_p99_99_ns", lat.p9999())
                .figure("latency_max_ns", lat.max())
                .figure("latency_mean_ns", lat.mean())
                .figure("latency_timer_overhead_ns", lat.timerOverheadNs())
                .meta("latency_commands_measured", lat.commands());

        r.note("Method: JMH, one fork per benchmark, -prof gc; each invocation applies the next "
                        + EngineBenchmark.BATCH + " commands of a pre-generated cyclic stream (generation and book setup are "
                        + "outside the measurement), so the score is ns per command and gc.alloc.rate.norm is bytes per command.")
                .note("Both engines replay the same " + qsl.book.CommandDescriptor.LENGTH + "-byte command records; exchange-core through one reused OrderCommand "
                        + "and IOrderBook.processCommand, qsl through Engine.apply with a counting sink. See docs/benchmarks.md.")
                .note("The stream ends with a cancel for every order left resting, so it wraps around onto an empty book "
                        + "and every measured operation is a real command; the setup checks both books are empty after a cycle.")
                .note("qsl emits more per command (accepted, level and top-of-book events) than exchange-core's order book, "
                        + "which emits trade/reduce/reject events only and allocates one object per event in 0.5.3.")
                .note("qsl's engine has " + EngineWorkloads.MAX_ORDERS + " order slots (16x the resting population); its "
                        + "order-id hash map is sized from that. ns_per_command_default_engine_size repeats the headline with "
                        + "EngineConfig.defaults() (" + DEFAULT_MAX_ORDERS + " slots), whose id map is far larger than the caches.")
                .note("Latency: nanoTime around each single command less the median back-to-back nanoTime cost; a warm "
                        + "engine in one thread, service time only.")
                .note("Host: a shared 2-core KVM guest (no SMT, no hardware PMU counters); other builds may run at the same "
                        + "time, so figures are noisy" + (options.quick() ? "; this is a quick pass (short iterations)." : "."));
        Path json = r.write(options.resultsDir());
        System.out.println("engine: wrote " + json);
    }

    /** One replay of each workload's cyclic stream through both engines: trades and traded quantity. */
    private static List<Map<String, Object>> agreement(List<String> workloads) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String w : workloads) {
            try (Arena arena = Arena.ofShared()) {
                CommandStream stream = EngineWorkloads.cyclic(w, SEED, COMMANDS, arena);
                CountingSink sink = new CountingSink();
                try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                    stream.register(engine);
                    stream.replay(engine);
                }
                ExchangeCoreBooks peer = EngineWorkloads.newPeer(stream);
                stream.replay(peer);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("workload", w);
                row.put("commands", stream.count());
                row.put("drain_cancels", stream.count() - stream.generated());
                row.put("qsl_trades", sink.trades());
                row.put("qsl_traded_quantity", sink.tradedQuantity());
                row.put("qsl_rejects", sink.rejects());
                row.put("exchange_core_trades", peer.trades());
                row.put("exchange_core_traded_quantity", peer.tradedQuantity());
                row.put("exchange_core_refused", peer.failedCommands());
                row.put("trades_per_command", (double) sink.trades() / stream.count());
                rows.add(row);
            }
        }
        return rows;
    }

    private static String jmhSettings(BenchOptions o) {
        return o.quick() ? "1 fork, 2 x 1 s warmup, 3 x 1 s measurement, -prof gc"
                : "1 fork, 5 x 2 s warmup, 8 x 2 s measurement, -prof gc";
    }

    /** Figure-key suffix of a workload: none for the headline shape. */
    static String suffix(String workload) {
        return switch (workload) {
            case EngineWorkloads.EXCHANGE_CORE_SHAPE -> "";
            case EngineWorkloads.MULTI_SYMBOL -> "_multi_symbol";
            case EngineWorkloads.DRIFT -> "_drift";
            default -> "_" + workload.replace('-', '_');
        };
    }

    /** The score of {@code method} on {@code workload} with the default order-slot count. */
    private static JmhRun.Score find(Map<String, JmhRun.Score> scores, String method, String workload) {
        return find(scores, method, workload, EngineWorkloads.MAX_ORDERS);
    }

    private static JmhRun.Score find(Map<String, JmhRun.Score> scores, String method, String workload, int maxOrders) {
        for (JmhRun.Score s : scores.values()) {
            String[] parts = s.label().split(":");
            if (!parts[0].equals(method)) continue;
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) params.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            if (!workload.equals(params.get("workload"))) continue;
            String slots = params.get("maxOrders");
            if (slots != null && !slots.equals(Integer.toString(maxOrders))) continue;
            return s;
        }
        return null;
    }
}
