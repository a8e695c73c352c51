package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        Path dir = ClusterDemo.scratch("qsl-cluster-fix-test");
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
                    "--snapshot-every", "4", "--fix-port", Integer.toString(base + 30 + m)));
            nodes[m] = new MemberProcess(m, layout, dir.resolve("node-" + m), 1_000, new ConcurrentHashMap<>(), null, cmd, line -> {
                if (line.startsWith("ROLE ")) roles.put(member, line.substring(line.indexOf("role=") + 5).trim());
                if (line.startsWith("SNAPSHOTS ")) snapshots.put(member, Integer.parseInt(line.substring(line.indexOf("taken=") + 6).trim()));
            });
        }
        FixTrader alice = null;
        try {
            for (MemberProcess n : nodes) n.start();
            for (MemberProcess n : nodes) LocalCluster.await("node ready", LocalCluster.PATIENCE_MS, n::ready, null);
            int[] leader = {-1};
            LocalCluster.await("a leader", LocalCluster.PATIENCE_MS, () -> {
                roles.forEach((m, r) -> { if (r.equals("LEADER")) leader[0] = m; });
                return leader[0] >= 0;
            }, null);
            int l = leader[0];
            int f1 = (l + 1) % 3;
            int f2 = (l + 2) % 3;
            alice = new FixTrader("alice", List.of(base + 30 + l, base + 30 + f1, base + 30 + f2), true, true);
            FixTrader a = alice;
            LocalCluster.await("alice's FIX logon at the leader", LocalCluster.PATIENCE_MS, a::loggedOn, null);
            List<Message> seen = new ArrayList<>();
            ByteArrayOutputStream survivor = new ByteArrayOutputStream();
            try (EntryClient bob = ClusterNodeThreeJvmTest.login(base + 35 + f1, "bob")) {
                alice.send(FixTrader.limit("A1", Side.SELL, 10, 100.00));
                ClusterFixTest.expect(alice, seen, "A1", '0');
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                ClusterNodeThreeJvmTest.expect(bob, Wire.ACCEPTED);
                ClusterNodeThreeJvmTest.expect(bob, Wire.EXECUTED);
                assertEquals("6", FixTrader.field(ClusterFixTest.expect(alice, seen, "A1", 'F'), 151));
                LocalCluster.await("a policy snapshot on every node", LocalCluster.PATIENCE_MS, () -> snapshots.size() == 3, null);

                nodes[l].kill(); // SIGKILL, alice's FIX connection with it
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
            try (EntryClient replay = ClusterNodeThreeJvmTest.login(base + 35 + f1, "alice")) {
                for (int i = 0; i < 4; i++) survivor.write(ClusterNodeThreeJvmTest.expect(replay, (byte) 0).wire());
            }
            nodes[l].start();
            LocalCluster.await("the killed node ready again", LocalCluster.PATIENCE_MS, nodes[l]::ready, null);
            assertTrue(nodes[l].readyFromSnapshot(), "the restarted node started from its policy snapshot");
            try (EntryClient again = ClusterNodeThreeJvmTest.login(base + 35 + l, "alice")) {
                ByteArrayOutputStream replay = new ByteArrayOutputStream();
                for (int i = 0; i < 4; i++) replay.write(ClusterNodeThreeJvmTest.expect(again, (byte) 0).wire());
                assertArrayEquals(survivor.toByteArray(), replay.toByteArray(), "alice's node output at the restarted node");
            }
        } finally {
            if (alice != null) alice.close();
            for (MemberProcess n : nodes) n.stop(5_000);
        }
        ClusterDemo.deleteTree(dir); // kept on failure: member-N.log holds each node's stderr
    }
}
