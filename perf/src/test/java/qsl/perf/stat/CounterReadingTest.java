package qsl.perf.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CounterReadingTest {

    /** What perf 6.1 printed on a KVM guest without a PMU (perf stat -x, -e ...). */
    static final String NO_PMU = """
            # started on Tue Nov 24 21:30:00 2026

            Events disabled
            Events enabled
            1.01,msec,task-clock,1009003,100.00,0.010,CPUs utilized
            2,,context-switches,1009003,100.00,1.982,K/sec
            0,,cpu-migrations,1009003,100.00,0.000,/sec
            76,,page-faults,1009003,100.00,75.322,K/sec
            <not supported>,,cycles,0,100.00,,
            <not supported>,,instructions,0,100.00,,
            <not counted>,,branches,0,0.00,,
            """;

    @Test
    void parsesCountedAndMissingCounters() {
        List<CounterReading> r = CounterReading.parseCsv(NO_PMU);
        assertEquals(7, r.size());
        assertEquals(new CounterReading("task-clock", CounterReading.Status.COUNTED, "1.01", 1.01, "msec", 100.0), r.get(0));
        assertEquals("task_clock_msec", r.get(0).figureKey());
        assertEquals("context_switches", r.get(1).figureKey());
        assertEquals(CounterReading.Status.NOT_SUPPORTED, r.get(4).status());
        assertTrue(Double.isNaN(r.get(4).value()), "a missing counter has no value");
        assertEquals(CounterReading.Status.NOT_COUNTED, r.get(6).status());
        assertEquals(List.of(), CounterReading.parseCsv(null));
        assertEquals(CounterReading.Status.UNREADABLE, CounterReading.parseCsv("12x,,cycles,0,100.00,,").get(0).status());
    }

    @Test
    void classifiesWhatTheHostCouldCount() {
        assertTrue(PerfStat.classify(CounterReading.parseCsv(NO_PMU)).startsWith("constrained: no hardware counters (cycles not supported by this host, instructions not supported"));
        String all = "100,,cycles,1,100.00,,\n50,,instructions,1,100.00,0.5,insn per cycle\n1.0,msec,task-clock,1,100.00,,\n";
        assertEquals("measured", PerfStat.classify(CounterReading.parseCsv(all)));
        String some = "100,,cycles,1,100.00,,\n<not supported>,,cache-misses,0,100.00,,\n";
        assertEquals("constrained: cache-misses not supported by this host", PerfStat.classify(CounterReading.parseCsv(some)));
    }

    @Test
    void probesTheRealHostWhenPerfIsInstalled() throws Exception {
        PerfStat perf = PerfStat.find();
        if (perf == null) return; // no perf here: nothing to probe (the command says so itself)
        List<CounterReading> r = perf.probe(List.of("task-clock", "instructions"));
        assertEquals(List.of("task-clock", "instructions"), r.stream().map(CounterReading::event).toList());
        assertEquals(CounterReading.Status.COUNTED, r.get(0).status(), "software clock counts everywhere: " + r);
    }
}
