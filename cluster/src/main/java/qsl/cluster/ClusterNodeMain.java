package qsl.cluster;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import qsl.gateway.Accounts;
import qsl.gateway.NodeConfig;

/**
 * Runs one clustered node ({@link ClusterNode}) in this JVM until it is stopped (SIGTERM closes
 * it; SIGKILL is a crash), for the three-JVM test: prints {@code READY member=N port=P} once the
 * member's service has started, {@code ROLE member=N role=R} at every role change and
 * {@code SNAPSHOTS member=N taken=T} whenever its consensus module has completed another snapshot,
 * and for every DIGEST request in the log
 * {@code DIGEST member=N token=T position=P digest=D sequence=S applied=A sessions=X} (hex digests;
 * {@code sessions} is the session table's digest), as {@link ClusterMemberMain} does.
 *
 * <p>Arguments: {@code --member N --hosts h0,h1,h2 --port-base P --dir D --port TCP --accounts FILE
 * [--park-us U] [--snapshot-every N] [--store-mb M] [--fix-port F]} (M: MiB of each session's output store,
 * default 8; F: the FIX 4.4 port, -1 none (the default), 0 any free one; {@code READY} then says {@code fix=F}).
 */
public final class ClusterNodeMain {
    private ClusterNodeMain() {}

    public static void main(String[] args) throws Exception {
        int member = -1;
        String hosts = "127.0.0.1,127.0.0.1,127.0.0.1";
        int portBase = 20000;
        Path dir = null;
        int port = 0;
        Path accounts = null;
        long park = 1_000;
        long snapshotEvery = ClusterMemberMain.Options.DEFAULT_SNAPSHOT_EVERY;
        long storeMb = 8;
        int fixPort = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--member" -> member = Integer.parseInt(v);
                case "--hosts" -> hosts = v;
                case "--port-base" -> portBase = Integer.parseInt(v);
                case "--dir" -> dir = Path.of(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--accounts" -> accounts = Path.of(v);
                case "--park-us" -> park = Long.parseLong(v);
                case "--snapshot-every" -> snapshotEvery = Long.parseLong(v);
                case "--store-mb" -> storeMb = Long.parseLong(v);
                case "--fix-port" -> fixPort = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null || accounts == null || member < 0) throw new IllegalArgumentException("--member, --dir and --accounts are required");
        NodeConfig c = NodeConfig.defaults(dir).withPort(port).withAccountsFile(accounts).withSizes(storeMb << 20, 1 << 20, 1 << 14, 1024)
                .withTimeouts(1_000, 600_000, 8L << 20);
        ClusterNode.Options o = new ClusterNode.Options(ClusterLayout.parse(hosts, portBase), member, ClusterTimings.loopback(), park,
                snapshotEvery, ClusterNode.fixSettings(fixPort));
        java.io.PrintStream out = System.out;
        EngineClusteredService.DigestListener digests = (m, token, position, digest, sequence, applied, sessions) -> {
            synchronized (out) {
                out.printf("DIGEST member=%d token=%d position=%d digest=%016x sequence=%d applied=%d sessions=%016x%n", m, token, position,
                        digest, sequence, applied, sessions);
                out.flush();
            }
        };
        ClusterNode node = ClusterNode.start(c, Accounts.read(accounts), o, digests);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "cluster-node-stop"));
        while (!node.service().started()) LockSupport.parkNanos(10_000_000);
        synchronized (out) {
            java.net.InetSocketAddress fix = node.fixAddress();
            out.printf("READY member=%d port=%d snapshot=%b fix=%d%n", member, node.address().getPort(), node.service().loadedSnapshot(),
                    fix == null ? -1 : fix.getPort());
            out.flush();
        }
        io.aeron.cluster.service.Cluster.Role last = null;
        long snapshots = 0;
        while (true) {
            long taken = node.member().snapshotsCompleted();
            if (taken != snapshots) {
                synchronized (out) {
                    out.printf("SNAPSHOTS member=%d taken=%d%n", member, taken);
                    out.flush();
                }
                snapshots = taken;
            }
            io.aeron.cluster.service.Cluster.Role r = node.service().role();
            if (r != last) {
                synchronized (out) {
                    out.printf("ROLE member=%d role=%s%n", member, r);
                    out.flush();
                }
                last = r;
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
