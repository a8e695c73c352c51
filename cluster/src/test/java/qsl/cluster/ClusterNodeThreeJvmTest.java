package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;

/**
 * The three-JVM version of {@link ClusterNodeTest}: three clustered nodes as child JVMs
 * ({@link ClusterNodeMain}), two SoupBinTCP clients on the two followers, the leader SIGKILLed
 * after a trade, the taker's next order through its gateway to the new leader, the maker's fills on
 * its own session, the killed node restarted on its directory (from its policy snapshot) and the
 * maker's whole sequence replayed there byte for byte. Runs with {@code -Dqsl.cluster=full}.
 */
class ClusterNodeThreeJvmTest {
    @Test
    void clustedNodesSurviveALeaderSigkill() throws Exception {
        assumeTrue("full".equals(System.getProperty("qsl.cluster")), "three-JVM cluster test runs with -Dqsl.cluster=full");
        ThreeClusterNodes cluster = new ThreeClusterNodes("qsl-cluster-node-test", 2, false);
        try {
            int l = cluster.startAndAwaitLeader();
            int f1 = (l + 1) % 3;
            int f2 = (l + 2) % 3;
            ByteArrayOutputStream aliceSaw = new ByteArrayOutputStream();
            try (EntryClient alice = login(cluster.soupPort(f1), "alice"); EntryClient bob = login(cluster.soupPort(f2), "bob")) {
                alice.enter(1, "AAPL", 'S', 'L', 'D', 10_000, 10);
                aliceSaw.write(expect(alice, Wire.ACCEPTED).wire());
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                expect(bob, Wire.ACCEPTED);
                expect(bob, Wire.EXECUTED);
                EntryClient.Packet maker = expect(alice, Wire.EXECUTED);
                aliceSaw.write(maker.wire());
                assertEquals(6, maker.longAt(Wire.EXE_LEAVES));

                LocalCluster.await("a policy snapshot on every node", LocalCluster.PATIENCE_MS, () -> cluster.snapshots.size() == 3, null);
                cluster.nodes[l].kill(); // SIGKILL
                bob.enter(2, "AAPL", 'B', 'L', 'D', 10_000, 6);
                expect(bob, Wire.ACCEPTED);
                assertEquals(0, expect(bob, Wire.EXECUTED).longAt(Wire.EXE_LEAVES));
                EntryClient.Packet last = expect(alice, Wire.EXECUTED);
                aliceSaw.write(last.wire());
                assertEquals(0, last.longAt(Wire.EXE_LEAVES));
            }
            cluster.nodes[l].start();
            LocalCluster.await("the killed node ready again", LocalCluster.PATIENCE_MS, cluster.nodes[l]::ready, null);
            assertTrue(cluster.nodes[l].readyFromSnapshot(), "the restarted node started from its policy snapshot");
            try (EntryClient again = login(cluster.soupPort(l), "alice")) {
                ByteArrayOutputStream replay = new ByteArrayOutputStream();
                for (int i = 0; i < 3; i++) replay.write(expect(again, (byte) 0).wire());
                assertArrayEquals(aliceSaw.toByteArray(), replay.toByteArray(), "alice's sequence replayed at the restarted node");
            }
        } finally {
            cluster.stop();
        }
        ClusterDemo.deleteTree(cluster.dir); // kept on failure: member-N.log holds each node's stderr
    }

    static EntryClient login(int port, String user) throws IOException {
        EntryClient c = new EntryClient(new InetSocketAddress("127.0.0.1", port));
        assertTrue(c.login(user, "pw", "", 1).accepted(), user + " logged in");
        return c;
    }

    /** The next sequenced message, of {@code type} unless type is 0. */
    static EntryClient.Packet expect(EntryClient c, byte type) throws IOException {
        EntryClient.Packet p = c.next(LocalCluster.PATIENCE_MS);
        assertNotNull(p, "no message");
        if (type != 0) assertEquals((char) type, (char) p.messageType(), p.toString());
        return p;
    }
}
