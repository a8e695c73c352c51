package qsl.numa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.affinity.CpuSet;
import qsl.affinity.Topology;
import qsl.affinity.TopologyRead;

/** The planner on a recorded two-socket SMT machine, on this host, and on a one-CPU machine. */
class StudyPlannerTest {

    static Topology twoSocket() throws Exception {
        return Topology.read(Path.of(StudyPlannerTest.class.getResource("/sys-two-socket").toURI())).orElseThrow();
    }

    @Test
    void twoSocketSmtPlansEveryPairAndRemoteMemory() throws Exception {
        StudyPlan plan = StudyPlanner.plan(twoSocket(), CpuSet.range(0, 15));
        StudyPlan.Pair same = plan.pair(StudyPlanner.SAME_CPU);
        assertEquals(1, same.cpuA());
        assertEquals(1, same.cpuB());
        assertTrue(same.timeShared());

        StudyPlan.Pair smt = plan.pair(StudyPlanner.SMT_SIBLINGS);
        assertTrue(smt.runnable(), smt.toString());
        assertEquals(List.of(1, 9), List.of(smt.cpuA(), smt.cpuB()));

        StudyPlan.Pair l3 = plan.pair(StudyPlanner.SHARED_L3);
        assertTrue(l3.runnable());
        assertEquals(List.of(1, 2), List.of(l3.cpuA(), l3.cpuB()));

        StudyPlan.Pair cross = plan.pair(StudyPlanner.CROSS_NODE);
        assertTrue(cross.runnable());
        assertEquals(List.of(1, 4), List.of(cross.cpuA(), cross.cpuB()));
        assertTrue(cross.description().contains("distance 21"), cross.description());

        // Each socket is one L3 here, so there is no same-node, different-L3 pair.
        assertFalse(plan.pair(StudyPlanner.CROSS_L3).runnable());
        assertTrue(plan.pair(StudyPlanner.UNPINNED).runnable());
        assertFalse(plan.pair(StudyPlanner.UNPINNED).pinned());

        assertEquals(new StudyPlan.FalseSharingPlan(1, 2, StudyPlanner.SHARED_L3, null), plan.falseSharing());
        assertEquals(new StudyPlan.MemoryPlan(1, 0, 1, 21, null), plan.memory());
        assertTrue(plan.memory().remoteRunnable());
        assertNull(plan.migrations().unpinnedConstraint());
        assertEquals(List.of("cross_l3 pair: every node's allowed CPUs share one L3"), plan.constraints());
        assertEquals(5, plan.runnablePairs().size());
    }

    @Test
    void thePlanIsAPureFunctionOfTheTopology() throws Exception {
        assertEquals(StudyPlanner.plan(twoSocket(), CpuSet.range(0, 15)), StudyPlanner.plan(twoSocket(), CpuSet.range(0, 15)));
        assertEquals(StudyPlanner.plan(twoSocket(), CpuSet.range(0, 15)).toMap(), StudyPlanner.plan(twoSocket(), CpuSet.range(0, 15)).toMap());
    }

    @Test
    void restrictedToOneSocketThereIsNoCrossNodePairButRemoteMemoryRemains() throws Exception {
        StudyPlan plan = StudyPlanner.plan(twoSocket(), CpuSet.parse("4-7,12-15"));
        assertEquals("allowed CPUs lie on one NUMA node", plan.pair(StudyPlanner.CROSS_NODE).constraint());
        assertEquals(List.of(4, 12), List.of(plan.pair(StudyPlanner.SMT_SIBLINGS).cpuA(), plan.pair(StudyPlanner.SMT_SIBLINGS).cpuB()));
        assertEquals(new StudyPlan.MemoryPlan(4, 1, 0, 21, null), plan.memory());
    }

    @Test
    void withoutSmtTheSiblingPairIsConstrained() throws Exception {
        // Only the first hardware thread of each core allowed: SMT exists but cannot be used.
        StudyPlan plan = StudyPlanner.plan(twoSocket(), CpuSet.range(0, 7));
        assertEquals("no core has two allowed SMT siblings", plan.pair(StudyPlanner.SMT_SIBLINGS).constraint());
    }

    @Test
    void thisHost() {
        TopologyRead read = Topology.readSystem();
        assumeTrue(read instanceof TopologyRead.Found, () -> "no /sys topology: " + read);
        Topology t = read.orElseThrow();
        StudyPlan plan = StudyPlanner.plan(t, t.online());
        assertEquals(!t.hasSmt(), !plan.pair(StudyPlanner.SMT_SIBLINGS).runnable());
        assertEquals(t.nodes().size() < 2, !plan.pair(StudyPlanner.CROSS_NODE).runnable());
        assertEquals(t.nodes().size() < 2, !plan.memory().remoteRunnable());
        if (t.nodes().size() < 2) {
            assertEquals("one NUMA node", plan.pair(StudyPlanner.CROSS_NODE).constraint());
            assertEquals("one NUMA node: no remote memory to compare with", plan.memory().remoteConstraint());
        }
        if (!t.hasSmt()) assertEquals("no SMT: every core runs one hardware thread", plan.pair(StudyPlanner.SMT_SIBLINGS).constraint());
        assertTrue(plan.pair(StudyPlanner.SAME_CPU).runnable());
        assertTrue(plan.pair(StudyPlanner.UNPINNED).runnable());
    }

    @Test
    void oneCpuMachine() {
        StudyPlan plan = StudyPlanner.plan(TopologyRead.flat(1, "test"), CpuSet.of(0));
        assertEquals(List.of(StudyPlanner.SAME_CPU, StudyPlanner.UNPINNED), plan.runnablePairs().stream().map(StudyPlan.Pair::name).toList());
        assertTrue(plan.pair(StudyPlanner.UNPINNED).timeShared(), "one CPU: unpinned threads must yield too");
        assertFalse(plan.falseSharing().runnable());
        assertEquals("one allowed CPU: an unpinned thread has nowhere to migrate", plan.migrations().unpinnedConstraint());
    }
}
