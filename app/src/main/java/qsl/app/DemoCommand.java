package qsl.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.app.demo.NodeDemo;

/**
 * {@code qsl demo}: the exchange node in a child JVM on loopback, traders connected over
 * SoupBinTCP: a scripted deterministic flow, then load from several clients, a SIGKILL of the
 * node under that load, a restart on the same directory, and every client logging in again to
 * check that each acknowledgement it received survived, byte for byte. Prints throughput,
 * round-trip percentiles and the recovery report; the last line, {@code digest: <16 hex>}, is the
 * digest of the scripted flow replayed from the journal, identical on every run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the node in a child JVM, trades against it over SoupBinTCP, SIGKILLs it under load, restarts it and checks every acknowledgement; prints a report with the digest.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "4", description = "Load clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--scripted", defaultValue = "2000", description = "Commands in the deterministic scripted flow (default ${DEFAULT-VALUE}).")
    int scripted;

    @Option(names = "--load-millis", defaultValue = "3000", description = "How long the load runs before the SIGKILL (default ${DEFAULT-VALUE} ms).")
    long loadMillis;

    @Option(names = "--durability", defaultValue = "batch", description = "none, batch or sync (default ${DEFAULT-VALUE}).")
    String durability;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the scripted flow (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || scripted < 1 || loadMillis < 100) {
            System.err.println("qsl demo: need --clients >= 1, --scripted >= 1, --load-millis >= 100");
            return 2;
        }
        Path dir = Files.createTempDirectory("qsl-demo-");
        try {
            return new NodeDemo(dir, clients, scripted, loadMillis, durability, seed, System.out).run() ? 0 : 1;
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("qsl demo: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
