package qsl.perf.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.results.JsonReader;
import qsl.perf.results.JsonReader.JsonNumber;
import qsl.perf.results.ResultsSchema;

/** Real async-profiler captures of small synthetic workloads, each in a child JVM started as the flamegraph command starts it. */
class FlamegraphCaptureTest {

    private static Map<?, ?> capture(Path dir, String workload, String event, String... engine) throws Exception {
        List<String> args = new ArrayList<>(List.of(workload, event, "1", dir.toString()));
        args.addAll(List.of(engine));
        ChildJvm.Result r = ChildJvm.run(CaptureMain.class, ChildJvm.exactProfilingFrames(), args, 120);
        assertTrue(r.ok(), () -> "child failed: " + r.stdout() + r.stderr());
        Path json = dir.resolve("flamegraph-" + workload + "-" + event + ".json");
        assertTrue(Files.exists(dir.resolve("flamegraph-" + workload + "-" + event + ".html")));
        assertTrue(Files.exists(dir.resolve("flamegraph-" + workload + "-" + event + ".collapsed")));
        Object doc = ((JsonReader.Parsed.Success) JsonReader.parse(Files.readString(json))).value();
        assertEquals(List.of(), ResultsSchema.problems(doc));
        return (Map<?, ?>) doc;
    }

    private static double figure(Map<?, ?> doc, String key) {
        return ((JsonNumber) ((Map<?, ?>) doc.get("figures")).get(key)).doubleValue();
    }

    private static String meta(Map<?, ?> doc, String key) {
        return String.valueOf(((Map<?, ?>) doc.get("meta")).get(key));
    }

    @Test
    void cpuProfileNamesItsEngineAndFindsTheHotLoop(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = capture(dir, "spin", "cpu");
        String engine = meta(doc, "profiler_engine");
        assertTrue(List.of("perf_events", "ctimer", "itimer").contains(engine), engine);
        assertTrue(meta(doc, "evidence").contains(engine), "the evidence line names the engine: " + meta(doc, "evidence"));
        assertEquals("true", meta(doc, "debug_non_safepoints"));
        assertTrue(figure(doc, "samples") > 0);
        assertTrue(figure(doc, "hot_frames_samples") > 0, "samples in the spin loop");
        List<?> top = (List<?>) doc.get("top_self_frames");
        String top3 = String.valueOf(top.subList(0, Math.min(3, top.size())));
        assertTrue(top3.contains("SpinWorkload"), "the spin loop is among the hottest leaf frames: " + top3);
    }

    @Test
    void forcedTimerEngineIsTheOneRecorded(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = capture(dir, "spin", "cpu", "itimer");
        assertEquals("itimer", meta(doc, "profiler_engine"));
        assertTrue(figure(doc, "samples") > 0);
    }

    @Test
    void allocProfileOfAQuietLoopIsEmpty(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = capture(dir, "spin", "alloc");
        assertEquals(0.0, figure(doc, "alloc_bytes_sampled_in_workload_code"));
        assertTrue(figure(doc, "alloc_bytes_driver_thread_exact") <= figure(doc, "alloc_bytes_sampled_in_window_loop"));
    }

    @Test
    void allocProfileOfAGarbageLoopNamesTheSite(@TempDir Path dir) throws Exception {
        Map<?, ?> doc = capture(dir, "garbage", "alloc");
        assertTrue(figure(doc, "alloc_bytes_sampled_in_workload_code") > 0);
        assertTrue(figure(doc, "alloc_bytes_driver_thread_exact") > 0);
        Map<?, ?> site = (Map<?, ?>) ((List<?>) doc.get("alloc_sites")).get(0);
        assertEquals("long[]", site.get("class"));
        assertTrue(String.valueOf(site.get("site")).endsWith("GarbageWorkload.grow"), String.valueOf(site));
        assertEquals(Boolean.TRUE, site.get("in_window_loop"));
        assertEquals("in the workload's code inside the measured loop", site.get("placement"));
    }
}
