package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The node-thread layout on the recorded two-socket machine, on small machines, and on any allowed subset. */
class ThreadLayoutTest {

    @Test
    void twoSocketSmt() {
        ThreadLayout l = ThreadLayout.plan(TopologyTest.twoSocket(), CpuSet.range(0, 15));
        assertEquals(0, l.node());
        // Engine on its own core away from CPU 0; its sibling 9 left idle.
        assertEquals(1, l.cpu(NodeThread.ENGINE));
        assertEquals(CpuSet.of(9), l.reserved());
        assertEquals(2, l.cpu(NodeThread.GATEWAY));
        assertEquals(3, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.parse("0,4-8,12-15"), l.housekeeping());
        assertTrue(l.compromises().isEmpty(), l.compromises().toString());
    }

    @Test
    void restrictedToTheSecondSocket() {
        ThreadLayout l = ThreadLayout.plan(TopologyTest.twoSocket(), CpuSet.parse("4-7,12-15"));
        assertEquals(1, l.node());
        assertEquals(4, l.cpu(NodeThread.ENGINE));
        assertEquals(CpuSet.of(12), l.reserved());
        assertEquals(5, l.cpu(NodeThread.GATEWAY));
        assertEquals(6, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.parse("7,15"), l.housekeeping());
    }

    @Test
    void twoCpusLikeThisHost() {
        ThreadLayout l = ThreadLayout.plan(TopologyRead.flat(2, "test"), CpuSet.of(0, 1));
        assertEquals(1, l.cpu(NodeThread.ENGINE));
        assertEquals(0, l.cpu(NodeThread.GATEWAY));
        assertEquals(0, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.of(0), l.housekeeping());
        assertTrue(l.compromises().contains("2 cores on node 0: gateway and journal share CPU 0"), l.compromises().toString());
        assertTrue(l.compromises().contains("no CPU left for housekeeping (GC, JIT): it shares 0 with the node threads"), l.compromises().toString());
    }

    @Test
    void twoCpusWithTheGatewayOnTheEnginesThread() {
        // threading = shared, batch or sync: one thread runs gateway and engine, the journal has its own
        ThreadLayout l = ThreadLayout.plan(TopologyRead.flat(2, "test"), CpuSet.of(0, 1), EnumSet.of(NodeThread.ENGINE, NodeThread.JOURNAL));
        assertEquals(1, l.cpu(NodeThread.ENGINE));
        assertEquals(1, l.cpu(NodeThread.GATEWAY), "the gateway runs on the engine's thread");
        assertEquals(0, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.of(0), l.housekeeping());
        // the flat recorded machine has no shared L3, so the journal's ring traffic crosses caches
        assertEquals(List.of("no other core shares the engine's L3: journal on CPU 0 talks to it across caches",
                "no CPU left for housekeeping (GC, JIT): it shares 0 with the node threads"), l.compromises());
    }

    @Test
    void twoCpusWithOneNodeThread() {
        // threading = shared, durability none: the node is one thread
        ThreadLayout l = ThreadLayout.plan(TopologyRead.flat(2, "test"), CpuSet.of(0, 1), EnumSet.of(NodeThread.ENGINE));
        assertEquals(1, l.cpu(NodeThread.ENGINE));
        assertEquals(1, l.cpu(NodeThread.GATEWAY));
        assertEquals(1, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.of(0), l.housekeeping());
        assertTrue(l.compromises().isEmpty(), l.compromises().toString());
    }

    @Test
    void oneCpuNamesOnlyTheThreadsThatExist() {
        ThreadLayout l = ThreadLayout.plan(TopologyRead.flat(1, "test"), CpuSet.of(0), EnumSet.of(NodeThread.ENGINE, NodeThread.JOURNAL));
        assertTrue(l.compromises().contains("one usable CPU: engine and journal time-share CPU 0"), l.compromises().toString());
        ThreadLayout all = ThreadLayout.plan(TopologyRead.flat(1, "test"), CpuSet.of(0));
        assertTrue(all.compromises().contains("one usable CPU: engine, gateway and journal all time-share CPU 0"), all.compromises().toString());
    }

    @Test
    void oneCoreWithSmtUsesTheSiblingOnlyAsALastResort() {
        ThreadLayout l = ThreadLayout.plan(TopologyTest.twoSocket(), CpuSet.of(2, 10));
        assertEquals(2, l.cpu(NodeThread.ENGINE));
        assertEquals(10, l.cpu(NodeThread.GATEWAY));
        assertEquals(10, l.cpu(NodeThread.JOURNAL));
        assertFalse(l.compromises().isEmpty());
    }

    @Test
    void oneCpuSharesEverything() {
        ThreadLayout l = ThreadLayout.plan(TopologyRead.flat(1, "test"), CpuSet.of(0));
        assertEquals(0, l.cpu(NodeThread.ENGINE));
        assertEquals(0, l.cpu(NodeThread.JOURNAL));
        assertEquals(CpuSet.of(0), l.housekeeping());
    }

    @Property(tries = 300)
    void anyAllowedSubsetOfTheTwoSocketMachine(@ForAll @Size(min = 1, max = 16) Set<@IntRange(max = 15) Integer> ids) {
        Topology t = TopologyTest.twoSocket();
        CpuSet allowed = CpuSet.of(ids.stream().mapToInt(Integer::intValue).toArray());
        ThreadLayout l = ThreadLayout.plan(t, allowed);
        int engine = l.cpu(NodeThread.ENGINE);
        int gateway = l.cpu(NodeThread.GATEWAY);
        int journal = l.cpu(NodeThread.JOURNAL);
        for (int cpu : new int[] {engine, gateway, journal}) {
            assertTrue(allowed.contains(cpu));
            assertEquals(l.node(), t.nodeOf(cpu), "node threads on one node");
        }
        assertFalse(l.housekeeping().isEmpty());
        assertTrue(allowed.intersect(l.housekeeping()).equals(l.housekeeping()));
        // The engine's core is shared with another node thread only when its node has no other usable core.
        CpuSet nodeAllowed = t.node(l.node()).cpus().intersect(allowed);
        long coresUsable = t.cores().stream().filter(c -> !c.intersect(nodeAllowed).isEmpty()).count();
        if (coresUsable > 1) {
            assertFalse(t.sameCore(engine, gateway));
            assertFalse(t.sameCore(engine, journal));
            assertFalse(l.housekeeping().contains(engine));
        }
        if (coresUsable > 2) {
            assertFalse(t.sameCore(gateway, journal));
            boolean roomLeft = !allowed.minus(t.cpu(engine).threadSiblings()).minus(t.cpu(gateway).threadSiblings())
                    .minus(t.cpu(journal).threadSiblings()).isEmpty();
            assertEquals(roomLeft, l.compromises().isEmpty(), l.compromises().toString());
        }
        // The chosen node has the most usable CPUs.
        for (Topology.Node n : t.nodes()) assertTrue(n.cpus().intersect(allowed).size() <= nodeAllowed.size());
    }
}
