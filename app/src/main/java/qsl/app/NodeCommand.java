package qsl.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.feed.FeedConfig;
import qsl.gateway.feed.NodeFeed;
import qsl.gateway.NodeConfig;
import qsl.gateway.fix.FixConfig;
import qsl.gateway.fix.FixGateway;
import qsl.wal.DurabilityMode;

/**
 * {@code qsl node}: runs the exchange node until SIGTERM (or Ctrl-C), which drains it: no new
 * commands, everything in flight journaled and answered, then exit 0. See {@code docs/node.md}.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Runs the exchange node: SoupBinTCP and FIX 4.4 order entry, journaled, acknowledgements only once durable.")
final class NodeCommand implements Callable<Integer> {
    /** The default data directory, under the working directory. */
    static final String DEFAULT_DATA_DIR = "qsl-node-data";

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file (keys in docs/node.md); options below override it.")
    Path configFile;

    @Option(names = "--port", description = "Order-entry port (default 7001; 0 = any free port).")
    Integer port;

    /** {@code --cluster ...}: run as a member of the replicated engine instead (docs/cluster.md). */
    @picocli.CommandLine.Mixin
    ClusterNodeOptions clusterOptions = new ClusterNodeOptions();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./" + DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Option(names = "--durability", description = "none, batch (default) or sync.")
    String durability;

    @Option(names = "--accounts", paramLabel = "FILE", description = "Accounts file (default: one user demo/demo, account 1).")
    Path accounts;

    @Option(names = "--fix-port", description = "FIX 4.4 port (default 7002; 0 = any free port; -1 = no FIX acceptor).")
    Integer fixPort;

    @Option(names = "--feed-port", description = "Market-data feed UDP port (default 7004; 0 = any free port; -1 = no feed).")
    Integer feedPort;

    @Option(names = "--feed-snapshot-port", description = "Market-data snapshot TCP port (default 7005; 0 = any free port).")
    Integer feedSnapshotPort;

    @Option(names = "--feed-multicast", paramLabel = "GROUP:PORT",
            description = "Also send the market-data stream to this multicast group (re-requests and snapshots stay unicast).")
    String feedMulticast;

    @Option(names = "--feed-interface", paramLabel = "NAME|ADDRESS",
            description = "Interface the multicast stream leaves by (default: the one holding the node's host address).")
    String feedInterface;

    @Option(names = "--no-pin", description = "Do not pin the node threads.")
    boolean noPin;

    @Override
    public Integer call() throws Exception {
        if (clusterOptions.cluster) return clusterOptions.run(configFile, port, fixPort, dataDir != null ? dataDir : Path.of(DEFAULT_DATA_DIR + "-cluster"), accounts);
        Path defaultDir = Path.of(DEFAULT_DATA_DIR);
        NodeConfig c;
        try {
            c = configFile != null ? NodeConfig.read(configFile, defaultDir) : NodeConfig.defaults(defaultDir).withPin(true);
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node: " + e.getMessage());
            return 2;
        }
        if (port != null) c = c.withPort(port);
        if (dataDir != null) c = c.withDataDir(dataDir);
        if (accounts != null) c = c.withAccountsFile(accounts);
        if (noPin) c = c.withPin(false);
        if (durability != null) {
            DurabilityMode m = DurabilityMode.parse(durability);
            if (m == null) {
                System.err.println("qsl node: --durability must be none, batch or sync");
                return 2;
            }
            c = c.withDurability(m);
        }
        FixConfig fc;
        Accounts accounts;
        try {
            fc = configFile != null ? FixConfig.read(configFile) : FixConfig.defaults();
            accounts = c.accountsFile() != null ? Accounts.read(c.accountsFile()) : Accounts.parse(List.of("demo 1 demo"), "built-in");
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node: " + e.getMessage());
            return 2;
        }
        if (fixPort != null) fc = fc.withPort(fixPort);
        FeedConfig feedConfig;
        try {
            feedConfig = configFile != null ? FeedConfig.read(configFile) : FeedConfig.defaults();
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node: " + e.getMessage());
            return 2;
        }
        feedConfig = feedConfig.withPorts(feedPort != null ? feedPort : feedConfig.port(),
                feedSnapshotPort != null ? feedSnapshotPort : feedConfig.snapshotPort());
        if (feedMulticast != null || feedInterface != null) {
            feedConfig = feedConfig.withMulticast(feedMulticast != null ? feedMulticast : feedConfig.multicast(),
                    feedInterface != null ? feedInterface : feedConfig.multicastInterface());
        }
        NodeFeed feed;
        try {
            feed = feedConfig.enabled() ? feedConfig.open(c.maxOrders(), c.dataDir()) : null;
        } catch (IllegalArgumentException e) {
            System.err.println("qsl node: " + e.getMessage());
            return 2;
        }
        Node.Builder builder = new Node.Builder(c).accounts(accounts);
        FixGateway fix = fc.port() >= 0 ? FixGateway.prepare(builder, fc, accounts, c.durability() != DurabilityMode.NONE) : null;
        if (feed != null) builder.feed(feed);
        Node node = builder.start();
        if (feed != null) {
            feed.start(node.venue());
            System.out.println(feed.describe(feedConfig.host()));
        }
        if (fix != null) fix.start(node, c.dataDir());
        Thread hook = new Thread(() -> {
            System.out.println("qsl node: SIGTERM: draining");
            if (fix != null) fix.stopReading();
            node.stop(5_000);
            if (fix != null) fix.close();
            if (feed != null) {
                try {
                    feed.close();
                } catch (java.io.IOException e) {
                    System.err.println("qsl node: feed close: " + e);
                }
            }
            System.out.flush();
            Runtime.getRuntime().halt(node.failure() == null ? 0 : 1);
        }, "qsl-node-drain");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(qsl.gateway.NodeMain.READY);
        System.out.flush();
        while (true) {
            Throwable t = node.failure();
            if (t == null && fix != null) t = fix.failure();
            if (t != null) {
                System.err.println("qsl node: pipeline failed: " + t);
                Runtime.getRuntime().halt(1);
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
