package qsl.bench.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.perf.results.ResultsFile;

/**
 * The SoupBinTCP + order-entry codec ({@link ProtocolBenchmark}): nanoseconds per encode, decode
 * and framed packet, and bytes allocated per operation (must be 0); writes
 * {@code results/protocol.json} and {@code .md}.
 */
public final class ProtocolSuite implements BenchSuite {
    /** Bytes per operation above which a codec path counts as allocating. */
    static final double ALLOC_LIMIT = 0.1;

    @Override
    public String name() {
        return "protocol";
    }

    @Override
    public String description() {
        return "SoupBinTCP + order-entry codec: encode, decode, framing, allocation";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        ChainedOptionsBuilder jmh = JmhRun.options(options, "qsl\\.bench\\.protocol\\.ProtocolBenchmark\\.");
        Map<String, JmhRun.Score> scores = JmhRun.run(jmh);
        ResultsFile r = ResultsFile.create(name(), "Order-entry wire codec: encode, decode, framing", options.command())
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("subject", "qsl.protocol.soup + qsl.protocol.entry on off-heap segments; one thread, no I/O");
        List<String> problems = new ArrayList<>();
        put(r, scores, problems, "encodeEnterOrder", "encode_enter_order_ns");
        put(r, scores, problems, "decodeEnterOrder", "decode_enter_order_ns");
        put(r, scores, problems, "decodeExecuted", "decode_executed_ns");
        put(r, scores, problems, "framerPerFrame", "framer_per_frame_ns");
        r.section("jmh", JmhRun.table(scores));
        r.evidence("measured on one core of a shared 2-core KVM guest (no PMU counters); codec cost only: no socket, no "
                + "engine. Other builds may have been running on the host at the same time.");
        for (String p : problems) r.note("PROBLEM: " + p);
        r.note("One JMH fork, -prof gc; each *_alloc_bytes_per_op is gc.alloc.rate.norm and must stay below " + ALLOC_LIMIT
                + ". framer_per_frame_ns: 16 mixed frames fed in 7-byte pieces, per frame.");
        r.write(options.resultsDir());
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
    }

    private static void put(ResultsFile r, Map<String, JmhRun.Score> scores, List<String> problems, String benchmark,
                            String key) {
        JmhRun.Score s = scores.get(benchmark);
        if (s == null) {
            problems.add(benchmark + " did not run");
            return;
        }
        r.figure(key, s.score());
        r.figure(key + "_error", s.error());
        String alloc = key.replace("_ns", "_alloc_bytes_per_op");
        r.figure(alloc, s.allocBytesPerOp());
        if (!(s.allocBytesPerOp() < ALLOC_LIMIT)) problems.add(benchmark + " allocated " + s.allocBytesPerOp() + " B/op");
    }
}
