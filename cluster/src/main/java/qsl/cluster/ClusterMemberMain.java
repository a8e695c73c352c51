package qsl.cluster;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;

/**
 * Runs one cluster member in this JVM until it is stopped (SIGTERM closes it; SIGKILL is a crash
 * the cluster recovers from). Prints {@code READY member=N} once started and, for every DIGEST
 * request in the log, one line
 * {@code DIGEST member=N token=T position=P digest=D sequence=S applied=A sessions=X} (hex digests).
 *
 * <p>Arguments: {@code --member N --hosts h0,h1,h2 --port-base P --dir D [--park-us U] [--timings loopback|lan]
 * [--snapshot-every N]} (a snapshot after every N applied commands, default
 * {@link Options#DEFAULT_SNAPSHOT_EVERY}; 0 = only on request).
 */
public final class ClusterMemberMain {
    /** The engine every member runs: sized for the demo and the node's default symbols. */
    public static final EngineConfig CONFIG = new EngineConfig(1 << 18, 64, 1024);

    /** The symbols every member registers (ids 0..7, reference price 10,000). */
    public static List<SymbolSpec> symbols() {
        java.util.ArrayList<SymbolSpec> s = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) s.add(SymbolSpec.open(i, 10_000));
        return List.copyOf(s);
    }

    private ClusterMemberMain() {}

    /** Parsed member options. */
    public record Options(int member, ClusterLayout layout, File dir, long parkMicros, ClusterTimings timings, long snapshotEvery) {
        /** Commands between policy snapshots when {@code --snapshot-every} is not given. */
        public static final long DEFAULT_SNAPSHOT_EVERY = 100_000;

        public static Options parse(String[] args) {
            int member = -1;
            String hosts = "127.0.0.1,127.0.0.1,127.0.0.1";
            int portBase = 20000;
            String dir = null;
            long park = 1_000;
            ClusterTimings timings = ClusterTimings.loopback();
            long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--member", "--cluster-member" -> { member = Integer.parseInt(v); i++; }
                    case "--hosts", "--cluster-hosts" -> { hosts = v; i++; }
                    case "--port-base", "--cluster-port-base" -> { portBase = Integer.parseInt(v); i++; }
                    case "--dir", "--cluster-dir", "--data" -> { dir = v; i++; }
                    case "--park-us" -> { park = Long.parseLong(v); i++; }
                    case "--snapshot-every" -> { snapshotEvery = Long.parseLong(v); i++; }
                    case "--timings" -> { timings = "lan".equals(v) ? ClusterTimings.lan() : ClusterTimings.loopback(); i++; }
                    case "--cluster" -> {}
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            ClusterLayout layout = ClusterLayout.parse(hosts, portBase);
            if (member < 0 || member >= layout.size()) throw new IllegalArgumentException("--member must be 0.." + (layout.size() - 1));
            if (dir == null) throw new IllegalArgumentException("--dir is required");
            return new Options(member, layout, new File(dir), park, timings, snapshotEvery);
        }
    }

    /**
     * A member that was SIGKILLed leaves its mark files looking alive for Aeron's liveness
     * timeout (10 s), and a restart inside that time is refused. The mark files hold no state
     * (the log, snapshots and recording log are elsewhere), so when the process recorded in
     * {@code member.pid} is gone they are removed; then this process records its own pid.
     */
    static void clearStaleMarkFiles(File dir) {
        java.nio.file.Path pidFile = dir.toPath().resolve("member.pid");
        try {
            java.nio.file.Files.createDirectories(dir.toPath());
            if (java.nio.file.Files.exists(pidFile)) {
                long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (alive && pid != ProcessHandle.current().pid()) {
                    throw new IllegalStateException("member directory " + dir + " is in use by process " + pid);
                }
                for (String f : new String[] {"archive/archive-mark.dat", "cluster/cluster-mark.dat", "cluster/cluster-mark-service-0.dat"}) {
                    java.nio.file.Files.deleteIfExists(dir.toPath().resolve(f));
                }
            }
            java.nio.file.Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot check member directory " + dir + ": " + e, e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(Options.parse(args), System.out);
    }

    /** Starts the member and blocks until the JVM is asked to stop. */
    public static void run(Options o, PrintStream out) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        clearStaleMarkFiles(o.dir());
        EngineClusteredService service = new EngineClusteredService(o.member(), CONFIG, symbols(),
                (member, token, position, digest, seq, applied, sessions) -> {
                    out.printf("DIGEST member=%d token=%d position=%d digest=%016x sequence=%d applied=%d sessions=%016x%n",
                            member, token, position, digest, seq, applied, sessions);
                    out.flush();
                }, o.snapshotEvery());
        ClusterMemberNode node = ClusterMemberNode.launch(o.layout(), o.member(), o.dir(), o.timings(), service, o.parkMicros(),
                Throwable::printStackTrace);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }, "cluster-member-stop"));
        out.printf("READY member=%d snapshot=%b%n", o.member(), node.service().loadedSnapshot());
        out.flush();
        stop.await();
    }
}
