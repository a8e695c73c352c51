package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.service.Cluster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import qsl.gateway.Accounts;
import qsl.gateway.NodeConfig;
import qsl.gateway.entry.EntryClient;

/**
 * Three clustered nodes ({@link ClusterNode}: member, SoupBinTCP gateway and, when asked for, a FIX
 * port) in this JVM on loopback, for the in-JVM cluster tests: users alice (account 1) and bob
 * (account 2) with password {@code pw}; node {@code m} keeps its data in {@code dir/node-m}.
 */
final class LocalClusterNodes implements AutoCloseable {
    static final Accounts ACCOUNTS = Accounts.parse(List.of("alice 1 pw", "bob 2 pw"), "test");

    final Path dir;
    final ClusterLayout layout;
    final ClusterNode[] nodes = new ClusterNode[3];
    private final ClusterNode.Options[] options = new ClusterNode.Options[3];
    private final EngineClusteredService.DigestListener report;

    /**
     * Lays out (does not start) three nodes that take a policy snapshot every {@code snapshotEvery}
     * requests, with a FIX port on any free port when {@code fix}.
     *
     * @param report where each member's digests go, or null
     */
    LocalClusterNodes(Path dir, int portBase, long snapshotEvery, boolean fix, EngineClusteredService.DigestListener report) {
        this.dir = dir;
        this.layout = ClusterLayout.loopback(3, portBase + (int) (ProcessHandle.current().pid() % 100) * 40);
        this.report = report;
        for (int m = 0; m < 3; m++) {
            options[m] = fix ? new ClusterNode.Options(layout, m, ClusterTimings.loopback(), 1_000, snapshotEvery, ClusterNode.fixSettings(0))
                    : new ClusterNode.Options(layout, m, ClusterTimings.loopback(), 1_000, snapshotEvery);
        }
    }

    static NodeConfig config(Path dir) {
        // Clients here send no heartbeats while they wait: a dead-peer limit far above any failover on a loaded host.
        return NodeConfig.defaults(dir).withPort(0).withSizes(8L << 20, 1 << 20, 1 << 14, 1024).withTimeouts(1_000, 600_000, 8L << 20);
    }

    /** Starts the three at once (a member waits for the others to elect), waits for a leader and returns its member id. */
    int startAndAwaitLeader() throws Exception {
        ExecutorService starter = Executors.newFixedThreadPool(3);
        try {
            List<Future<ClusterNode>> started = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                int member = m;
                started.add(starter.submit(() -> start(member)));
            }
            for (int m = 0; m < 3; m++) nodes[m] = started.get(m).get();
        } finally {
            starter.shutdown();
        }
        int[] leader = {-1};
        await("a leader", () -> {
            for (int m = 0; m < nodes.length; m++) if (nodes[m].service().role() == Cluster.Role.LEADER) leader[0] = m;
            return leader[0] >= 0;
        });
        return leader[0];
    }

    private ClusterNode start(int member) throws IOException {
        return ClusterNode.start(config(dir.resolve("node-" + member)), ACCOUNTS, options[member], report);
    }

    /** Stops node {@code member} (its clients' connections go with it). */
    void stop(int member) {
        nodes[member].close();
        nodes[member] = null;
    }

    /** Starts node {@code member} again over its directory. */
    ClusterNode restart(int member) throws IOException {
        nodes[member] = start(member);
        return nodes[member];
    }

    @Override
    public void close() {
        for (ClusterNode n : nodes) if (n != null) n.close();
    }

    static EntryClient login(ClusterNode node, String user) throws IOException {
        EntryClient c = new EntryClient(node.address());
        assertTrue(c.login(user, "pw", "", 1).accepted(), user + " logged in");
        return c;
    }

    /** The next sequenced message, which must be of {@code type} for {@code token}. */
    static EntryClient.Packet expect(EntryClient c, byte type, long token) throws IOException {
        EntryClient.Packet p = c.next(LocalCluster.PATIENCE_MS);
        assertNotNull(p, "no message of type " + (char) type);
        assertEquals((char) type, (char) p.messageType(), p.toString());
        assertEquals(token, p.longAt(1), p.toString());
        return p;
    }

    static void await(String what, BooleanSupplier done) {
        LocalCluster.await(what, LocalCluster.PATIENCE_MS, done, null);
    }
}
