package qsl.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine's CPU split between two /proc/stat readings. */
class SystemCpuTest {
    @Test
    void fractionsComeFromTheTickDeltas() {
        long[] a = SystemCpu.parse("cpu  100 0 200 1000 10 0 50 0 0 0");
        // +100 user, +300 system, +400 idle, +100 iowait, +100 softirq: 1000 ticks
        long[] b = SystemCpu.parse("cpu  200 0 500 1400 110 0 150 0 0 0");
        Map<String, Object> d = SystemCpu.delta(a, b);
        assertEquals(0.5, (double) d.get("busy_fraction"), 1e-12);
        assertEquals(0.4, (double) d.get("kernel_fraction"), 1e-12);
        assertEquals(0.1, (double) d.get("softirq_fraction"), 1e-12);
        assertEquals(0.1, (double) d.get("user_fraction"), 1e-12);
        assertEquals(0.1, (double) d.get("iowait_fraction"), 1e-12);
        assertEquals(0.4, (double) d.get("idle_fraction"), 1e-12);
        assertEquals(0.0, (double) d.get("steal_fraction"), 1e-12);
    }

    @Test
    void aShortLineLeavesTheMissingColumnsZero() {
        long[] t = SystemCpu.parse("cpu 1 2 3 4");
        assertEquals(4, t[3]);
        assertEquals(0, t[7]);
    }

    @Test
    void onlyTheAggregateLineIsTaken() {
        assertThrows(IllegalArgumentException.class, () -> SystemCpu.parse("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void noTicksOrNoReadingGiveNoFractions() {
        long[] a = SystemCpu.parse("cpu 1 2 3 4 5 6 7 8");
        assertTrue(SystemCpu.delta(a, a).isEmpty());
        assertTrue(SystemCpu.delta(null, a).isEmpty());
    }

    @Test
    void thisMachineCanBeRead() {
        long[] t = SystemCpu.read();
        assertNotNull(t, "/proc/stat");
        assertTrue(t[3] > 0, "idle ticks");
    }
}
