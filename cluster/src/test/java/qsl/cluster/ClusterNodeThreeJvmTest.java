package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
        Path dir = ClusterDemo.scratch("qsl-cluster-node-test");
        int base = 25000 + (int) (ProcessHandle.current().pid() % 100) * 40;
        ClusterLayout layout = ClusterLayout.loopback(3, base);
        Path accounts = dir.resolve("accounts");
        Files.createDirectories(dir);
        Files.writeString(accounts, "alice 1 pw\nbob 2 pw\n");
        Map<Integer, String> roles = new ConcurrentHashMap<>();
        Map<Integer, Integer> snapshots = new ConcurrentHashMap<>();
        MemberProcess[] nodes = new MemberProcess[3];
        for (int m = 0; m < 3; m++) {
            int member = m;
            List<String> cmd = MemberProcess.javaCommand();
            cmd.addAll(List.of(ClusterNodeMain.class.getName(), "--member", Integer.toString(m), "--port-base", Integer.toString(base),
                    "--dir", dir.resolve("node-" + m).toString(), "--port", Integer.toString(base + 35 + m), "--accounts", accounts.toString(),
                    "--snapshot-every", "2"));
            nodes[m] = new MemberProcess(m, layout, dir.resolve("node-" + m), 1_000, new ConcurrentHashMap<>(), null, cmd, line -> {
                if (line.startsWith("ROLE ")) roles.put(member, line.substring(line.indexOf("role=") + 5).trim());
                if (line.startsWith("SNAPSHOTS ")) snapshots.put(member, Integer.parseInt(line.substring(line.indexOf("taken=") + 6).trim()));
            });
        }
        try {
            for (MemberProcess n : nodes) n.start();
            for (MemberProcess n : nodes) LocalCluster.await("node ready", 120_000, n::ready, null);
            int[] leader = {-1};
            LocalCluster.await("a leader", 120_000, () -> {
                roles.forEach((m, r) -> { if (r.equals("LEADER")) leader[0] = m; });
                return leader[0] >= 0;
            }, null);
            int l = leader[0];
            int f1 = (l + 1) % 3;
            int f2 = (l + 2) % 3;
            ByteArrayOutputStream aliceSaw = new ByteArrayOutputStream();
            try (EntryClient alice = login(base + 35 + f1, "alice"); EntryClient bob = login(base + 35 + f2, "bob")) {
                alice.enter(1, "AAPL", 'S', 'L', 'D', 10_000, 10);
                aliceSaw.write(expect(alice, Wire.ACCEPTED).wire());
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                expect(bob, Wire.ACCEPTED);
                expect(bob, Wire.EXECUTED);
                EntryClient.Packet maker = expect(alice, Wire.EXECUTED);
                aliceSaw.write(maker.wire());
                assertEquals(6, maker.longAt(Wire.EXE_LEAVES));

                LocalCluster.await("a policy snapshot on every node", 120_000, () -> snapshots.size() == 3, null);
                nodes[l].kill(); // SIGKILL
                bob.enter(2, "AAPL", 'B', 'L', 'D', 10_000, 6);
                expect(bob, Wire.ACCEPTED);
                assertEquals(0, expect(bob, Wire.EXECUTED).longAt(Wire.EXE_LEAVES));
                EntryClient.Packet last = expect(alice, Wire.EXECUTED);
                aliceSaw.write(last.wire());
                assertEquals(0, last.longAt(Wire.EXE_LEAVES));
            }
            nodes[l].start();
            LocalCluster.await("the killed node ready again", 120_000, nodes[l]::ready, null);
            assertTrue(nodes[l].readyFromSnapshot(), "the restarted node started from its policy snapshot");
            try (EntryClient again = login(base + 35 + l, "alice")) {
                ByteArrayOutputStream replay = new ByteArrayOutputStream();
                for (int i = 0; i < 3; i++) replay.write(expect(again, (byte) 0).wire());
                assertArrayEquals(aliceSaw.toByteArray(), replay.toByteArray(), "alice's sequence replayed at the restarted node");
            }
        } finally {
            for (MemberProcess n : nodes) n.stop(5_000);
        }
        ClusterDemo.deleteTree(dir); // kept on failure: member-N.log holds each node's stderr
    }

    static EntryClient login(int port, String user) throws IOException {
        EntryClient c = new EntryClient(new InetSocketAddress("127.0.0.1", port));
        assertTrue(c.login(user, "pw", "", 1).accepted(), user + " logged in");
        return c;
    }

    /** The next sequenced message, of {@code type} unless type is 0. */
    static EntryClient.Packet expect(EntryClient c, byte type) throws IOException {
        EntryClient.Packet p = c.next(120_000);
        assertNotNull(p, "no message");
        if (type != 0) assertEquals((char) type, (char) p.messageType(), p.toString());
        return p;
    }
}
