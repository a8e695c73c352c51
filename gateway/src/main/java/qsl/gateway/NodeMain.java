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
        NodeFeed feed = fc != null && fc.enabled() ? fc.open(c.maxOrders(), c.dataDir()) : null;
        Node.Builder b = new Node.Builder(c);
        if (feed != null) b.feed(feed);
        Node node = b.start();
        if (feed != null) {
            feed.start(node.venue());
            System.out.println(feed.describe(fc.host()));
        }
        HeapReport.startIfAsked();
        runUntilStopped(node);
    }

    /** System property: print a status line every this many milliseconds (load harnesses read it). */
    public static final String STATUS_MILLIS = "qsl.node.status.millis";

    /** Printed once the SIGTERM drain is installed ({@link NodeProcess} waits for it). */
    public static final String READY = "qsl node: ready (SIGTERM drains)";

    /** Installs the SIGTERM drain and waits; never returns. */
    public static void runUntilStopped(Node node) {
        long statusMillis = Long.getLong(STATUS_MILLIS, 0L);
        if (statusMillis > 0) startStatus(node, statusMillis);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("qsl node: SIGTERM: draining");
            node.stop(5_000);
            System.out.flush();
            Runtime.getRuntime().halt(node.failure() == null ? 0 : 1);
        }, "qsl-node-drain"));
        System.out.println(READY); // after the hook: from here on a SIGTERM drains
        System.out.flush();
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

    /**
     * A daemon thread printing {@code qsl node: status nanos=<System.nanoTime> released=<log sequence>
     * syncs=<fdatasync calls> alloc=<bytes allocated by the gateway, engine and journal threads>
     * snapalloc=<bytes allocated by the snapshot writer thread>}
     * every {@code millis}: what a load harness in another process needs for group-commit and
     * allocation accounting (System.nanoTime is the host's monotonic clock, comparable across
     * processes on Linux). The printing thread's own allocation is not counted.
     */
    private static void startStatus(Node node, long millis) {
        Thread t = new Thread(() -> {
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long[] ids = node.threadIds();
            long snap = node.snapshotThreadId();
            while (true) {
                long alloc = 0;
                for (long b : mx.getThreadAllocatedBytes(ids)) alloc += Math.max(0, b);
                long snapAlloc = snap < 0 ? 0 : Math.max(0, mx.getThreadAllocatedBytes(snap));
                System.out.println("qsl node: status nanos=" + System.nanoTime() + " released=" + node.releasedSequence()
                        + " syncs=" + node.walSyncCount() + " alloc=" + alloc + " snapalloc=" + snapAlloc);
                System.out.flush();
                LockSupport.parkNanos(millis * 1_000_000L);
            }
        }, "qsl-node-status");
        t.setDaemon(true);
        t.start();
    }
}
