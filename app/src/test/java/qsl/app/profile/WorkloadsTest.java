package qsl.app.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.perf.alloc.AllocationMeter;
import qsl.perf.profile.ProfiledWorkload;

/** The profiling workloads: the missing one says so, the others do work and allocate nothing once warm. */
class WorkloadsTest {

    @Test
    void anUnknownWorkloadIsNotAvailableAndSaysWhy() {
        WorkloadUnavailableException e = assertThrows(WorkloadUnavailableException.class, () -> Workloads.open("bogus", WorkloadOptions.DEFAULTS));
        assertEquals("bogus", e.workload());
        assertTrue(Workloads.unavailableReason("bogus").contains("unknown workload 'bogus'"));
        for (String n : List.of("engine", "ring", "wal", "node")) assertNull(Workloads.unavailableReason(n), n);
    }

    @Test
    void theNodeWorkloadGetsEveryReply() throws Exception {
        try (ProfiledWorkload w = Workloads.open("node", new WorkloadOptions(42, "none"))) {
            long ops = 0;
            for (int i = 0; i < 50; i++) ops += w.runBatch();
            assertEquals(50L * 2 * NodeWorkload.SESSIONS * NodeWorkload.ORDERS, ops);
        }
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkloadOptions(1, "fast"));
        assertTrue(e.getMessage().contains("none, batch or sync"));
    }

    /**
     * Warm up, then count every byte the driving thread and the workload's own threads allocate
     * over many batches. Up to three windows: a one-off JVM allocation (a deoptimisation, a method
     * handle being specialised) can land in one, a per-batch allocation lands in all of them.
     */
    private static void assertSteadyStateAllocatesNothing(String name, WorkloadOptions options, int warmBatches, int batches) throws Exception {
        try (ProfiledWorkload w = Workloads.open(name, options)) {
            long ops = 0;
            for (int i = 0; i < warmBatches; i++) ops += w.runBatch();
            assertTrue(ops > 0, "a batch does work");
            AllocationMeter meter = AllocationMeter.create();
            long driver = -1;
            long others = -1;
            for (int round = 0; round < 3 && (driver != 0 || others != 0); round++) {
                AllocationMeter.Window workers = meter.open(w.workerThreads().toArray(new Thread[0]));
                long before = meter.currentThreadBytes();
                for (int i = 0; i < batches; i++) w.runBatch();
                driver = meter.currentThreadBytes() - before;
                others = workers.allocatedBytes();
            }
            assertEquals(0, driver, name + ": bytes allocated by the driving thread over " + batches + " warm batches");
            assertEquals(0, others, name + ": bytes allocated by the workload's threads");
        }
    }

    @Test
    void engineSteadyStateAllocatesNothing() throws Exception {
        // 3000 batches of 1024 commands: three passes over the million-command stream, wrap-around included
        assertSteadyStateAllocatesNothing("engine", WorkloadOptions.DEFAULTS, 3000, 1500);
    }

    @Test
    void ringSteadyStateAllocatesNothing() throws Exception {
        assertSteadyStateAllocatesNothing("ring", WorkloadOptions.DEFAULTS, 20_000, 5_000);
    }

    @Test
    void walAppendSteadyStateAllocatesNothing() throws Exception {
        // Durability none: appends to the mapped segment only (docs/profiling.md on the sync path).
        // 20k warm batches (1.28M records) let the JIT finish with the append path's VarHandles, whose
        // interpreted invokers allocate while they are customised, and include one segment roll (which
        // allocates by design); the 2k measured batches stay inside the second segment.
        assertSteadyStateAllocatesNothing("wal", new WorkloadOptions(42, "none"), 20_000, 2_000);
    }
}
