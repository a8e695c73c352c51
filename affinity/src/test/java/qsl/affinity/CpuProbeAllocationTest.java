package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuProbe#currentCpu()} allocates nothing once compiled: the thread's allocated-bytes
 * counter does not move over two million calls (one byte per call would show as megabytes).
 */
class CpuProbeAllocationTest {

    @Test
    void currentCpuAllocatesNothingAfterWarmUp() {
        Outcome<CpuProbe> created = CpuProbe.create();
        assumeTrue(created.isOk(), () -> "sched_getcpu unavailable: " + created.describe());
        CpuProbe probe = created.orElseThrow();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count a thread's allocated bytes");
        long sink = 0;
        for (int round = 0; round < 40; round++) sink += loop(probe, 20_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        sink += loop(probe, 2_000_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink >= 0);
        assertTrue(allocated < 16 * 1024, "2M sched_getcpu calls allocated " + allocated + " bytes");
    }

    private static long loop(CpuProbe probe, int calls) {
        long sink = 0;
        for (int i = 0; i < calls; i++) sink += probe.currentCpu();
        return sink;
    }
}
