package qsl.bench.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.bench.BenchOptions;
import qsl.perf.alloc.ChildJvm;

/**
 * The suite's plumbing without JMH: each benchmark state moves messages end to end (producer or
 * echo thread started and stopped), and the results file carries the keys the issue names with
 * ratios oriented so above 1.0 means this ring is better.
 */
class RingSuiteTest {
    @TempDir
    Path dir;

    @Test
    void nameIsStable() {
        assertEquals("ringbuffer", new RingSuite().name());
    }

    /**
     * Agrona needs {@code --add-exports java.base/jdk.internal.misc} (the suite passes it to JMH's
     * fork), so the states run in a child JVM with the same flag.
     */
    @Test
    void everyBenchmarkStateMovesMessagesEndToEnd() throws Exception {
        ChildJvm.Result r = ChildJvm.run(RingStatesMain.class,
                List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m"), List.of(), 120);
        assertTrue(r.ok(), () -> "states failed: " + r);
        assertTrue(r.stdout().contains("ok"), r::stdout);
    }

    @Test
    void resultsFileNamesTheFiguresAndOrientsTheRatios() throws Exception {
        List<RingSuite.Row> rows = List.of(
                new RingSuite.Row("throughput", "qsl", 64, 30e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.001),
                new RingSuite.Row("throughput", "qsl", 256, 10e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.002),
                new RingSuite.Row("throughput", "qsl_batched", 64, 60e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.001),
                new RingSuite.Row("throughput", "qsl_batched", 256, 16e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.002),
                new RingSuite.Row("throughput", "agrona", 64, 20e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.0),
                new RingSuite.Row("throughput", "agrona", 256, 8e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.0),
                new RingSuite.Row("throughput", "jctools", 64, 15e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.0),
                new RingSuite.Row("throughput", "jctools", 256, 5e6, 1, "ops/s", Double.NaN, Double.NaN, Double.NaN, 0.0),
                new RingSuite.Row("rtt", "qsl", 64, 300, 1, "ns/op", 200, 400, 900, 0.0),
                new RingSuite.Row("rtt", "agrona", 64, 400, 1, "ns/op", 300, 600, 900, 0.0),
                new RingSuite.Row("rtt", "jctools", 64, 500, 1, "ns/op", 250, 800, 900, 0.0));
        RingSuite.write(new BenchOptions(true, "test", dir), rows);
        String json = Files.readString(dir.resolve("ringbuffer.json"));
        for (String key : new String[] {"msgs_per_s_64b", "msgs_per_s_256b", "rtt_ns_p50", "rtt_ns_p99",
                "alloc_bytes_per_op", "agrona_msgs_per_s_64b", "jctools_msgs_per_s_64b", "agrona_rtt_ns_p50",
                "jctools_rtt_ns_p99", "throughput_vs_agrona", "throughput_vs_jctools", "rtt_vs_agrona",
                "constrained: 2 cores"}) {
            assertTrue(json.contains(key), key + " missing from " + json);
        }
        assertTrue(json.contains("\"throughput_vs_agrona\": 1.5"), json);
        assertTrue(json.contains("\"rtt_vs_agrona\": 1.5"), "agrona p50 / qsl p50 = 300 / 200: " + json);
        assertTrue(json.contains("\"throughput_vs_jctools\": 2"), json);
        // Batched variant: its own keys; the headline per-message figures and ratios are untouched by it.
        for (String key : new String[] {"msgs_per_s_64b_batched16", "msgs_per_s_256b_batched16",
                "throughput_batched16_vs_jctools", "throughput_batched16_vs_agrona",
                "throughput_256b_batched16_vs_jctools", "alloc_bytes_per_op_batched16"}) {
            assertTrue(json.contains(key), key + " missing from " + json);
        }
        assertTrue(json.contains("\"throughput_batched16_vs_agrona\": 3"), "60e6 / 20e6: " + json);
        assertTrue(json.contains("\"throughput_batched16_vs_jctools\": 4"), "60e6 / 15e6: " + json);
        assertTrue(json.contains("\"throughput_256b_batched16_vs_agrona\": 2"), "16e6 / 8e6: " + json);
        assertTrue(Files.exists(dir.resolve("ringbuffer.md")));
        String md = Files.readString(dir.resolve("ringbuffer.md"));
        assertTrue(md.contains("publish PER MESSAGE") && md.contains("latency"),
                "the note on what batching trades is missing from " + md);
    }
}
