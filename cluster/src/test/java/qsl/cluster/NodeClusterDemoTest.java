package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./qsl cluster-demo} runs, once: three clustered nodes as child JVMs, simulated
 * SoupBinTCP sessions on their gateways, the leader's JVM SIGKILLed under load, the sessions
 * carrying on through the survivors, the killed node restarted; every acknowledged order is in
 * every node's replayed streams exactly once and the digests are equal. The FIX trader starts at
 * the leader: it reconnects to another node, logs on with its sequence numbers, and every order it
 * sent is answered, each acknowledged one Accepted exactly once at every node. Runs with
 * {@code -Dqsl.cluster=full}.
 */
class NodeClusterDemoTest {
    @Test
    void leaderSigkilledUnderLoadThroughSoupBinTcpGateways() {
        assumeTrue("full".equals(System.getProperty("qsl.cluster")), "three-JVM cluster test runs with -Dqsl.cluster=full");
        Path dir = ClusterDemo.scratch("qsl-node-cluster-test");
        int base = 27000 + (int) (ProcessHandle.current().pid() % 100) * 40;
        try (NodeClusterDemo demo = new NodeClusterDemo(new NodeClusterDemo.Settings(6, 500, base, dir, 1_000, 2_000, 16, System.out,
                false))) {
            demo.start();
            NodeClusterDemo.Kill k = demo.killLeader(1_000);
            assertTrue(k.failoverNs() > 0);
            assertNotEquals(k.killed(), k.newLeader());
            assertTrue(k.check().ok(), "the restarted node holds every acknowledged order once: " + k.check());
            assertTrue(k.digestsEqual(), "digests equal after the restarted node caught up");
            boolean[] equal = {false};
            List<NodeClusterDemo.Check> checks = demo.finalCheck(equal);
            for (NodeClusterDemo.Check c : checks) {
                assertTrue(c.ok(), c.toString());
                assertEquals(demo.acked(), c.found());
            }
            assertTrue(equal[0]);
            assertEquals(0, demo.duplicateAnswers());
            assertEquals(0, demo.gaps());
            long[] fix = demo.fixCounts(); // sent, acknowledged, rejected, unanswered, reports twice
            assertTrue(fix[1] > 0, "the FIX trader's orders were acknowledged");
            assertEquals(0, fix[3], "every FIX order answered once its trader logged on again");
            assertEquals(0, fix[4], "no ExecutionReport twice");
        }
        ClusterDemo.deleteTree(dir); // kept on failure: member-N.log holds each node's stderr
    }
}
