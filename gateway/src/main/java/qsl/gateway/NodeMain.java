package qsl.gateway;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

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
        runUntilStopped(new Node.Builder(c).start());
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
