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
        // Warm up, then look for a steady window: on a loaded 2-core box C2 may compile the loop
        // late, and calls made before that (interpreter/C1) allocate. The claim is about the
        // compiled steady state, so we require one window of 2M calls to be allocation-free.
        long sink = 0;
        for (int round = 0; round < 40; round++) sink += loop(probe, 20_000);
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 30 && allocated >= 16 * 1024; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            sink += loop(probe, 2_000_000);
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(sink >= 0);
        long last = allocated;
        assertTrue(allocated < 16 * 1024, () -> "no window of 2M sched_getcpu calls stayed under 16 KiB; last allocated " + last + " bytes");
    }

    private static long loop(CpuProbe probe, int calls) {
        long sink = 0;
        for (int i = 0; i < calls; i++) sink += probe.currentCpu();
        return sink;
    }
}
