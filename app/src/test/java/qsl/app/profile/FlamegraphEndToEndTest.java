package qsl.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.profile.ProfilerEvent;
import qsl.perf.results.JsonReader;
import qsl.perf.results.JsonReader.JsonNumber;
import qsl.perf.results.ResultsSchema;

/**
 * The flamegraph command's child JVM, as {@code ./qsl flamegraph} starts it, on the real engine:
 * the cpu profile names its engine and lands in the engine's code; the alloc profile of the
 * steady state records no allocation inside the measured loop and the exact counter reads 0.
 */
class FlamegraphEndToEndTest {

    private static Map<?, ?> record(Path dir, ProfilerEvent event) throws Exception {
        FlamegraphRun.Request r = new FlamegraphRun.Request("engine", event, 1.0, 3.0, event.defaultInterval(), null, dir,
                WorkloadOptions.DEFAULTS, "test");
        ChildJvm.Result res = ChildJvm.run(FlamegraphRun.class, ChildJvm.exactProfilingFrames(), r.toArgs(), 180);
        assertTrue(res.ok(), () -> "child failed:\n" + res.stdout() + res.stderr());
        String stem = "flamegraph-engine-" + event.cliName();
        assertTrue(Files.size(dir.resolve(stem + ".html")) > 0);
        Object doc = ((JsonReader.Parsed.Success) JsonReader.parse(Files.readString(dir.resolve(stem + ".json")))).value();
        assertEquals(List.of(), ResultsSchema.problems(doc));
        return (Map<?, ?>) doc;
    }

    private static double figure(Map<?, ?> doc, String key) {
        return ((JsonNumber) ((Map<?, ?>) doc.get("figures")).get(key)).doubleValue();
    }

    @Test
    void cpuProfileOfTheEngine(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = record(dir, ProfilerEvent.CPU);
        Map<?, ?> meta = (Map<?, ?>) doc.get("meta");
        String engine = String.valueOf(meta.get("profiler_engine"));
        assertTrue(String.valueOf(meta.get("evidence")).contains(engine), String.valueOf(meta.get("evidence")));
        assertTrue(figure(doc, "samples") > 0);
        assertTrue(figure(doc, "hot_frames_samples") > 0, "samples in qsl.book code");
        assertTrue(String.valueOf(doc.get("top_inclusive_frames")).contains("qsl.book.MatchingEngine."), "the matching code is on the profile");
    }

    @Test
    void allocProfileOfTheEngineSteadyStateIsEmpty(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = record(dir, ProfilerEvent.ALLOC);
        assertEquals(0.0, figure(doc, "alloc_bytes_sampled_in_workload_code"), () -> "allocation sites: " + doc.get("alloc_sites"));
        // every byte the thread's exact counter saw in the window is one the sampler listed (and explained)
        assertTrue(figure(doc, "alloc_bytes_driver_thread_exact") <= figure(doc, "alloc_bytes_sampled_in_window_loop"),
                () -> "unexplained bytes: " + doc.get("figures"));
        assertTrue(figure(doc, "workload_ops") > 0);
    }
}
