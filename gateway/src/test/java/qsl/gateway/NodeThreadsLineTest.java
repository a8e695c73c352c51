package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import qsl.affinity.CpuSet;
import qsl.affinity.NodeThread;
import qsl.affinity.ThreadLayout;
import qsl.affinity.Topology;
import qsl.affinity.TopologyRead;

/** The start banner's threads line on a two-CPU machine (no shared L3 recorded) says which threads exist and what they share. */
class NodeThreadsLineTest {
    private static final Topology TWO_CPUS = TopologyRead.flat(2, "test");

    @Test
    void sharedThreadingWithAJournalThread() {
        ThreadLayout l = ThreadLayout.plan(TWO_CPUS, CpuSet.of(0, 1), EnumSet.of(NodeThread.ENGINE, NodeThread.JOURNAL));
        assertEquals("gateway + engine (one thread, qsl-node) CPU 1, journal CPU 0 on NUMA node 0; pinned; "
                + "no other core shares the engine's L3: journal on CPU 0 talks to it across caches; no CPU left for housekeeping (GC, JIT): it shares 0 with the node threads", Node.threads(l, true, true, false, true));
    }

    @Test
    void singleThreadingRunsTheJournalStageOnTheNodeThread() {
        ThreadLayout l = ThreadLayout.plan(TWO_CPUS, CpuSet.of(0, 1), EnumSet.of(NodeThread.ENGINE, NodeThread.JOURNAL));
        assertEquals("gateway + engine + journal stage (one thread, qsl-node) CPU 1, qsl-journal CPU 0 (takes the journal stage over "
                + "while groups are large) on NUMA node 0; pinned; no other core shares the engine's L3: journal on CPU 0 talks to it "
                + "across caches; no CPU left for housekeeping (GC, JIT): it shares 0 with the node threads", Node.threads(l, true, true, true, true));
    }

    @Test
    void sharedThreadingInNoneModeIsOneThread() {
        ThreadLayout l = ThreadLayout.plan(TWO_CPUS, CpuSet.of(0, 1), EnumSet.of(NodeThread.ENGINE));
        assertEquals("gateway + engine (one thread, qsl-node) CPU 1, journal stage on the same thread (durability none) on NUMA node 0; "
                + "not pinned (pin = false)", Node.threads(l, true, false, false, false));
    }

    @Test
    void dedicatedThreadsShareWhatIsLeft() {
        ThreadLayout l = ThreadLayout.plan(TWO_CPUS, CpuSet.of(0, 1), EnumSet.allOf(NodeThread.class));
        assertEquals("engine CPU 1, gateway CPU 0, journal CPU 0 on NUMA node 0; pinned; 2 cores on node 0: gateway and journal "
                + "share CPU 0; no other core shares the engine's L3: gateway on CPU 0 talks to it across caches; no CPU left for housekeeping (GC, JIT): it shares 0 with the node threads", Node.threads(l, false, true, false, true));
    }

    @Test
    void withoutATopology() {
        assertEquals("gateway + engine (one thread, qsl-node), journal (no CPU topology readable: not pinned)", Node.threads(null, true, true, false, true));
    }
}
