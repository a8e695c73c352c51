package qsl.bench.node;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.gateway.NodeMain;
import qsl.gateway.NodeProcess;

/**
 * A node in its own JVM for the load harness: {@code NodeMain} with a config file written into a
 * fresh data directory, {@code users} accounts {@code u0..u<n-1>} (password {@code pw}, account
 * {@code i+1} each), threads pinned as {@code ./qsl node} pins them, and a status line every
 * {@value #STATUS_MILLIS} ms ({@link NodeMain#STATUS_MILLIS}) from which {@link #status} reads the
 * journal's fdatasync count, the released log sequence and the node threads' allocated bytes.
 */
final class NodeChild implements AutoCloseable {
    static final long STATUS_MILLIS = 50;
    static final String PASSWORD = "pw";
    /**
     * As {@code ./qsl} starts every JVM, for the JDK's boxing, not ours: the epoll selector
     * ({@code sun.nio.ch.EPollSelectorImpl.processEvents}) looks each ready descriptor up with
     * {@code fdToKey.get(fd)} in a {@code HashMap<Integer, SelectionKeyImpl>}, and
     * {@code Integer.valueOf} allocates 16 bytes for a descriptor above 127: per ready socket per
     * select once the node's sockets get descriptors that high (this suite's 256 sessions).
     * A larger Integer cache makes that boxing allocation-free.
     */
    static final String AUTOBOX_CACHE = "-XX:AutoBoxCacheMax=65536";

    final NodeProcess process;
    final Path dir;

    /** One status line: monotonic time, released log sequence, fdatasync calls, node-thread bytes allocated, snapshot-thread bytes. */
    record Status(long nanos, long released, long syncs, long alloc, long snapAlloc) {}

    NodeChild(Path dir, String durability, int users, boolean pin, List<String> extraConfig) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Path accounts = dir.resolve("accounts.txt");
        try (Writer w = Files.newBufferedWriter(accounts)) {
            for (int i = 0; i < users; i++) w.write("u" + i + " " + (i + 1) + " " + PASSWORD + "\n");
        }
        Path config = dir.resolve("node.properties");
        List<String> lines = new ArrayList<>(List.of(
                "data.dir=" + dir.resolve("data").toAbsolutePath(),
                "port=0",
                "durability=" + durability,
                "accounts.file=" + accounts.toAbsolutePath(),
                "pin=" + pin,
                "store.bytes=" + (256L << 20),
                "dead.peer.millis=60000"));
        lines.addAll(extraConfig);
        Files.write(config, lines);
        List<String> jvm = new ArrayList<>(List.of("-D" + NodeMain.STATUS_MILLIS + "=" + STATUS_MILLIS));
        jvm.addAll(jvmFlags());
        process = NodeProcess.start(config, jvm, 60);
    }

    /**
     * The node JVM's flags as {@code ./qsl node} runs it: {@link #AUTOBOX_CACHE} and the engine's JIT
     * plan ({@code EngineSuite.JIT_FLAGS}). {@code -Dqsl.bench.node.nodeJit=false} leaves the JIT plan
     * out (a scratch A/B of what it does to the node; results files are written with the default).
     */
    static List<String> jvmFlags() {
        List<String> jvm = new ArrayList<>(List.of(AUTOBOX_CACHE));
        if (Boolean.parseBoolean(System.getProperty("qsl.bench.node.nodeJit", "true"))) jvm.addAll(qsl.bench.engine.EngineSuite.JIT_FLAGS);
        return jvm;
    }

    static String[] users(int from, int count) {
        String[] u = new String[count];
        for (int i = 0; i < count; i++) u[i] = "u" + (from + i);
        return u;
    }

    /** Every status line printed so far, oldest first. */
    List<Status> statuses() {
        List<Status> out = new ArrayList<>();
        for (String line : process.output()) {
            int i = line.indexOf("qsl node: status ");
            if (i < 0) continue;
            long nanos = 0, released = 0, syncs = 0, alloc = 0, snapAlloc = 0;
            for (String kv : line.substring(i + 17).split(" ")) {
                int eq = kv.indexOf('=');
                if (eq < 0) continue;
                long v = Long.parseLong(kv.substring(eq + 1));
                switch (kv.substring(0, eq)) {
                    case "nanos" -> nanos = v;
                    case "released" -> released = v;
                    case "syncs" -> syncs = v;
                    case "alloc" -> alloc = v;
                    case "snapalloc" -> snapAlloc = v;
                    default -> { }
                }
            }
            out.add(new Status(nanos, released, syncs, alloc, snapAlloc));
        }
        return out;
    }

    /** The first status at or after {@code from} and the last at or before {@code to}; null if the window has fewer than two. */
    Status[] window(long from, long to) {
        Status first = null, last = null;
        for (Status s : statuses()) {
            if (s.nanos() >= from && first == null) first = s;
            if (s.nanos() <= to) last = s;
        }
        if (first == null || last == null || last.nanos() <= first.nanos()) return null;
        return new Status[] {first, last};
    }

    /** The node's socket and engine threads: {@code qsl-node}, or {@code qsl-gateway} and {@code qsl-engine}. */
    private static final List<String> ORDER_PATH_THREADS = List.of(qsl.gateway.Node.SHARED_THREAD, "qsl-gateway", "qsl-engine");

    /**
     * The CPUs a load generator should run on: those this JVM may use minus every CPU that one of
     * the node's {@link #ORDER_PATH_THREADS} is pinned to (allowed fewer CPUs than this JVM), or
     * null when that leaves none or the node's threads cannot be read. The generator then never
     * takes a scheduler time slice from the thread it measures; it may share a CPU with the journal
     * and sync threads, which block in the disk most of the time.
     */
    CpuSet generatorCpus() {
        if (!(ThreadAffinity.currentAffinity() instanceof Outcome.Ok<CpuSet> mine)) return null;
        CpuSet all = mine.value();
        CpuSet pinned = CpuSet.empty();
        try {
            for (String name : ORDER_PATH_THREADS) {
                long tid = tid(name);
                if (tid < 0) continue;
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(tid), "status"))) {
                    if (!line.startsWith("Cpus_allowed_list:")) continue;
                    CpuSet allowed = CpuSet.parse(line.substring(18).strip());
                    if (allowed.size() < all.size()) pinned = pinned.union(allowed);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // the node or its thread is gone: leave the generator to the scheduler
        }
        CpuSet rest = all.minus(pinned);
        return rest.isEmpty() || pinned.isEmpty() ? null : rest;
    }

    /** Thread id of the node thread named {@code name} (e.g. qsl-gateway), from /proc; -1 if not found. */
    long tid(String name) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (var s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                try {
                    if (Files.readString(t.resolve("comm")).strip().equals(name)) return Long.parseLong(t.getFileName().toString());
                } catch (IOException ignored) {
                    // thread gone
                }
            }
        }
        return -1;
    }

    /** Resident set size of the node process in KiB (VmRSS), -1 if unreadable. */
    long rssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException ignored) {
            // gone
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        int code = process.terminate(20);
        for (String l : process.output()) if (!l.contains("qsl node: status ")) System.out.println("  node| " + l);
        if (code != 0) System.err.println("bench node: node exited with " + code);
    }
}
