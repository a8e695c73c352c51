package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.gateway.store.SessionStore;
import quickfix.Message;
import quickfix.field.Side;

/**
 * FIX on the clustered node, three nodes in this JVM on loopback: a QuickFIX/J client logged on at
 * the leader's FIX port trades (acknowledged once the cluster committed each order) against a
 * SoupBinTCP client on a follower; the leader is stopped; the FIX client reconnects to the next
 * member's FIX port, logs on with its own sequence numbers and carries on (nothing it saw is
 * repeated, a reused ClOrdID is refused); the stopped member restarts from a snapshot holding the
 * FIX sessions; every member holds byte-identical output and, once the client logged out, the same
 * FIX session state.
 */
class ClusterFixTest {
    @Test
    @Timeout(900)
    void aFixClientTradesThroughTheClusterAndCarriesOnAtAnotherMemberWhenTheLeaderIsLost(@TempDir Path dir) throws Exception {
        FixTrader alice = null;
        // A snapshot every 4 requests (FIX frames count): the restarted member loads FIX sessions from one.
        try (LocalClusterNodes cluster = new LocalClusterNodes(dir, 17000, 4, true, null)) {
            ClusterNode[] nodes = cluster.nodes;
            int leader = cluster.startAndAwaitLeader();
            int f1 = (leader + 1) % 3;
            int f2 = (leader + 2) % 3;
            List<Integer> ports = List.of(nodes[leader].fixAddress().getPort(), nodes[f1].fixAddress().getPort(),
                    nodes[f2].fixAddress().getPort());
            alice = new FixTrader("alice", ports, true, true);
            FixTrader a = alice;
            LocalClusterNodes.await("alice's FIX logon at the leader", a::loggedOn);
            List<Message> seen = new ArrayList<>();
            try (EntryClient bob = LocalClusterNodes.login(nodes[f1], "bob")) {
                alice.send(FixTrader.limit("A1", Side.SELL, 10, 100.00));
                expect(alice, seen, "A1", '0');
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                LocalClusterNodes.expect(bob, Wire.ACCEPTED, 1);
                LocalClusterNodes.expect(bob, Wire.EXECUTED, 1);
                Message fill = expect(alice, seen, "A1", 'F');
                assertEquals("4", FixTrader.field(fill, 32));
                assertEquals("6", FixTrader.field(fill, 151));
                for (ClusterNode n : nodes) LocalClusterNodes.await("a policy snapshot", () -> n.member().snapshotsCompleted() >= 1);

                cluster.stop(leader); // alice's connection goes with it
                LocalClusterNodes.await("alice's FIX logon at another member", () -> a.events.stream().filter("logon"::equals).count() >= 2
                        && a.loggedOn());

                alice.send(FixTrader.limit("A2", Side.SELL, 5, 101.00));
                expect(alice, seen, "A2", '0');
                alice.send(FixTrader.limit("A2", Side.SELL, 1, 102.00)); // A2 is live: refused, nothing reaches the book
                Message dup = expect(alice, seen, "A2", '8');
                assertEquals("6", FixTrader.field(dup, 103));
                bob.enter(2, "AAPL", 'B', 'L', 'D', 10_000, 6);
                LocalClusterNodes.expect(bob, Wire.ACCEPTED, 2);
                Message last = expect(alice, seen, "A1", 'F');
                assertEquals("6", FixTrader.field(last, 32));
                assertEquals("0", FixTrader.field(last, 151));
                Set<String> execIds = new HashSet<>();
                for (Message m : seen) assertTrue(execIds.add(FixTrader.field(m, 17)), "an ExecutionReport came twice: " + m);

                ClusterNode restarted = cluster.restart(leader);
                LocalClusterNodes.await("the restarted member to load its snapshot", () -> restarted.service().loadedSnapshot());
                // alice's node output: Accepted A1, Executed 4, Accepted A2, Executed 6; nothing twice, the same everywhere.
                int s = nodes[f1].sessions().index(SessionCommandDescriptor.usernameKey("alice"));
                for (ClusterNode n : nodes) {
                    SessionStore st = n.sessions().get(s).store();
                    LocalClusterNodes.await("alice's output at every member", () -> st.released() == 4);
                }
                SessionStore ref = nodes[f1].sessions().get(s).store();
                for (ClusterNode n : nodes) {
                    SessionStore st = n.sessions().get(s).store();
                    assertEquals(-1, ref.data().asSlice(0, ref.end(4)).mismatch(st.data().asSlice(0, st.end(4))), "alice's output differs");
                }
            }
            alice.close(); // Logout: no FIX connection left, the sessions' timer stops, their state holds still
            alice = null;
            for (ClusterNode n : nodes) LocalClusterNodes.await("no FIX connection at a member", () -> n.service().fixConnections() == 0);
            LocalClusterNodes.await("the same FIX session state at every member", () -> {
                byte[] r = nodes[0].service().fixState();
                return r != null && java.util.Arrays.equals(r, nodes[1].service().fixState()) && java.util.Arrays.equals(r, nodes[2].service().fixState());
            });
            // Every request each node forwarded (FIX frames too) was acknowledged: nothing holds a forwarding window.
            for (ClusterNode n : nodes) LocalClusterNodes.await("every forwarded request acknowledged", () -> n.forward().outstanding() == 0);
            byte[] state = nodes[0].service().fixState();
            assertArrayEquals(state, nodes[leader].service().fixState());
            for (ClusterNode n : nodes) assertNull(n.failure());
        } finally {
            if (alice != null) alice.close();
        }
    }

    /** The next ExecutionReport for {@code clOrdId} with ExecType {@code execType}, skipping none: anything else fails. */
    static Message expect(FixTrader t, List<Message> seen, String clOrdId, char execType) throws InterruptedException {
        Message m = t.next(LocalCluster.PATIENCE_MS);
        seen.add(m);
        assertEquals(clOrdId, FixTrader.field(m, 11), m.toString());
        assertEquals(String.valueOf(execType), FixTrader.field(m, 150), m.toString());
        return m;
    }
}
