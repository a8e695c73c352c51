package qsl.bench.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.perf.results.ResultsFile;

/**
 * FIX 4.4: qsl's tag=value parse and encode per message against QuickFIX/J's parse of the same
 * bytes ({@link FixBenchmark}), with bytes allocated per message, and the FIX round trip through
 * a running node at a fixed offered rate ({@link FixRoundTrip}). Writes {@code results/fix.json}
 * and {@code .md}.
 */
public final class FixSuite implements BenchSuite {
    static final double ALLOC_LIMIT = 0.1;
    static final int RATE = 1_000;

    @Override
    public String name() {
        return "fix";
    }

    @Override
    public String description() {
        return "FIX 4.4: parse/encode per message vs QuickFIX/J, round trip through the node";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        ChainedOptionsBuilder jmh = JmhRun.options(options, "qsl\\.bench\\.fix\\.FixBenchmark\\.");
        Map<String, JmhRun.Score> scores = JmhRun.run(jmh);
        int warmup = options.quick() ? 2_000 : 10_000;
        int measured = options.quick() ? 5_000 : 30_000;
        FixRoundTrip.Result rt = FixRoundTrip.run(RATE, warmup, measured);

        ResultsFile r = ResultsFile.create(name(), "FIX 4.4 codec and round trip through the node", options.command())
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("subject", "qsl.protocol.fix parser/encoder on off-heap segments vs QuickFIX/J 2.3.2 MessageUtils.parse "
                        + "(FIX44 dictionary) of the same bytes; round trip: 127.0.0.1 client -> ./qsl node's FIX acceptor "
                        + "-> engine -> journal (batch) -> ExecutionReport");
        List<String> problems = new ArrayList<>();
        double parseNew = put(r, scores, problems, "parseNewOrder", "parse_new_order_ns", true);
        double parseEr = put(r, scores, problems, "parseExecReport", "parse_exec_report_ns", true);
        put(r, scores, problems, "encodeExecReport", "encode_exec_report_ns", true);
        double qNew = put(r, scores, problems, "quickfixjParseNewOrder", "quickfixj_parse_new_order_ns", false);
        double qEr = put(r, scores, problems, "quickfixjParseExecReport", "quickfixj_parse_exec_report_ns", false);
        r.ratio("vs_quickfixj_parse_new_order", qNew / parseNew);
        r.ratio("vs_quickfixj_parse_exec_report", qEr / parseEr);
        r.ratio("vs_quickfixj_parse", (qNew + qEr) / (parseNew + parseEr));
        r.figure("alloc_bytes_per_message", Math.max(alloc(scores, "parseNewOrder"),
                Math.max(alloc(scores, "parseExecReport"), alloc(scores, "encodeExecReport"))));
        r.figure("round_trip_offered_per_second", rt.offeredPerSecond());
        r.figure("round_trip_orders", rt.sent() - warmup);
        r.figure("round_trip_warmup_orders", warmup);
        r.figure("round_trip_p50_us", rt.latencyNanos().getValueAtPercentile(50) / 1e3);
        r.figure("round_trip_p99_us", rt.latencyNanos().getValueAtPercentile(99) / 1e3);
        r.figure("round_trip_p999_us", rt.latencyNanos().getValueAtPercentile(99.9) / 1e3);
        r.figure("round_trip_max_us", rt.latencyNanos().getMaxValue() / 1e3);
        r.histogram("round_trip", rt.latencyNanos(), "ns");
        r.section("jmh", JmhRun.table(scores));
        r.evidence("measured on a shared 2-core KVM guest (no PMU counters); other builds may have been running on the host "
                + "at the same time. Codec figures: one core, no I/O. Round trip: client, FIX gateway, engine and journal "
                + "threads all share the 2 cores, over loopback, with real fsyncs (node batch group commit + the FIX journal "
                + "forced before submit and before send), so it is dominated by this host's fsync latency, not by FIX.");
        for (String p : problems) r.note("PROBLEM: " + p);
        r.note("JMH one fork, -prof gc; alloc_bytes_per_message is the largest gc.alloc.rate.norm of qsl's parse and "
                + "encode benchmarks and must stay below " + ALLOC_LIMIT + ". vs_quickfixj_parse = QuickFIX/J ns / qsl ns over "
                + "both messages (higher is better for qsl).");
        r.note("Round trip: NewOrderSingle IOC priced away from the book at " + RATE + "/s; latency from each order's "
                + "scheduled send time to its ExecutionReport (150=0); the first " + warmup + " orders are warm-up.");
        r.write(options.resultsDir());
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
    }

    private static double alloc(Map<String, JmhRun.Score> scores, String b) {
        JmhRun.Score s = scores.get(b);
        return s == null ? Double.NaN : s.allocBytesPerOp();
    }

    private static double put(ResultsFile r, Map<String, JmhRun.Score> scores, List<String> problems, String benchmark,
                              String key, boolean mustNotAllocate) {
        JmhRun.Score s = scores.get(benchmark);
        if (s == null) {
            problems.add(benchmark + " did not run");
            return Double.NaN;
        }
        r.figure(key, s.score());
        r.figure(key + "_error", s.error());
        r.figure(key.replace("_ns", "_alloc_bytes_per_message"), s.allocBytesPerOp());
        if (mustNotAllocate && !(s.allocBytesPerOp() < ALLOC_LIMIT)) {
            problems.add(benchmark + " allocated " + s.allocBytesPerOp() + " B/message");
        }
        return s.score();
    }
}
