package qsl.gateway;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import qsl.gateway.feed.FeedConfig;
import qsl.gateway.feed.NodeFeed;

/**
 * A node process with no command-line library: {@code NodeMain CONFIG_FILE}. What tests and the
 * demo start in a child JVM (and what {@code ./qsl node} runs after parsing its options).
 * SIGTERM drains the node and exits 0; a failed pipeline thread exits 1.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: NodeMain CONFIG_FILE");
            System.exit(2);
        }
        NodeConfig c = NodeConfig.read(Path.of(args[0]), Path.of("qsl-node-data"));
        // The market-data feed, when the file names a feed.port (docs/feed.md).
        FeedConfig fc = FeedConfig.readIfConfigured(Path.of(args[0]));
        NodeFeed feed = fc != null && fc.enabled() ? fc.open(c.maxOrders()) : null;
        Node.Builder b = new Node.Builder(c);
        if (feed != null) b.feed(feed);
        Node node = b.start();
        if (feed != null) {
            feed.start(node.venue());
            System.out.println(feed.describe(fc.host()));
        }
        runUntilStopped(node);
    }

    /** Installs the SIGTERM drain and waits; never returns. */
    public static void runUntilStopped(Node node) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("qsl node: SIGTERM: draining");
            node.stop(5_000);
            System.out.flush();
            Runtime.getRuntime().halt(node.failure() == null ? 0 : 1);
        }, "qsl-node-drain"));
        while (true) {
            Throwable t = node.failure();
            if (t != null) {
                System.err.println("qsl node: pipeline failed: " + t);
                System.err.flush();
                Runtime.getRuntime().halt(1);
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
