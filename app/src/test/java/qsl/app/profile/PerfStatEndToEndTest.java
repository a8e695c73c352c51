package qsl.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsSchema;
import qsl.perf.stat.CounterReading;
import qsl.perf.stat.PerfStat;

/** A real perf stat run over the ring workload's child JVM, with counting switched on by the child. */
class PerfStatEndToEndTest {

    @Test
    void countsTheWindowAndNeverReportsAMissingCounterAsANumber(@TempDir Path dir) throws Exception {
        PerfStat perf = PerfStat.find();
        Assumptions.assumeTrue(perf != null, "perf is not installed");
        List<String> child = ChildJvm.command(WorkloadRun.class, List.of(), List.of("ring", "0.5", "0.5", "42", "batch"));
        PerfStat.Run run = perf.run(List.of("task-clock", "context-switches", "instructions"), child, true, 120);
        assertEquals(0, run.exitCode(), run::stderr);
        assertTrue(run.stdout().contains("perf_control=true"), "the child drove perf's control FIFO: " + run.stdout());
        assertEquals(List.of("task-clock", "context-switches", "instructions"), run.readings().stream().map(CounterReading::event).toList());
        assertEquals(CounterReading.Status.COUNTED, run.readings().get(0).status());
        assertTrue(run.readings().get(0).value() > 0, "task-clock counted during the window");
        CounterReading instructions = run.readings().get(2);
        if (instructions.status() != CounterReading.Status.COUNTED) {
            assertTrue(Double.isNaN(instructions.value()));
            assertTrue(PerfStat.classify(run.readings()).startsWith("constrained: no hardware counters"));
        }
    }

    @Test
    void theCommandWritesAResultsFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(PerfStat.find() != null, "perf is not installed");
        int code = new picocli.CommandLine(new qsl.app.Main()).execute("perf-stat", "--workload", "ring", "--seconds", "0.5",
                "--warmup", "0.5", "--results", dir.toString());
        assertEquals(0, code);
        Object doc = ((JsonReader.Parsed.Success) JsonReader.parse(Files.readString(dir.resolve("perf-stat-ring.json")))).value();
        assertEquals(List.of(), ResultsSchema.problems(doc));
        Map<?, ?> figures = (Map<?, ?>) ((Map<?, ?>) doc).get("figures");
        assertTrue(figures.containsKey("task_clock_msec"), figures.toString());
        String evidence = String.valueOf(((Map<?, ?>) ((Map<?, ?>) doc).get("meta")).get("evidence"));
        if (evidence.startsWith("constrained: no hardware counters")) {
            assertTrue(!figures.containsKey("instructions") && !figures.containsKey("cycles"), "no number for a counter the host lacks: " + figures);
        }
    }
}
