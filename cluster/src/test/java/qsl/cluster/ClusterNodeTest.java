package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static qsl.cluster.LocalClusterNodes.await;
import static qsl.cluster.LocalClusterNodes.expect;
import static qsl.cluster.LocalClusterNodes.login;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.gateway.store.SessionStore;

/**
 * Three clustered nodes ({@link ClusterNode}: member + SoupBinTCP gateway) in this JVM on
 * loopback, two clients on two different members: a resting order's fill reaches its owner's
 * session; the leader is stopped and the clients carry on through their gateways; snapshots are
 * taken on the policy and the stopped member restarts from its snapshot and catches up; every
 * member's stores hold byte-identical output for every session, with nothing duplicated, and all three
 * members (the restarted one with its state from the snapshot) report one digest at one log position.
 */
class ClusterNodeTest {
    @Test
    @Timeout(900)
    void fillsReachTheMakerAndClientsCarryOnAfterTheLeaderIsLost(@TempDir Path dir) throws Exception {
        java.util.Map<Long, java.util.Map<Integer, long[]>> digests = new java.util.concurrent.ConcurrentHashMap<>();
        EngineClusteredService.DigestListener report = (member, token, position, digest, seq, applied, sessionDigest) ->
                digests.computeIfAbsent(token, t -> new java.util.concurrent.ConcurrentHashMap<>())
                        .put(member, new long[] {position, digest, seq, applied, sessionDigest});
        try (LocalClusterNodes cluster = new LocalClusterNodes(dir, 29000, 2, false, report)) {
            ClusterNode[] nodes = cluster.nodes;
            int leader = cluster.startAndAwaitLeader();
            int f1 = (leader + 1) % 3;
            int f2 = (leader + 2) % 3;
            try (EntryClient alice = login(nodes[f1], "alice"); EntryClient bob = login(nodes[f2], "bob")) {
                alice.enter(1, "AAPL", 'S', 'L', 'D', 10_000, 10);
                expect(alice, Wire.ACCEPTED, 1);
                bob.enter(1, "AAPL", 'B', 'L', 'D', 10_000, 4);
                expect(bob, Wire.ACCEPTED, 1);
                EntryClient.Packet taker = expect(bob, Wire.EXECUTED, 1);
                assertEquals(4, taker.longAt(Wire.EXE_QUANTITY));
                EntryClient.Packet maker = expect(alice, Wire.EXECUTED, 1); // on alice's own session, at another member
                assertEquals(4, maker.longAt(Wire.EXE_QUANTITY));
                assertEquals(6, maker.longAt(Wire.EXE_LEAVES));
                assertEquals(Wire.LIQUIDITY_ADDED, maker.byteAt(Wire.EXE_LIQUIDITY));

                // The snapshot policy (every 2 commands) made every member take a snapshot.
                for (ClusterNode n : nodes) await("a policy snapshot", () -> n.member().snapshotsCompleted() >= 1);

                cluster.stop(leader);

                bob.enter(2, "AAPL", 'B', 'L', 'D', 10_000, 6); // through bob's gateway, to whichever member leads next
                expect(bob, Wire.ACCEPTED, 2);
                assertEquals(0, expect(bob, Wire.EXECUTED, 2).longAt(Wire.EXE_LEAVES));
                EntryClient.Packet last = expect(alice, Wire.EXECUTED, 1);
                assertEquals(6, last.longAt(Wire.EXE_QUANTITY));
                assertEquals(0, last.longAt(Wire.EXE_LEAVES));

                ClusterNode restarted = cluster.restart(leader);
                await("the restarted member to load its policy snapshot", () -> restarted.service().loadedSnapshot());
                for (String user : new String[] {"alice", "bob"}) {
                    int s = nodes[f1].sessions().index(qsl.gateway.SessionCommandDescriptor.usernameKey(user));
                    long expected = user.equals("alice") ? 3 : 4; // nothing duplicated by the resends
                    for (ClusterNode n : nodes) {
                        SessionStore st = n.sessions().get(s).store();
                        await(user + "'s output at every member", () -> st.released() == expected);
                    }
                    SessionStore ref = nodes[f1].sessions().get(s).store();
                    for (ClusterNode n : nodes) {
                        SessionStore st = n.sessions().get(s).store();
                        assertEquals(-1, ref.data().asSlice(0, ref.end(expected)).mismatch(st.data().asSlice(0, st.end(expected))),
                                user + "'s output differs at a member");
                    }
                }
                assertEquals(3, nodes[f1].service().applied(), "three orders and nothing else were applied");
            }
            // The restarted node (its state from the snapshot, the rest from the log) at one log position with the others.
            try (ClusterGateway gw = new ClusterGateway(cluster.layout, dir.resolve("probe").toFile(), "127.0.0.1", 64, 3_000, 1_000,
                    (s, t, st, out, r, seq, id, f, m, rt) -> { })) {
                java.util.Map<Integer, long[]> d = ClusterFailoverTest.digests(digests, gw, 7, 3); // asserts every field equal
                assertEquals(3, d.size());
                assertEquals(3, d.get(leader)[3], "the restarted node's applied count");
            }
            for (ClusterNode n : nodes) assertEquals(null, n.failure());
        }
    }
}
