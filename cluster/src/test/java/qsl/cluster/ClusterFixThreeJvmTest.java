package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import quickfix.Message;
import quickfix.field.Side;

/**
 * The three-JVM version of {@link ClusterFixTest}: three clustered nodes as child JVMs
 * ({@link ClusterNodeMain} with a FIX port), a QuickFIX/J client logged on at the leader, a
 * SoupBinTCP client on a follower; the leader SIGKILLed after a trade; the FIX client reconnects
 * to the next member, logs on with its sequence numbers and trades on (no ExecutionReport twice,
 * a reused live ClOrdID refused); the killed node restarts from its snapshot and replays the FIX
 * user's node output byte for byte as a surviving node does. Runs with {@code -Dqsl.cluster=full}.
 */
class ClusterFixThreeJvmTest {
    @Test
    void aFixClientSurvivesALeaderSigkill() throws Exception {
        assumeTrue("full".equals(System.getProperty("qsl.cluster")), "three-JVM cluster test runs with -Dqsl.cluster=full");
        ThreeClusterNodes cluster = new ThreeClusterNodes("qsl-cluster-fix-test", 4, true);
        FixTrader alice = null;
        try {
            int l = cluster.startAndAwaitLeader();
            int f1 = (l + 1) % 3;
            int f2 = (l + 2) % 3;
            alice = new FixTrader("alice", List.of(cluster.fixPort(l), cluster.fixPort(f1), cluster.fixPort(f2)), true, true);
            FixTrader a = alice;
            LocalCluster.await("alice's FIX logon at the leader", LocalCluster.PATIENCE_MS, a::loggedOn, null);
            List<Message> seen = new ArrayList<>();
            ByteArrayOutputStream survivor = new ByteArrayOutputStream();
            try (EntryClient bob = ClusterNodeThreeJvmTest.login(cluster.soupPort(f1), "bob")) {
                alice.send(FixTrader.limit("A1", Side.SELL, 10, 100.00));
                ClusterFixTest.expect(alice, seen, "A1", '0');
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                ClusterNodeThreeJvmTest.expect(bob, Wire.ACCEPTED);
                ClusterNodeThreeJvmTest.expect(bob, Wire.EXECUTED);
                assertEquals("6", FixTrader.field(ClusterFixTest.expect(alice, seen, "A1", 'F'), 151));
                LocalCluster.await("a policy snapshot on every node", LocalCluster.PATIENCE_MS, () -> cluster.snapshots.size() == 3, null);

                cluster.nodes[l].kill(); // SIGKILL, alice's FIX connection with it
                LocalCluster.await("alice's FIX logon at another node", LocalCluster.PATIENCE_MS,
                        () -> a.events.stream().filter("logon"::equals).count() >= 2 && a.loggedOn(), null);
                alice.send(FixTrader.limit("A2", Side.SELL, 5, 101.00));
                ClusterFixTest.expect(alice, seen, "A2", '0');
                alice.send(FixTrader.limit("A2", Side.SELL, 1, 102.00));
                assertEquals("6", FixTrader.field(ClusterFixTest.expect(alice, seen, "A2", '8'), 103));
                bob.enter(2, "AAPL", 'B', 'L', 'D', 10_000, 6);
                ClusterNodeThreeJvmTest.expect(bob, Wire.ACCEPTED);
                assertEquals("0", FixTrader.field(ClusterFixTest.expect(alice, seen, "A1", 'F'), 151));
                Set<String> execIds = new HashSet<>();
                for (Message m : seen) assertTrue(execIds.add(FixTrader.field(m, 17)), "an ExecutionReport came twice: " + m);
            }
            try (EntryClient replay = ClusterNodeThreeJvmTest.login(cluster.soupPort(f1), "alice")) {
                for (int i = 0; i < 4; i++) survivor.write(ClusterNodeThreeJvmTest.expect(replay, (byte) 0).wire());
            }
            cluster.nodes[l].start();
            LocalCluster.await("the killed node ready again", LocalCluster.PATIENCE_MS, cluster.nodes[l]::ready, null);
            assertTrue(cluster.nodes[l].readyFromSnapshot(), "the restarted node started from its policy snapshot");
            try (EntryClient again = ClusterNodeThreeJvmTest.login(cluster.soupPort(l), "alice")) {
                ByteArrayOutputStream replay = new ByteArrayOutputStream();
                for (int i = 0; i < 4; i++) replay.write(ClusterNodeThreeJvmTest.expect(again, (byte) 0).wire());
                assertArrayEquals(survivor.toByteArray(), replay.toByteArray(), "alice's node output at the restarted node");
            }
        } finally {
            if (alice != null) alice.close();
            cluster.stop();
        }
        ClusterDemo.deleteTree(cluster.dir); // kept on failure: member-N.log holds each node's stderr
    }
}
