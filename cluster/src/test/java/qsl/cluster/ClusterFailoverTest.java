package qsl.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three members in one JVM on loopback (the fast version; the three-JVM version is
 * {@code ./qsl cluster-demo} and {@code -Dqsl.cluster=full}): a leader stopped under load loses
 * no acknowledged command and every member, the restarted one included, ends with one digest.
 */
class ClusterFailoverTest {
    private Path dir;
    private LocalCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cluster-test");
        cluster = new LocalCluster(dir, 3);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        LocalCluster.deleteTree(dir);
    }

    /** Sends until {@code count} more commands are acknowledged, keeping at most {@code window} in flight. */
    static void trade(SimulatedTraders traders, ClusterGateway gateway, long count, int window) {
        long target = traders.acked() + count;
        LocalCluster.await(count + " acks", 60_000, () -> traders.acked() >= target, () -> {
            while (gateway.outstanding() < window && traders.sent() < target + window) {
                if (!traders.sendNext(gateway)) break;
            }
            gateway.poll();
        });
    }

    static void drain(ClusterGateway gateway) {
        LocalCluster.await("outstanding commands acknowledged", 60_000, () -> gateway.outstanding() == 0, gateway::poll);
    }

    static void checkAll(SimulatedTraders traders, ClusterGateway gateway) {
        drain(gateway);
        LocalCluster.await("checks sent", 10_000, () -> traders.sendChecks(gateway), gateway::poll);
        LocalCluster.await("check replies", 30_000, traders::checksDone, gateway::poll);
        assertEquals(traders.sessions(), traders.checksMatched(), "sessions whose acknowledged commands are all applied once");
        assertEquals(traders.acked(), traders.checkedAcks());
    }

    /** Asks every member for its digest at one log position; waits for {@code members} reports; returns them. */
    static Map<Integer, long[]> digests(LocalCluster cluster, ClusterGateway gateway, long token, int members) {
        LocalCluster.await("digest request sent", 10_000, () -> gateway.digest(token), gateway::poll);
        LocalCluster.await("digest from " + members + " members", 60_000,
                () -> cluster.digests.getOrDefault(token, Map.of()).size() >= members, gateway::poll);
        Map<Integer, long[]> d = cluster.digests.get(token);
        long[] first = d.values().iterator().next();
        for (Map.Entry<Integer, long[]> e : d.entrySet()) {
            assertEquals(first[0], e.getValue()[0], "log position of member " + e.getKey());
            assertEquals(first[1], e.getValue()[1], "engine digest of member " + e.getKey());
            assertEquals(first[2], e.getValue()[2], "engine sequence of member " + e.getKey());
            assertEquals(first[3], e.getValue()[3], "applied commands of member " + e.getKey());
            assertEquals(first[4], e.getValue()[4], "session table digest of member " + e.getKey());
        }
        return d;
    }

    @Test
    void leaderKilledUnderLoadLosesNoAcknowledgedCommand() {
        cluster.startAll();
        SimulatedTraders traders = new SimulatedTraders(8, 3, 42);
        try (ClusterGateway gateway = cluster.gateway(traders)) {
            trade(traders, gateway, 2_000, 64);
            int leader = gateway.leaderMemberId();
            assertTrue(leader >= 0);
            // Kill with commands in flight.
            for (int i = 0; i < 64; i++) traders.sendNext(gateway);
            traders.killed(leader, System.nanoTime());
            cluster.kill(leader);
            trade(traders, gateway, 2_000, 64);
            assertTrue(traders.failoverNs() > 0, "an acknowledgement came through a new leader");
            assertNotEquals(leader, gateway.leaderMemberId());
            checkAll(traders, gateway);
            assertTrue(traders.filledCommands() > 0, "the simulated clients traded");

            cluster.start(leader);
            trade(traders, gateway, 500, 64);
            checkAll(traders, gateway);
            Map<Integer, long[]> d = digests(cluster, gateway, 1, 3);
            System.out.printf("failover: killed leader %d, new leader %d, first ack after %.1f ms; acked %d, duplicates %d,"
                    + " filled %d, rejected %d, digest %x at position %d%n", leader, gateway.leaderMemberId(),
                    traders.failoverNs() / 1e6, traders.acked(), traders.duplicates(), traders.filledCommands(), traders.rejected(),
                    d.get(leader)[1], d.get(leader)[0]);
            assertEquals(traders.acked(), d.get(leader)[3], "the restarted member applied every acknowledged command");
        }
    }
}
