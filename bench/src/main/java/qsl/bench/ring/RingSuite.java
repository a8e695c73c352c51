package qsl.bench.ring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.util.Statistics;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;

/**
 * SPSC ring against Agrona's {@code OneToOneRingBuffer} and JCTools' {@code SpscArrayQueue}:
 * throughput of 64- and 256-byte messages ({@link RingThroughputBench}) and ping-pong round trip
 * ({@link RingRttBench}), all in one JMH run (throughput also for this ring publishing once per 16 records,
 * reported under separate {@code *_batched16} keys) with the GC profiler; writes
 * {@code results/ringbuffer.json} and {@code .md}.
 */
public final class RingSuite implements BenchSuite {
    static final String NAME = "ringbuffer";
    static final String[] IMPLS = {"qsl", "agrona", "jctools"};
    /** The {@link RingThroughputBench#qsl_batched} variant: this ring publishing once per 16 records. */
    static final String BATCHED = "qsl_batched";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SPSC ring against Agrona and JCTools";
    }

    /** One benchmark's numbers: score in its unit, percentiles for sampled modes, allocation per op. */
    record Row(String benchmark, String impl, int size, double score, double error, String unit,
               double p50, double p99, double p999, double allocBytesPerOp) {}

    @Override
    public void run(BenchOptions options) throws Exception {
        Collection<RunResult> results = new Runner(JmhRun.options(options,
                        "qsl\\.bench\\.ring\\.Ring(Throughput|Rtt)Bench\\.")
                // Agrona 2.x reads memory through jdk.internal.misc.Unsafe; its bounds checks off, as Aeron deployments run it.
                .jvmArgsPrepend("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true")
                .build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) rows.add(row(r));
        write(options, rows);
    }

    static Row row(RunResult r) {
        String full = r.getParams().getBenchmark();
        String impl = full.substring(full.lastIndexOf('.') + 1);
        String bench = full.contains("RingRttBench") ? "rtt" : "throughput";
        String size = r.getParams().getParam("size");
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;
        if ("rtt".equals(bench)) {
            Statistics s = primary.getStatistics();
            p50 = s.getPercentile(50.0);
            p99 = s.getPercentile(99.0);
            p999 = s.getPercentile(99.9);
        }
        return new Row(bench, impl, size == null ? RingRttBench.SIZE : Integer.parseInt(size), primary.getScore(),
                primary.getScoreError(), primary.getScoreUnit(), p50, p99, p999,
                alloc == null ? Double.NaN : alloc.getScore());
    }

    static void write(BenchOptions options, List<Row> rows) throws Exception {
        ResultsFile f = ResultsFile.create(NAME, "SPSC ring buffer against Agrona and JCTools", options.command())
                .evidence("constrained: 2 cores (KVM guest, no SMT, shared with other work): the producer/consumer and "
                        + "ping/echo threads spin on both cores beside JMH's own threads, unpinned; round trips include "
                        + "scheduler interference and clock-read cost")
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("ring_bytes", RingThroughputBench.RING_BYTES)
                .meta("throughput_batch", RingThroughputBench.BATCH);
        for (String impl : IMPLS) {
            String prefix = "qsl".equals(impl) ? "" : impl + "_";
            for (int size : new int[] {64, 256}) {
                Row t = find(rows, "throughput", impl, size);
                if (t != null) f.figure(prefix + "msgs_per_s_" + size + "b", t.score());
            }
            Row rtt = find(rows, "rtt", impl, RingRttBench.SIZE);
            if (rtt != null) {
                f.figure(prefix + "rtt_ns_p50", rtt.p50());
                f.figure(prefix + "rtt_ns_p99", rtt.p99());
                f.figure(prefix + "rtt_ns_p999", rtt.p999());
                f.figure(prefix + "rtt_ns_mean", rtt.score());
            }
            Row t64 = find(rows, "throughput", impl, 64);
            if (t64 != null) f.figure(prefix + "alloc_bytes_per_op", t64.allocBytesPerOp());
            Row t256 = find(rows, "throughput", impl, 256);
            if (t256 != null) f.figure(prefix + "alloc_bytes_per_op_256b", t256.allocBytesPerOp());
            if (rtt != null) f.figure(prefix + "rtt_alloc_bytes_per_op", rtt.allocBytesPerOp());
        }
        // Batched publication: separate keys, so the headline figures above stay per-message like the peers.
        String batched = "batched" + RingThroughputBench.PUBLISH_EVERY;
        for (int size : new int[] {64, 256}) {
            Row t = find(rows, "throughput", BATCHED, size);
            if (t == null) continue;
            f.figure("msgs_per_s_" + size + "b_" + batched, t.score());
            f.figure("alloc_bytes_per_op" + (size == 64 ? "" : "_256b") + "_" + batched, t.allocBytesPerOp());
        }
        for (String peer : new String[] {"agrona", "jctools"}) {
            ratio(f, "throughput_" + batched + "_vs_" + peer, find(rows, "throughput", BATCHED, 64),
                    find(rows, "throughput", peer, 64), false, false);
            ratio(f, "throughput_256b_" + batched + "_vs_" + peer, find(rows, "throughput", BATCHED, 256),
                    find(rows, "throughput", peer, 256), false, false);
        }
        for (String peer : new String[] {"agrona", "jctools"}) {
            ratio(f, "throughput_vs_" + peer, find(rows, "throughput", "qsl", 64), find(rows, "throughput", peer, 64), false, false);
            ratio(f, "throughput_256b_vs_" + peer, find(rows, "throughput", "qsl", 256), find(rows, "throughput", peer, 256), false, false);
            ratio(f, "rtt_vs_" + peer, find(rows, "rtt", "qsl", 64), find(rows, "rtt", peer, 64), true, false);
            ratio(f, "rtt_p99_vs_" + peer, find(rows, "rtt", "qsl", 64), find(rows, "rtt", peer, 64), true, true);
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", r.benchmark());
            m.put("impl", r.impl());
            m.put("size_bytes", r.size());
            m.put("score", r.score());
            m.put("error", r.error());
            m.put("unit", r.unit());
            if (!Double.isNaN(r.p50())) {
                m.put("p50", r.p50());
                m.put("p99", r.p99());
                m.put("p999", r.p999());
            }
            m.put("alloc_bytes_per_op", r.allocBytesPerOp());
            table.add(m);
        }
        f.section("benchmarks", table);
        f.note("Throughput: one producer thread (background, sending as fast as the transport accepts) and the JMH "
                + "thread as consumer receiving " + RingThroughputBench.BATCH + " messages per invocation; score = messages/s.");
        f.note("Same work for the three: the producer writes size/8 longs per message in place (qsl claim/commit, Agrona "
                + "tryClaim/commit over an off-heap UnsafeBuffer of the same 64 KiB, JCTools SpscArrayQueue of pooled "
                + "message objects), the consumer reads the first and last long in batches (poll, read, drain). "
                + "Agrona runs with -Dagrona.disable.bounds.checks=true; qsl reaches its record headers and positions through one raw global segment (ADR 0005) and keeps the MemorySegment checks on payload writes and reads. "
                + "A full or empty transport is waited on the same way for all three: Thread.onSpinWait, then Thread.yield "
                + "after " + Spin.SPINS_BEFORE_YIELD + " spins.");
        f.note("Headline figures (msgs_per_s_64b, msgs_per_s_256b, throughput_vs_*) publish PER MESSAGE, as Agrona and "
                + "JCTools do: one release store of the producer position per message. The *_" + batched + " figures and "
                + "throughput_" + batched + "_vs_* / throughput_256b_" + batched + "_vs_* ratios are this ring with the "
                + "producer deferring records (commitDeferred) and publishing once per " + RingThroughputBench.PUBLISH_EVERY
                + " (publish), and also whenever a claim fails and at the end of each producer pass; the consumer is "
                + "unchanged. The peers still publish per message, so those ratios compare a batching producer with "
                + "per-message ones. What batching trades: the first message of a batch waits until the batch's last is "
                + "written (up to " + (RingThroughputBench.PUBLISH_EVERY - 1) + " message-write times of extra latency), "
                + "in exchange for one producer-position cache-line transfer per batch instead of one per message.");
        f.note("Round trip: a 64-byte ping through one transport, echoed back through a second by a spinning echo "
                + "thread, both busy-spinning; JMH SampleTime percentiles in ns; rtt ratios are peer_rtt / qsl_rtt (above 1.0: "
                + "qsl faster). rtt_alloc_bytes_per_op includes JMH's own SampleTime bookkeeping.");
        f.note("alloc_bytes_per_op is JMH's gc.alloc.rate.norm, which counts every thread's allocation (producer included), "
                + "divided by messages received.");
        f.write(options.resultsDir());
    }

    private static void ratio(ResultsFile f, String key, Row qsl, Row peer, boolean latency, boolean p99) {
        if (qsl == null || peer == null) return;
        double v = latency ? (p99 ? peer.p99() / qsl.p99() : peer.p50() / qsl.p50()) : qsl.score() / peer.score();
        if (Double.isFinite(v)) f.ratio(key, v);
    }

    private static Row find(List<Row> rows, String bench, String impl, int size) {
        for (Row r : rows) {
            if (r.benchmark().equals(bench) && r.impl().equals(impl) && r.size() == size) return r;
        }
        return null;
    }

    /** Runs the suite outside {@code qsl bench}: {@code [--quick] [resultsDir]}. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path dir = Path.of("results");
        for (String a : args) {
            if ("--quick".equals(a)) quick = true;
            else dir = Path.of(a);
        }
        String command = RunMetadata.command("java -cp <bench classpath> qsl.bench.ring.RingSuite" + (quick ? " --quick" : ""));
        new RingSuite().run(new BenchOptions(quick, command, dir));
    }
}
