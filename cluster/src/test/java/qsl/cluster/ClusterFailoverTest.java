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
        LocalCluster.await(count + " acks", LocalCluster.PATIENCE_MS, () -> traders.acked() >= target, () -> {
            while (gateway.outstanding() < window && traders.sent() < target + window) {
                if (!traders.sendNext(gateway)) break;
            }
            gateway.poll();
        });
    }

    static void drain(ClusterGateway gateway) {
        LocalCluster.await("outstanding commands acknowledged", LocalCluster.PATIENCE_MS, () -> gateway.outstanding() == 0, gateway::poll);
    }

    static void checkAll(SimulatedTraders traders, ClusterGateway gateway) {
        drain(gateway);
        LocalCluster.await("checks sent", LocalCluster.PATIENCE_MS, () -> traders.sendChecks(gateway), gateway::poll);
        LocalCluster.await("check replies", LocalCluster.PATIENCE_MS, () -> traders.checksDone(gateway), gateway::poll);
        assertEquals(traders.sessions(), traders.checksMatched(), "sessions whose acknowledged commands are all applied once");
        assertEquals(traders.acked(), traders.checkedAcks());
    }

    /**
     * Asks every member for its digest at one log position; waits for {@code members} reports of
     * one request; returns them. A request offered to a leader that loses office is never
     * appended, so while no request has all its reports after {@value #DIGEST_RESEND_MS} ms another
     * goes out under a new token ({@code token * 1000 + attempt}): a late copy of an earlier one
     * is then a separate, complete set of reports at its own log position, never mixed with this one.
     */
    static Map<Integer, long[]> digests(LocalCluster cluster, ClusterGateway gateway, long token, int members) {
        return digests(cluster.digests, gateway, token, members);
    }

    /** As {@link #digests(LocalCluster, ClusterGateway, long, int)} over the reports in {@code reports}. */
    static Map<Integer, long[]> digests(Map<Long, Map<Integer, long[]>> reports, ClusterGateway gateway, long token, int members) {
        long[] attempts = {0};
        long[] complete = {-1};
        java.util.function.BooleanSupplier done = () -> {
            for (long a = 0; a < attempts[0]; a++) {
                if (reports.getOrDefault(token * 1000 + a, Map.of()).size() >= members) complete[0] = token * 1000 + a;
            }
            return complete[0] >= 0;
        };
        Runnable ask = () -> LocalCluster.await("digest request sent", LocalCluster.PATIENCE_MS,
                () -> gateway.digest(token * 1000 + attempts[0]), gateway::poll);
        ask.run();
        attempts[0]++;
        LocalCluster.await("digest from " + members + " members", LocalCluster.PATIENCE_MS, done, gateway::poll, DIGEST_RESEND_MS,
                () -> {
                    ask.run();
                    attempts[0]++;
                });
        Map<Integer, long[]> d = reports.get(complete[0]);
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

    static final long DIGEST_RESEND_MS = 5_000;

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

    /**
     * Waits until every running member has written one more snapshot than {@code before}, running
     * {@code nudge} (ask again, or trade on for a policy) after every 10 s without it: a snapshot
     * request, or the leader's toggle, is lost with a leader that loses office first; an extra
     * snapshot is harmless.
     */
    static void awaitSnapshots(LocalCluster cluster, ClusterGateway gateway, int[] before, Runnable nudge) {
        LocalCluster.await("snapshots on every running member", LocalCluster.PATIENCE_MS, () -> {
            for (int m = 0; m < cluster.members.length; m++) {
                ClusterMemberNode node = cluster.members[m];
                if (node != null && node.snapshotsCompleted() <= before[m]) return false;
            }
            return true;
        }, gateway::poll, 10_000, nudge);
    }

    static void requestSnapshot(LocalCluster cluster, ClusterGateway gateway, long correlationId) {
        int[] before = snapshotCounts(cluster);
        Runnable ask = () -> LocalCluster.await("snapshot request sent", LocalCluster.PATIENCE_MS,
                () -> gateway.requestSnapshot(correlationId), gateway::poll);
        ask.run();
        awaitSnapshots(cluster, gateway, before, ask);
    }

    static int[] snapshotCounts(LocalCluster cluster) {
        int[] c = new int[cluster.members.length];
        for (int m = 0; m < c.length; m++) c[m] = cluster.members[m] == null ? 0 : (int) cluster.members[m].snapshotsCompleted();
        return c;
    }

    @Test
    void followerRestartedFromSnapshotAndLogCatchesUp() {
        cluster.startAll();
        SimulatedTraders traders = new SimulatedTraders(4, 3, 7);
        try (ClusterGateway gateway = cluster.gateway(traders)) {
            trade(traders, gateway, 1_000, 32);
            requestSnapshot(cluster, gateway, 1);
            trade(traders, gateway, 500, 32);
            int follower = (gateway.leaderMemberId() + 1) % 3;
            cluster.kill(follower);
            trade(traders, gateway, 1_000, 32);
            cluster.start(follower);
            trade(traders, gateway, 200, 32);
            checkAll(traders, gateway);
            Map<Integer, long[]> d = digests(cluster, gateway, 2, 3);
            assertTrue(cluster.members[follower].service().loadedSnapshot(), "the follower started from its snapshot");
            assertEquals(traders.acked(), d.get(follower)[3]);
        }
    }

    @Test
    void snapshotThenFullRestartGivesTheSameDigest() {
        cluster.startAll();
        SimulatedTraders traders = new SimulatedTraders(4, 3, 11);
        Map<Integer, long[]> before;
        try (ClusterGateway gateway = cluster.gateway(traders)) {
            trade(traders, gateway, 1_500, 32);
            checkAll(traders, gateway);
            before = digests(cluster, gateway, 3, 3);
            requestSnapshot(cluster, gateway, 2);
        }
        Map<Integer, long[]> after = restartAllFromSnapshots(before, 4);
        long[] b = before.values().iterator().next();
        for (int m = 0; m < 3; m++) assertEquals(b[2], after.get(m)[2], "engine sequence of member " + m + " after the restart");
    }

    /**
     * Stops every member and starts them again; each must start from its snapshot and report, at
     * DIGEST request {@code token}, the engine digest, applied count and session table digest of
     * {@code before}. Returns the digests after the restart.
     */
    Map<Integer, long[]> restartAllFromSnapshots(Map<Integer, long[]> before, long token) {
        cluster.close();
        cluster.digests.clear();
        cluster.startAll();
        try (ClusterGateway gateway = cluster.gateway(new SimulatedTraders(1, 3, 1))) {
            Map<Integer, long[]> after = digests(cluster, gateway, token, 3);
            long[] b = before.values().iterator().next();
            for (int m = 0; m < 3; m++) {
                assertTrue(cluster.members[m].service().loadedSnapshot(), "member " + m + " started from its snapshot");
                long[] a = after.get(m);
                assertEquals(b[1], a[1], "engine digest of member " + m + " after the restart");
                assertEquals(b[3], a[3], "applied commands");
                assertEquals(b[4], a[4], "session table digest");
            }
            return after;
        }
    }

    @Test
    void policySnapshotsThenFullRestartGivesTheSameDigest() {
        cluster.snapshotEvery = 500; // no snapshot request anywhere in this test: the leader's service asks on the policy
        cluster.startAll();
        SimulatedTraders traders = new SimulatedTraders(4, 3, 13);
        Map<Integer, long[]> before;
        try (ClusterGateway gateway = cluster.gateway(traders)) {
            trade(traders, gateway, 1_200, 32);
            // two policy snapshots on every member; if a toggle was lost with a leader, more commands ask again
            awaitSnapshots(cluster, gateway, new int[] {1, 1, 1}, () -> trade(traders, gateway, 500, 32));
            checkAll(traders, gateway);
            before = digests(cluster, gateway, 5, 3);
        }
        restartAllFromSnapshots(before, 6);
    }

    /** Records the status of the acknowledgements of replayed tokens; passes everything else to the traders. */
    static final class ReplayProbe implements ClusterGateway.Listener {
        final SimulatedTraders traders;
        volatile boolean replaying;
        long replayAcks;
        long replayDuplicates;

        ReplayProbe(SimulatedTraders traders) {
            this.traders = traders;
        }

        @Override
        public void onAck(long session, long token, byte status, byte outcome, byte reason, long sequence, long orderId,
                          long filled, int member, long roundTripNs) {
            if (replaying) {
                replayAcks++;
                if (status == ClusterResponseDescriptor.DUPLICATE) replayDuplicates++;
                return;
            }
            traders.onAck(session, token, status, outcome, reason, sequence, orderId, filled, member, roundTripNs);
        }

        @Override
        public void onCheck(long session, long applied, long tokenHash, long lastToken) {
            traders.onCheck(session, applied, tokenHash, lastToken);
        }
    }

    @Test
    void duplicateDeliveryAfterFailoverDoesNotDuplicate() {
        cluster.startAll();
        SimulatedTraders traders = new SimulatedTraders(2, 1, 5);
        ReplayProbe probe = new ReplayProbe(traders);
        try (ClusterGateway gateway = cluster.gateway(probe)) {
            // Orders on one symbol that all rest: a duplicate would show as an extra resting order.
            org.agrona.concurrent.UnsafeBuffer cmd = new org.agrona.concurrent.UnsafeBuffer(new byte[qsl.book.CommandDescriptor.LENGTH]);
            java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(cmd.byteArray());
            for (long token = 1; token <= 200; token++) {
                qsl.book.CommandDescriptor.writeNewOrder(seg, 0, 0, SimulatedTraders.orderId(1, token), 1, qsl.book.Side.BUY,
                        qsl.book.OrderType.LIMIT, qsl.book.TimeInForce.GTC, 9_000 + token, 1);
                long t = token;
                LocalCluster.await("room", LocalCluster.PATIENCE_MS, () -> gateway.room() > 0, gateway::poll);
                assertTrue(gateway.send(1, t, cmd, 0));
            }
            drain(gateway);
            Map<Integer, long[]> before = digests(cluster, gateway, 5, 3);
            int leader = gateway.leaderMemberId();
            cluster.kill(leader);
            // The gateway, unsure what was applied, sends the last 100 commands again through the new leader.
            probe.replaying = true;
            for (long token = 101; token <= 200; token++) {
                qsl.book.CommandDescriptor.writeNewOrder(seg, 0, 0, SimulatedTraders.orderId(1, token), 1, qsl.book.Side.BUY,
                        qsl.book.OrderType.LIMIT, qsl.book.TimeInForce.GTC, 9_000 + token, 1);
                long t = token;
                LocalCluster.await("room", LocalCluster.PATIENCE_MS, () -> gateway.room() > 0, gateway::poll);
                assertTrue(gateway.send(1, t, cmd, 0));
            }
            drain(gateway);
            assertEquals(100, probe.replayAcks);
            assertEquals(100, probe.replayDuplicates, "every resent command was answered as a duplicate");
            assertNotEquals(leader, gateway.leaderMemberId());
            Map<Integer, long[]> after = digests(cluster, gateway, 6, 2);
            long[] b = before.get((leader + 1) % 3);
            for (long[] a : after.values()) {
                assertEquals(b[1], a[1], "engine digest unchanged by the duplicates");
                assertEquals(b[3], a[3], "applied count unchanged");
                assertEquals(b[4], a[4], "session table unchanged");
            }
        }
    }
}
