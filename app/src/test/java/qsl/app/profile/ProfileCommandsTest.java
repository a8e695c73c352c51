package qsl.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import qsl.app.Main;
import qsl.perf.profile.ProfilerEvent;
import qsl.perf.results.ResultsIndex;

/** The three commands' argument handling and the results command, in this JVM. */
class ProfileCommandsTest {

    private static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Test
    void unavailableOrBadArgumentsExitWithAClearCode() {
        assertEquals(FlamegraphRun.WORKLOAD_UNAVAILABLE, run("flamegraph", "--workload", "bogus"));
        assertEquals(FlamegraphRun.WORKLOAD_UNAVAILABLE, run("perf-stat", "--workload", "bogus"));
        assertEquals(2, run("flamegraph", "--workload", "engine", "--event", "cycles"));
        assertEquals(2, run("flamegraph", "--workload", "engine", "--event", "alloc", "--engine", "ctimer"));
        assertEquals(2, run("flamegraph", "--workload", "engine", "--engine", "hpet"));
        assertEquals(2, run("flamegraph", "--workload", "engine", "--seconds", "0"));
    }

    @Test
    void aRequestCrossesTheProcessBoundaryIntact(@TempDir Path dir) {
        FlamegraphRun.Request r = new FlamegraphRun.Request("ring", ProfilerEvent.ALLOC, 2.5, 1.0, 1, null, dir,
                new WorkloadOptions(7, "sync"), "./qsl flamegraph --workload ring --event alloc");
        assertEquals(r, FlamegraphRun.Request.parse(r.toArgs().toArray(new String[0])));
        FlamegraphRun.Request forced = new FlamegraphRun.Request("engine", ProfilerEvent.CPU, 1, 0, 1000, "itimer", dir,
                WorkloadOptions.DEFAULTS, "c");
        assertEquals(forced, FlamegraphRun.Request.parse(forced.toArgs().toArray(new String[0])));
    }

    @Test
    void resultsWritesTheIndexAndCheckSeesHandEdits(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("engine.json"), """
                {"meta": {"date": "d", "jdk": "j", "cpu": "c", "cores": 2, "os": "o", "commit": "x", "dirty": false,
                          "command": "./qsl bench", "evidence": "measured"},
                 "figures": {"ns_per_command": 41.7}, "ratios": {}}
                """);
        assertEquals(1, run("results", "--dir", dir.toString(), "--check"), "no README yet");
        assertEquals(0, run("results", "--dir", dir.toString()));
        assertEquals(0, run("results", "--dir", dir.toString(), "--check"));
        String readme = Files.readString(dir.resolve(ResultsIndex.README));
        assertTrue(readme.contains("| 41.7 |"), readme);
        Files.writeString(dir.resolve(ResultsIndex.README), readme.replace("41.7", "14.7"));
        assertEquals(1, run("results", "--dir", dir.toString(), "--check"));
    }

    @Test
    void resultsReportsFilesThatBreakTheSchema(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("wal.json"), "{\"meta\": {}}");
        assertEquals(1, run("results", "--dir", dir.toString()), "written, but the exit code says a file is broken");
        assertTrue(Files.readString(dir.resolve(ResultsIndex.README)).contains("## Files that break the results schema"));
    }
}
