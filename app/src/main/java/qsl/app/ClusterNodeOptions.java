package qsl.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;
import qsl.cluster.ClusterLayout;
import qsl.cluster.ClusterMemberMain;
import qsl.cluster.ClusterNode;
import qsl.cluster.ClusterTimings;
import qsl.gateway.Accounts;
import qsl.gateway.NodeConfig;

/**
 * {@code qsl node --cluster ...}: the options that make the node a clustered node (an Aeron
 * Cluster member running the node's session machine, with its SoupBinTCP gateway forwarding
 * through the cluster; {@code docs/cluster.md}) instead of the single-machine node. A picocli
 * mixin of {@code NodeCommand}; without {@code --cluster} nothing changes.
 */
final class ClusterNodeOptions {
    @Option(names = "--cluster", description = "Run as a member of a replicated cluster (docs/cluster.md) instead of the single-machine node.")
    boolean cluster;

    @Option(names = "--cluster-member", paramLabel = "ID", description = "With --cluster: this member's id, 0..members-1.")
    Integer member;

    @Option(names = "--cluster-hosts", paramLabel = "H0,H1,H2", defaultValue = "127.0.0.1,127.0.0.1,127.0.0.1",
            description = "With --cluster: every member's host, in member id order (default ${DEFAULT-VALUE}).")
    String hosts;

    @Option(names = "--cluster-port-base", paramLabel = "PORT", defaultValue = "20000",
            description = "With --cluster: member m listens on PORT + 10*m + 0..4 (default ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--cluster-timings", paramLabel = "loopback|lan", defaultValue = "lan",
            description = "With --cluster: failure-detection timings (default ${DEFAULT-VALUE}).")
    String timings;

    @Option(names = "--cluster-park-us", paramLabel = "US", defaultValue = "100",
            description = "With --cluster: longest idle park of the member's agents, microseconds (default ${DEFAULT-VALUE}).")
    long parkMicros;

    @Option(names = "--cluster-engine-only",
            description = "With --cluster: run a bare replicated-engine member (no order-entry gateway; the service `qsl cluster-client` and `qsl cluster-demo` drive) instead of the clustered node.")
    boolean engineOnly;

    @Option(names = "--cluster-snapshot-every", paramLabel = "N", defaultValue = "100000",
            description = "With --cluster: the leader asks for a cluster snapshot after every N committed commands; 0 = only on request (default ${DEFAULT-VALUE}).")
    long snapshotEvery;

    /**
     * Runs the clustered node (member + SoupBinTCP gateway + FIX port) until SIGTERM; returns the exit status.
     * The node's own options that apply: {@code --config} (its {@code fix.*} keys too), {@code --port},
     * {@code --fix-port}, {@code --accounts}.
     */
    int run(Path configFile, Integer port, Integer fixPort, Path dataDir, Path accountsFile) throws Exception {
        if (member == null) {
            System.err.println("qsl node --cluster: --cluster-member is required");
            return 2;
        }
        ClusterLayout layout;
        NodeConfig c;
        Accounts accounts;
        qsl.gateway.fix.FixConfig fix;
        try {
            layout = ClusterLayout.parse(hosts, portBase);
            c = configFile != null ? NodeConfig.read(configFile, dataDir) : NodeConfig.defaults(dataDir);
            c = c.withDataDir(dataDir);
            if (port != null) c = c.withPort(port);
            if (accountsFile != null) c = c.withAccountsFile(accountsFile);
            accounts = c.accountsFile() != null ? Accounts.read(c.accountsFile()) : Accounts.parse(List.of("demo 1 demo"), "built-in");
            fix = configFile != null ? qsl.gateway.fix.FixConfig.read(configFile)
                    : ClusterNode.fixSettings(qsl.gateway.fix.FixConfig.DEFAULT_PORT);
            if (fixPort != null) fix = fix.withPort(fixPort);
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node --cluster: " + e.getMessage());
            return 2;
        }
        if (member < 0 || member >= layout.size()) {
            System.err.println("qsl node --cluster: --cluster-member must be 0.." + (layout.size() - 1));
            return 2;
        }
        ClusterTimings t = "loopback".equals(timings) ? ClusterTimings.loopback() : ClusterTimings.lan();
        if (engineOnly) {
            System.out.printf("qsl node --cluster --cluster-engine-only: member %d of %s, ports %d..%d, data %s%n", member, layout.hosts(),
                    layout.port(member, 0), layout.port(member, ClusterLayout.PORTS_PER_MEMBER - 1), dataDir.toAbsolutePath());
            ClusterMemberMain.run(new ClusterMemberMain.Options(member, layout, dataDir.toFile(), parkMicros, t, snapshotEvery), System.out);
            return 0;
        }
        ClusterNode.Options o = new ClusterNode.Options(layout, member, t, parkMicros, snapshotEvery, fix);
        ClusterNode node = ClusterNode.start(c, accounts, o, null);
        node.report(System.out, o);
        System.out.println("qsl node --cluster: the market-data feed is not served by a clustered node (docs/cluster.md)");
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }, "cluster-node-stop"));
        stop.await();
        return 0;
    }
}
