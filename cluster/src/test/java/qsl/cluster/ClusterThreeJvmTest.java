package qsl.cluster;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The three-JVM version: members as child JVMs, the leader SIGKILLed under load twice, no
 * acknowledged command lost, the restarted members catch up to equal digests. Runs with
 * {@code -Dqsl.cluster=full} (also what {@code ./qsl cluster-demo} does).
 */
class ClusterThreeJvmTest {
    @Test
    void leaderSigkilledUnderLoadTwice() {
        assumeTrue("full".equals(System.getProperty("qsl.cluster")), "three-JVM cluster test runs with -Dqsl.cluster=full");
        Path dir = ClusterDemo.scratch("qsl-cluster-test");
        int base = 23000 + (int) (ProcessHandle.current().pid() % 100) * 40;
        try (ClusterDemo demo = new ClusterDemo(new ClusterDemo.Settings(3, 8, 2_000, base, dir, 1_000, System.out, false))) {
            demo.start();
            for (int i = 0; i < 2; i++) {
                ClusterDemo.Kill k = demo.killLeader(1_000);
                assertTrue(k.failoverNs() > 0);
                assertNotEquals(k.killed(), k.newLeader());
                assertTrue(k.allAcksFound(), "every acknowledged command applied exactly once");
                assertTrue(k.digestsEqual(), "members' digests equal after the restarted member caught up");
                assertTrue(k.restartedCaughtUp());
            }
            assertTrue(demo.finalCheck());
        }
        ClusterDemo.deleteTree(dir); // kept on failure: member-N.log holds each member's stderr
    }
}
