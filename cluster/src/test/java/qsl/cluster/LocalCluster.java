package qsl.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;

/** Three (or more) members in this JVM on loopback, with the digests they report. Test support. */
final class LocalCluster implements AutoCloseable {
    static final EngineConfig CONFIG = new EngineConfig(1 << 14, 4, 256);
    static final List<SymbolSpec> SYMBOLS = List.of(SymbolSpec.open(0, 10_000), SymbolSpec.open(1, 10_000),
            SymbolSpec.open(2, 10_000));

    final ClusterLayout layout;
    final Path dir;
    final ClusterMemberNode[] members;
    /** token -> member -> {logPosition, engineDigest, engineSequence, applied, sessionDigest}. */
    final Map<Long, Map<Integer, long[]>> digests = new ConcurrentHashMap<>();
    /** Applied commands between policy snapshots of members started from now on (0 = on request only). */
    long snapshotEvery;

    LocalCluster(Path dir, int size) {
        this.dir = dir;
        int base = 21000 + (int) (ProcessHandle.current().pid() % 200) * 40;
        this.layout = ClusterLayout.loopback(size, base);
        this.members = new ClusterMemberNode[size];
    }

    void startAll() {
        for (int m = 0; m < members.length; m++) start(m);
    }

    void start(int m) {
        EngineClusteredService service = new EngineClusteredService(m, CONFIG, SYMBOLS,
                (member, token, position, digest, seq, applied, sessionDigest) ->
                        digests.computeIfAbsent(token, t -> new ConcurrentHashMap<>())
                                .put(member, new long[] {position, digest, seq, applied, sessionDigest}),
                snapshotEvery);
        members[m] = ClusterMemberNode.launch(layout, m, dir.resolve("member-" + m).toFile(), ClusterTimings.loopback(), service,
                1_000, null);
    }

    /** Stops member m without a word to the others. */
    void kill(int m) {
        members[m].close();
        members[m] = null;
    }

    ClusterGateway gateway(SimulatedTraders traders) {
        return gateway((ClusterGateway.Listener) traders);
    }

    ClusterGateway gateway(ClusterGateway.Listener listener) {
        return new ClusterGateway(layout, dir.resolve("gateway").toFile(), "127.0.0.1", 1024, 3_000, 1_000, listener);
    }

    /**
     * The bound of every wait in the cluster tests: far above anything seen on a loaded 2-core
     * host (an election there can take several heartbeat timeouts), so only a real fault reaches it.
     */
    static final long PATIENCE_MS = 180_000;

    /**
     * Waits for {@code done}, running {@code work} meanwhile and {@code nudge} whenever
     * {@code nudgeMs} passed since the start or the last nudge: a request offered to a leader that
     * loses office before appending it is never answered, so a wait on an answer sends it again.
     */
    static void await(String what, long timeoutMs, BooleanSupplier done, Runnable work, long nudgeMs, Runnable nudge) {
        long last = System.nanoTime();
        long deadline = last + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > deadline) throw new AssertionError("timed out waiting for " + what);
            if (now - last > nudgeMs * 1_000_000L) {
                last = now;
                nudge.run();
            }
            if (work != null) work.run();
            pause();
        }
    }

    private static void pause() {
        Thread.onSpinWait();
        try {
            Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(String what, long timeoutMs, BooleanSupplier done, Runnable work) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            if (work != null) work.run();
            pause();
        }
    }

    @Override
    public void close() {
        for (int m = 0; m < members.length; m++) {
            if (members[m] != null) members[m].close();
            members[m] = null;
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
