package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsIndexTest {

    private static final String HIST = ", \"histograms\": {\"round trip\": {\"unit\": \"ns\", \"count\": 100, \"max\": 900, "
            + "\"percentiles\": [[0, 100], [50, 200], [90, 400], [99, 800], [100, 900]]}}";

    private static String file(String evidence, String figures, String ratios, String extra) {
        return "{\"meta\": {\"date\": \"2026-11-24T21:00:00Z\", \"jdk\": \"25\", \"cpu\": \"EPYC\", \"cores\": 2, \"os\": \"Linux\", "
                + "\"commit\": \"0123456789abcdef0123\", \"dirty\": true, \"command\": \"./qsl bench --suite x | y\", \"evidence\": \""
                + evidence + "\"}, \"figures\": {" + figures + "}, \"ratios\": {" + ratios + "}" + extra + "}";
    }

    @Test
    void anEmptyDirectoryGivesAnIndexWithEveryAreaEmpty(@TempDir Path dir) throws Exception {
        ResultsIndex.Output out = ResultsIndex.generate(dir.resolve("nothing-here"));
        assertTrue(out.readme().startsWith("# Results\n"));
        assertTrue(out.readme().contains("## Engine\n\nNo results file yet."));
        assertTrue(out.readme().contains("## perf stat\n\nNo results file yet."));
        assertTrue(out.plots().isEmpty());
        ResultsIndex.write(dir);
        assertEquals(List.of(), ResultsIndex.differences(dir));
    }

    @Test
    void listsEveryFigureAndRatioWithEvidenceAndCommandUnderItsArea() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("engine", file("measured", "\"ns_per_command\": 41.70, \"alloc_bytes\": 0", "\"vs_exchange_core\": 2.3", ""));
        files.put("ring-latency", file("constrained: one NUMA node", "\"ops_per_s\": 1e6", "", HIST));
        files.put("flamegraph-engine-cpu", file("measured: cpu sampled by async-profiler engine perf_events", "\"samples\": 9000", "", ""));
        files.put("zzz-unknown", file("measured", "\"x\": 1", "", ""));
        String readme = ResultsIndex.generate(files).readme();

        int engine = readme.indexOf("## Engine");
        int ring = readme.indexOf("## Ring");
        int flame = readme.indexOf("## Flamegraphs");
        int other = readme.indexOf("## Other");
        assertTrue(engine > 0 && engine < ring && ring < flame && flame < other, readme);
        assertTrue(readme.contains("| [engine](engine.json) | figure | `ns_per_command` | 41.70 | measured | `./qsl bench --suite x \\| y` | 2026-11-24T21:00:00Z, 0123456789ab, dirty tree |"),
                "numbers copied as written, pipes escaped:\n" + readme);
        assertTrue(readme.contains("| | ratio | `vs_exchange_core` | 2.3 | | | |"), readme);
        assertTrue(readme.contains("| [ring-latency](ring-latency.json) | figure | `ops_per_s` | 1e6 | constrained: one NUMA node |"), readme);
        assertTrue(readme.contains("![ring-latency round trip](plots/ring-latency-round_trip.svg)"), readme);
        assertTrue(readme.contains("## Log\n\nNo results file yet."), readme);
        assertFalse(readme.contains("break the results schema"), readme);
    }

    @Test
    void linksTheArtifactsAFileNames() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("flamegraph-engine-cpu", file("measured", "\"samples\": 5", "", "").replace("\"evidence\"",
                "\"artifacts\": [\"flamegraph-engine-cpu.html\", \"../elsewhere.html\", \"flamegraph-engine-cpu.collapsed\"], \"evidence\""));
        String readme = ResultsIndex.generate(files).readme();
        assertTrue(readme.contains("| [flamegraph-engine-cpu](flamegraph-engine-cpu.json) ([html](flamegraph-engine-cpu.html), "
                + "[collapsed](flamegraph-engine-cpu.collapsed)) | figure | `samples` | 5 |"), readme);
        assertFalse(readme.contains("elsewhere"), "only files beside the JSON are linked");
    }

    @Test
    void brokenFilesAreListedNotSkipped() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("engine", "{\"meta\": ");
        files.put("wal", file("guessed", "\"x\": \"fast\"", "", ""));
        String readme = ResultsIndex.generate(files).readme();
        assertTrue(readme.contains("## Files that break the results schema"), readme);
        assertTrue(readme.contains("- `engine.json`: invalid JSON at offset 9"), readme);
        assertTrue(readme.contains("- `wal.json`: figures.x is not a number"), readme);
        assertTrue(readme.contains("- `wal.json`: meta.evidence does not start"), readme);
        assertTrue(readme.contains("| [engine](engine.json) | - | - | - | unreadable: see below | - | - |"), readme);
    }

    @Test
    void sameFilesSameOutput() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("ring", file("measured", "\"a\": 1", "", HIST));
        files.put("engine", file("measured", "\"b\": 2", "", ""));
        ResultsIndex.Output a = ResultsIndex.generate(files);
        ResultsIndex.Output b = ResultsIndex.generate(new TreeMap<>(files));
        assertEquals(a.readme(), b.readme());
        assertEquals(a.plots(), b.plots());
        assertTrue(a.readme().indexOf("[engine]") < a.readme().indexOf("[ring]"), "engine area before ring");
    }

    @Test
    void writeProducesPlotsRemovesStaleOnesAndDifferencesSeeEdits(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ring.json"), file("measured", "\"a\": 1", "", HIST));
        Files.createDirectories(dir.resolve("plots"));
        Files.writeString(dir.resolve("plots/old-gone.svg"), "<svg/>");
        assertFalse(ResultsIndex.differences(dir).isEmpty(), "no README yet");

        ResultsIndex.write(dir);
        assertTrue(Files.exists(dir.resolve("plots/ring-round_trip.svg")));
        assertFalse(Files.exists(dir.resolve("plots/old-gone.svg")), "plots without JSON are removed");
        assertEquals(List.of(), ResultsIndex.differences(dir));

        // a hand edit to the README is caught
        Files.writeString(dir.resolve("README.md"), Files.readString(dir.resolve("README.md")).replace("| 1 |", "| 2 |"));
        List<String> d = ResultsIndex.differences(dir);
        assertEquals(1, d.size(), d::toString);
        assertTrue(d.get(0).startsWith("README.md differs"), d::toString);

        // a changed number in the JSON makes the README stale too
        ResultsIndex.write(dir);
        Files.writeString(dir.resolve("ring.json"), file("measured", "\"a\": 3", "", HIST));
        assertFalse(ResultsIndex.differences(dir).isEmpty());

        // and a stray plot is reported
        ResultsIndex.write(dir);
        Files.writeString(dir.resolve("plots/stray.svg"), "<svg/>");
        assertEquals(List.of("plots/stray.svg has no JSON behind it"), ResultsIndex.differences(dir));
    }

    @Test
    void areasFollowTheFileName() {
        assertEquals(ResultsArea.ENGINE, ResultsArea.of("engine"));
        assertEquals(ResultsArea.ENGINE, ResultsArea.of("engine-throughput"));
        assertEquals(ResultsArea.RING, ResultsArea.of("ring"));
        assertEquals(ResultsArea.RING, ResultsArea.of("ringbuffer-latency"));
        assertEquals(ResultsArea.LOG, ResultsArea.of("wal-sync"));
        assertEquals(ResultsArea.CRASH_RECOVERY, ResultsArea.of("crash-test"));
        assertEquals(ResultsArea.NUMA, ResultsArea.of("numa-study"));
        assertEquals(ResultsArea.DOWNCALLS, ResultsArea.of("downcall"));
        assertEquals(ResultsArea.FLAMEGRAPHS, ResultsArea.of("flamegraph-engine-cpu"));
        assertEquals(ResultsArea.PERF_STAT, ResultsArea.of("perf-stat-engine"));
        assertEquals(ResultsArea.OTHER, ResultsArea.of("walrus"), "a word merely starting with wal is not the log");
        assertEquals(ResultsArea.OTHER, ResultsArea.of("x"));
    }
}
