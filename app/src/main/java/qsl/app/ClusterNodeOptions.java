package qsl.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import qsl.cluster.ClusterLayout;
import qsl.cluster.ClusterMemberMain;
import qsl.cluster.ClusterTimings;

/**
 * {@code qsl node --cluster ...}: the options that make the node a member of an Aeron Cluster
 * running the replicated engine ({@code docs/cluster.md}) instead of the single-machine node. A
 * picocli mixin of {@code NodeCommand}; without {@code --cluster} nothing changes.
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

    /** Runs the member until SIGTERM; returns the exit status. */
    int run(Path dataDir) throws InterruptedException {
        if (member == null) {
            System.err.println("qsl node --cluster: --cluster-member is required");
            return 2;
        }
        ClusterLayout layout;
        try {
            layout = ClusterLayout.parse(hosts, portBase);
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node --cluster: " + e.getMessage());
            return 2;
        }
        if (member < 0 || member >= layout.size()) {
            System.err.println("qsl node --cluster: --cluster-member must be 0.." + (layout.size() - 1));
            return 2;
        }
        ClusterTimings t = "loopback".equals(timings) ? ClusterTimings.loopback() : ClusterTimings.lan();
        System.out.printf("qsl node --cluster: member %d of %s, ports %d..%d, data %s%n", member, layout.hosts(),
                layout.port(member, 0), layout.port(member, ClusterLayout.PORTS_PER_MEMBER - 1), dataDir.toAbsolutePath());
        ClusterMemberMain.run(new ClusterMemberMain.Options(member, layout, dataDir.toFile(), parkMicros, t), System.out);
        return 0;
    }
}
