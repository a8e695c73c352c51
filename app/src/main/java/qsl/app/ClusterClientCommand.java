package qsl.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.cluster.ClusterDemo;
import qsl.cluster.ClusterGateway;
import qsl.cluster.ClusterLayout;
import qsl.cluster.SimulatedTraders;

/**
 * {@code qsl cluster-client}: the engine-level cluster gateway as a small stand-alone entry point. Connects
 * to running engine-only members ({@code qsl node --cluster --cluster-engine-only}) as an Aeron Cluster client, sends simulated
 * sessions' orders at a fixed rate through the cluster's ingress, takes each acknowledgement only
 * from the committed log's leader, follows leader changes (resending what was not acknowledged),
 * and at the end checks every acknowledged command against the cluster's state. Exit status 1
 * when a check fails. See {@code docs/cluster.md}.
 */
@Command(name = "cluster-client", mixinStandardHelpOptions = true,
        description = "Trades simulated sessions through running engine-only members (qsl node --cluster --cluster-engine-only) and checks every acknowledgement.")
final class ClusterClientCommand implements Callable<Integer> {
    @Option(names = "--cluster-hosts", paramLabel = "H0,H1,H2", defaultValue = "127.0.0.1,127.0.0.1,127.0.0.1",
            description = "Every member's host, in member id order (default ${DEFAULT-VALUE}).")
    String hosts;

    @Option(names = "--cluster-port-base", paramLabel = "PORT", defaultValue = "20000", description = "The members' port base (default ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "This machine's address the members send responses to (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--sessions", defaultValue = "8", description = "Simulated sessions (default ${DEFAULT-VALUE}); session n trades as account n.")
    int sessions;

    @Option(names = "--rate", defaultValue = "1000", description = "Commands per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to trade (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "42", description = "Order generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ClusterLayout layout = ClusterLayout.parse(hosts, portBase);
        SimulatedTraders traders = new SimulatedTraders(sessions, 8, seed);
        traders.recording(true);
        Path dir = ClusterDemo.scratch("qsl-cluster-client");
        try (ClusterGateway gateway = new ClusterGateway(layout, dir.toFile(), host, 1 << 14, 3_000, 100, traders)) {
            System.out.printf(Locale.ROOT, "qsl cluster-client: connected, leader %d; %d sessions at %d commands/s for %.0f s%n",
                    gateway.leaderMemberId(), sessions, rate, seconds);
            // Recover the sessions from the cluster: what it applied and the next token of each.
            loop(gateway, () -> traders.sendResume(gateway), null);
            loop(gateway, () -> traders.checksDone(gateway), null);
            long period = 1_000_000_000L / rate;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long[] next = {System.nanoTime()};
            int[] lastLeader = {gateway.leaderMemberId()};
            loop(gateway, () -> System.nanoTime() >= end, () -> {
                long now = System.nanoTime();
                if (now - next[0] > 100_000_000L) next[0] = now;
                while (next[0] <= now && traders.sendNext(gateway)) next[0] += period;
                if (gateway.leaderMemberId() != lastLeader[0]) {
                    System.out.println("qsl cluster-client: leader is now member " + gateway.leaderMemberId());
                    lastLeader[0] = gateway.leaderMemberId();
                }
            });
            loop(gateway, () -> gateway.outstanding() == 0, null);
            loop(gateway, () -> traders.sendChecks(gateway), null);
            loop(gateway, () -> traders.checksDone(gateway), null);
            boolean ok = traders.checksMatched() == sessions;
            System.out.printf(Locale.ROOT, "qsl cluster-client: %d sent, %d acknowledged (%d duplicates of resends), round trip p50 %.0f us,"
                            + " p99 %.0f us, max %.0f us; acknowledged commands checked against the cluster: %d, %s%n",
                    traders.sent(), traders.acked(), traders.duplicates(), traders.roundTrip().getValueAtPercentile(50) / 1e3,
                    traders.roundTrip().getValueAtPercentile(99) / 1e3, traders.roundTrip().getMaxValue() / 1e3,
                    traders.checkedAcks(), ok ? "all present, none twice" : "MISMATCH in " + (sessions - traders.checksMatched()) + " sessions");
            return ok ? 0 : 1;
        } finally {
            ClusterDemo.deleteTree(dir);
        }
    }

    /** Runs the gateway until {@code done}; gives up a minute after the trading time (a cluster without a majority). */
    private void loop(ClusterGateway gateway, BooleanSupplier done, Runnable each) {
        long deadline = System.nanoTime() + (long) ((seconds + 60) * 1e9);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the cluster did not answer in time (no majority up?)");
            if (each != null) each.run();
            if (gateway.poll() == 0) LockSupport.parkNanos(50_000);
        }
    }
}
