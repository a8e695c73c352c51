package qsl.app.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import qsl.book.CommandDescriptor;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.journal.EngineRecovery;
import qsl.perf.alloc.ChildJvm;
import qsl.wal.DurabilityMode;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.WalRecovery;

/**
 * Kills child JVMs ({@link CrashChild}) with SIGKILL at random moments, damages what a power loss
 * could have lost ({@link PowerLoss}), recovers, and checks: every acknowledged sequence came back
 * (must hold for {@code sync} and {@code batch}; {@code none} reports its losses), no record that
 * differs from what was written was accepted, and the recovered state (snapshot + replay) has the
 * digest of a fresh replay of the recovered prefix.
 */
public final class CrashHarness {
    /** Main-phase commands of each child's workload (it stops there if not killed first): enough to outlast the kill window. */
    static int commands(DurabilityMode mode) {
        return switch (mode) {
            case SYNC -> 20_000;
            case BATCH -> 40_000;
            case NONE -> 120_000;
        };
    }

    /** What to run. */
    public record Options(DurabilityMode mode, int trials, long seed, int killWindowMillis, Path workDir, Platter.Plant plant,
                          boolean stopAtFirstFailure, int parallel, long deadlineNanos) {
        public Options(DurabilityMode mode, int trials, long seed, int killWindowMillis, Path workDir) {
            this(mode, trials, seed, killWindowMillis, workDir, Platter.Plant.NONE, false, 1, Long.MAX_VALUE);
        }

        public Options(DurabilityMode mode, int trials, long seed, int killWindowMillis, Path workDir, Platter.Plant plant,
                       boolean stopAtFirstFailure, int parallel) {
            this(mode, trials, seed, killWindowMillis, workDir, plant, stopAtFirstFailure, parallel, Long.MAX_VALUE);
        }
    }

    /** Totals of one run (one mode). */
    public static final class Summary {
        public final DurabilityMode mode;
        public int trials;
        public long ackedRecords;
        public long ackedLost;
        public long corruptAccepted;
        public long digestMismatches;
        public long tornTailsRepaired;
        public long corruptDetected;
        public long salvaged;
        public long repairNotClean;
        public long unrecoverable;
        public long childFailures;
        public long recoveredRecords;
        public long snapshotsUsed;
        public long trialsLosingAcks;
        public long lossReported;
        public long totalNanos;
        /** Trials in which a kill of each kind happened (targeted kinds: the child reached the point). */
        public final Map<Platter.KillPoint, Integer> kills = new EnumMap<>(Platter.KillPoint.class);
        /** Targeted kills whose point the child never reached (it finished or timed out first). */
        public final Map<Platter.KillPoint, Integer> notReached = new EnumMap<>(Platter.KillPoint.class);
        /** Exit statuses of the children, by status. */
        public final Map<Integer, Integer> exitStatuses = new java.util.TreeMap<>();
        /** Trials whose power loss kept the names of the moment of the kill (else the last directory syncs). */
        public long namesAtKill;
        public long pagesDropped;
        public long pagesKept;
        /** First trial (0-based) that broke a promise, or -1. */
        public int firstFailedTrial = -1;
        /** Why, for people. */
        public String firstFailure = "";
        /** Stderr of failed children (first lines), for people. */
        public final List<String> childErrors = new java.util.ArrayList<>();

        Summary(DurabilityMode mode) {
            this.mode = mode;
        }

        /** True when the mode kept its promise in every trial. */
        public boolean passed() {
            boolean lossOk = mode == DurabilityMode.NONE || ackedLost == 0;
            return lossOk && corruptAccepted == 0 && digestMismatches == 0 && repairNotClean == 0 && unrecoverable == 0
                    && childFailures == 0 && (mode == DurabilityMode.NONE || lossReported == 0);
        }

        public double millisPerTrial() {
            return trials == 0 ? 0 : totalNanos / 1e6 / trials;
        }

        /** Adds one trial's figures ({@code t}: its number). */
        void add(Summary o, int t) {
            trials += o.trials;
            ackedRecords += o.ackedRecords;
            ackedLost += o.ackedLost;
            corruptAccepted += o.corruptAccepted;
            digestMismatches += o.digestMismatches;
            tornTailsRepaired += o.tornTailsRepaired;
            corruptDetected += o.corruptDetected;
            salvaged += o.salvaged;
            repairNotClean += o.repairNotClean;
            unrecoverable += o.unrecoverable;
            childFailures += o.childFailures;
            recoveredRecords += o.recoveredRecords;
            snapshotsUsed += o.snapshotsUsed;
            trialsLosingAcks += o.trialsLosingAcks;
            lossReported += o.lossReported;
            totalNanos += o.totalNanos;
            namesAtKill += o.namesAtKill;
            pagesDropped += o.pagesDropped;
            pagesKept += o.pagesKept;
            o.kills.forEach((k, n) -> kills.merge(k, n, Integer::sum));
            o.notReached.forEach((k, n) -> notReached.merge(k, n, Integer::sum));
            o.exitStatuses.forEach((k, n) -> exitStatuses.merge(k, n, Integer::sum));
            for (String e : o.childErrors) if (childErrors.size() < 10) childErrors.add(e);
            if (!o.passed() && (firstFailedTrial < 0 || t < firstFailedTrial)) {
                firstFailedTrial = t;
                firstFailure = "trial " + t + ": " + o.firstFailure.replaceFirst("^trial \\d+: ", "");
            }
        }
    }

    private CrashHarness() {}

    public static Summary run(Options o, Consumer<Summary> progress) throws IOException, InterruptedException {
        Summary s = new Summary(o.mode());
        SplittableRandom rng = new SplittableRandom(o.seed() ^ (o.mode().ordinal() * 0x9E3779B97F4A7C15L));
        Files.createDirectories(o.workDir());
        // Each trial's randomness is split off up front, so a run is the same at any parallelism.
        SplittableRandom[] rngs = new SplittableRandom[o.trials()];
        for (int t = 0; t < rngs.length; t++) rngs[t] = rng.split();
        try (Arena arena = Arena.ofShared()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, o.seed(), commands(o.mode()), false, arena);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Throwable> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Runnable worker = () -> {
                int t;
                while (!stop.get() && (o.deadlineNanos() == Long.MAX_VALUE || System.nanoTime() - o.deadlineNanos() < 0) && (t = next.getAndIncrement()) < o.trials()) {
                    try {
                        long start = System.nanoTime();
                        Path dir = o.workDir().resolve("trial-" + t);
                        Path platter = o.workDir().resolve("trial-" + t + ".platter");
                        deleteTree(dir);
                        deleteTree(platter);
                        Summary one = new Summary(o.mode());
                        trial(o, one, w, dir, platter, rngs[t]);
                        deleteTree(dir);
                        deleteTree(platter);
                        one.trials = 1;
                        one.totalNanos = System.nanoTime() - start;
                        synchronized (s) {
                            s.add(one, t);
                            progress.accept(s);
                            if (o.stopAtFirstFailure() && !s.passed()) stop.set(true);
                        }
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        errors.add(e);
                        stop.set(true);
                    }
                }
            };
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(1, o.parallel()); i++) threads.add(Thread.ofPlatform().start(worker));
            for (Thread th : threads) th.join();
            if (!errors.isEmpty()) {
                Throwable e = errors.get(0);
                if (e instanceof IOException io) throw io;
                if (e instanceof InterruptedException ie) throw ie;
                throw (RuntimeException) e;
            }
        }
        return s;
    }

    private static long snapshotEvery(DurabilityMode mode) {
        return switch (mode) {
            case SYNC -> 300;
            case BATCH -> 3_000;
            case NONE -> 20_000;
        };
    }

    /** The kill of a trial: a random moment (half the trials) or a targeted point, and which occurrence of it. */
    static Platter.KillPoint pickKill(SplittableRandom rng) {
        int k = rng.nextInt(12);
        return switch (k) {
            case 6, 7 -> Platter.KillPoint.ROLL;
            case 8 -> Platter.KillPoint.SNAPSHOT_WRITE;
            case 9 -> Platter.KillPoint.RENAME;
            case 10 -> Platter.KillPoint.PRUNE;
            case 11 -> Platter.KillPoint.RECOVERY;
            default -> Platter.KillPoint.RANDOM;
        };
    }

    private static List<String> jvm(Options o) {
        // A small, fast-starting JVM; the first trial writes a class-data archive the others map.
        return List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + o.workDir().resolve("child.jsa"));
    }

    private static void trial(Options o, Summary s, Workload w, Path trialDir, Path platter, SplittableRandom rng)
            throws IOException, InterruptedException {
        // The trial directory is the "mount": durable by definition. The log is a directory inside
        // it that the child creates (and must make durable in it).
        Files.createDirectories(trialDir);
        Path dir = trialDir.resolve("log");
        Platter.KillPoint kill = pickKill(rng);
        Platter.KillPoint first = kill == Platter.KillPoint.RECOVERY ? Platter.KillPoint.RANDOM : kill;
        int killAt = 1 + rng.nextInt(first == Platter.KillPoint.ROLL ? 2 : 3);
        List<String> cmd = ChildJvm.command(CrashChild.class, jvm(o),
                List.of("run", dir.toString(), o.mode().label(), Long.toString(o.seed()), Integer.toString(commands(o.mode())),
                        Long.toString(snapshotEvery(o.mode())), platter.toString(), o.plant().name(), first.name(),
                        Integer.toString(killAt)));
        Child c = Child.start(cmd, trialDir.resolveSibling(trialDir.getFileName() + ".stderr"));
        boolean ready = c.reader.ready.await(60, TimeUnit.SECONDS);
        if (ready) {
            if (first == Platter.KillPoint.RANDOM) {
                c.reader.parked.await(Math.max(1, rng.nextInt(Math.max(1, o.killWindowMillis()))), TimeUnit.MILLISECONDS);
            } else {
                c.reader.parked.await(30, TimeUnit.SECONDS);
            }
        }
        boolean finished = c.reader.done;
        boolean reached = c.reader.atKillPoint;
        c.kill();
        if (!c.reaped(s, ready)) return;
        if (first == Platter.KillPoint.RANDOM ? !finished : reached) {
            s.kills.merge(first, 1, Integer::sum);
        } else if (first != Platter.KillPoint.RANDOM) {
            s.notReached.merge(first, 1, Integer::sum);
        }
        long acked = c.reader.acked;
        s.ackedRecords += acked;
        Platter.Loss loss = Platter.materialize(trialDir, platter, rng);
        if (loss.namesAtKill()) s.namesAtKill++;
        s.pagesDropped += loss.pagesDropped();
        s.pagesKept += loss.pagesKept();

        if (kill == Platter.KillPoint.RECOVERY && Files.isDirectory(dir)) {
            // Recover in a child killed in the middle of its repair, then lose power again.
            Path platter2 = platter.resolveSibling(platter.getFileName() + "2");
            deleteTree(platter2);
            List<String> rc = ChildJvm.command(CrashChild.class, jvm(o),
                    List.of("recover", dir.toString(), platter2.toString(), Integer.toString(1 + rng.nextInt(4))));
            Child r = Child.start(rc, trialDir.resolveSibling(trialDir.getFileName() + ".stderr2"));
            boolean rready = r.reader.ready.await(60, TimeUnit.SECONDS);
            if (rready) r.reader.parked.await(30, TimeUnit.SECONDS);
            boolean rreached = r.reader.atKillPoint;
            r.kill();
            if (!r.reaped(s, rready)) return;
            if (rreached) {
                s.kills.merge(kill, 1, Integer::sum);
            } else {
                s.notReached.merge(kill, 1, Integer::sum); // nothing to repair: recovery finished first
            }
            Platter.materialize(trialDir, platter2, rng);
            deleteTree(platter2);
        }
        check(o, s, w, dir, acked);
    }

    /** Recovers {@code dir} as the operator would and checks the promises against the ledger. */
    private static void check(Options o, Summary s, Workload w, Path dir, long acked) throws IOException {
        if (!Files.isDirectory(dir)) {
            // The log directory itself did not survive: everything acknowledged is gone.
            if (acked > 0) {
                s.ackedLost += acked;
                s.trialsLosingAcks++;
                fail(s, "the log directory did not survive the power loss; " + acked + " acknowledged");
            }
            return;
        }
        EngineRecovery.Result r = rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS);
        if (r instanceof EngineRecovery.Rebuilt b && b.report().kind() == RecoveryReport.Kind.CORRUPT) {
            // Valid records after damage: refused, as promised. After a power loss the operator's
            // explicit choice is point-in-time recovery, which keeps the consistent prefix.
            s.corruptDetected++;
            b.engine().close();
            r = rebuild(dir, RecoveryMode.POINT_IN_TIME_RECOVERY);
            if (r instanceof EngineRecovery.Rebuilt again && again.report().kind() == RecoveryReport.Kind.SALVAGED) s.salvaged++;
        }
        if (r instanceof EngineRecovery.Rebuilt b && b.report().kind() == RecoveryReport.Kind.LOSS) {
            s.lossReported++;
            if (acked > 0) {
                s.ackedLost += Math.max(0, acked - b.report().lastSequence());
                fail(s, "recovery reported loss: " + b.report().summary());
            }
            b.engine().close();
            return;
        }
        if (!(r instanceof EngineRecovery.Rebuilt b) || !b.usable()) {
            if (r instanceof EngineRecovery.Unusable && acked == 0) return; // killed while the journal was being created
            s.unrecoverable++;
            fail(s, "unrecoverable: " + (r instanceof EngineRecovery.Rebuilt b2 ? b2.report().summary() : ((EngineRecovery.Unusable) r).reason()));
            if (r instanceof EngineRecovery.Rebuilt b2) b2.engine().close();
            return;
        }
        try (MatchingEngine recovered = b.engine()) {
            if (b.report().kind() == RecoveryReport.Kind.TORN_TAIL_REPAIRED) s.tornTailsRepaired++;
            if (b.snapshotSequence() > 0) s.snapshotsUsed++;
            long last = b.lastSequence();
            s.recoveredRecords += last;
            if (acked > last) {
                s.ackedLost += acked - last;
                s.trialsLosingAcks++;
                if (o.mode() != DurabilityMode.NONE) fail(s, "acknowledged " + acked + ", recovered " + last + ": " + b.report().summary());
            }
            // Every record still in the log must be exactly the command written at its sequence.
            // Segments wholly covered by the older kept snapshot may have been pruned: start at the first one left.
            LogLayout layout = LogLayout.scan(dir);
            long from = layout.frames.isEmpty() ? 1 : layout.frames.get(0).sequence();
            Verifier v = new Verifier(w);
            RecoveryReport check = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, from, v, false);
            // After repair the log must read back clean, ending where recovery said it does.
            if (check.lastSequence() != b.report().lastSequence()) {
                s.repairNotClean++;
                fail(s, "read back ends at " + check.lastSequence() + ", recovery said " + b.report().lastSequence());
            }
            if (last > w.count()) v.mismatches++;
            s.corruptAccepted += v.mismatches;
            if (v.mismatches > 0) fail(s, v.mismatches + " recovered records differ from what was written");
            // The state must be what a fresh replay of the recovered prefix gives.
            try (MatchingEngine fresh = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
                for (SymbolSpec spec : w.symbols()) fresh.addSymbol(spec);
                for (int i = 0; i < Math.min(last, w.count()); i++) fresh.apply(w.commands(), Workload.offset(i));
                if (fresh.digest() != recovered.digest()) {
                    s.digestMismatches++;
                    fail(s, "digest differs from a fresh replay of 1.." + last);
                }
            }
            // Repair must leave a log that reads back clean.
            if (check.kind() != RecoveryReport.Kind.CLEAN && check.kind() != RecoveryReport.Kind.EMPTY) {
                s.repairNotClean++;
                fail(s, "read back after repair: " + check.summary());
            }
        }
    }

    private static void fail(Summary s, String why) {
        if (s.firstFailure.isEmpty()) s.firstFailure = "trial " + s.trials + ": " + why;
    }

    /** A child process, its stdout read to the end on a thread, its stderr to a file. */
    static final class Child {
        final Process p;
        final AckReader reader;
        final Thread thread;
        final Path stderr;

        private Child(Process p, Path stderr) {
            this.p = p;
            this.stderr = stderr;
            this.reader = new AckReader(p);
            this.thread = Thread.ofPlatform().daemon().start(reader);
        }

        static Child start(List<String> cmd, Path stderr) throws IOException {
            Files.deleteIfExists(stderr);
            return new Child(new ProcessBuilder(cmd).redirectError(stderr.toFile()).start(), stderr);
        }

        /** SIGKILL through the process handle: the pipe stays open, so every line written before the kill is read. */
        void kill() {
            p.toHandle().destroyForcibly();
        }

        /** Waits for the exit and the end of the pipe; records the status. False (a child failure) unless killed or done. */
        boolean reaped(Summary s, boolean ready) throws InterruptedException, IOException {
            int status = p.waitFor();
            thread.join(30_000);
            s.exitStatuses.merge(status, 1, Integer::sum);
            String err = Files.exists(stderr) ? Files.readString(stderr).trim() : "";
            Files.deleteIfExists(stderr);
            boolean ok = ready && (status == 137 || status == 9 || (status == 0 && reader.done)) && err.isEmpty();
            if (!ok) {
                s.childFailures++;
                String why = "child exit " + status + (ready ? "" : " (never ready)") + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse(""));
                if (s.childErrors.size() < 10) s.childErrors.add(why);
                fail(s, why);
            }
            return ok;
        }
    }

    private static EngineRecovery.Result rebuild(Path dir, RecoveryMode mode) {
        return EngineRecovery.rebuild(dir, mode, true, EventSink.NONE, RecordHandler.NONE);
    }

    /** Compares each record with the workload's command at its sequence. */
    static final class Verifier implements RecordHandler {
        final Workload w;
        long mismatches;

        Verifier(Workload w) {
            this.w = w;
        }

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            if (type != EngineLog.COMMAND || payloadLength != CommandDescriptor.LENGTH || sequence > w.count()
                    || MemorySegment.mismatch(segment, payloadOffset, payloadOffset + payloadLength,
                            w.commands(), Workload.offset((int) sequence - 1), Workload.offset((int) sequence)) >= 0) {
                mismatches++;
            }
        }
    }

    /** Reads the child's lines off its stdout to the end of the pipe; only complete lines count. */
    static final class AckReader implements Runnable {
        final Process p;
        final CountDownLatch ready = new CountDownLatch(1);
        /** Counted down when the child reached its targeted kill point. */
        final CountDownLatch parked = new CountDownLatch(1);
        volatile long acked;
        volatile long durable;
        volatile boolean done;
        volatile boolean atKillPoint;

        AckReader(Process p) {
            this.p = p;
        }

        @Override
        public void run() {
            StringBuilder line = new StringBuilder(64);
            try (java.io.InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        char ch = (char) buf[i];
                        if (ch != '\n') {
                            line.append(ch);
                            continue;
                        }
                        handle(line.toString());
                        line.setLength(0);
                    }
                }
            } catch (IOException e) {
                // cannot happen with the pipe left open; a partial line is never an acknowledgement
            } finally {
                ready.countDown();
                parked.countDown();
            }
        }

        private void handle(String l) {
            if (l.equals("R")) {
                ready.countDown();
            } else if (l.equals("D")) {
                done = true;
                ready.countDown();
                parked.countDown();
            } else if (l.startsWith("K ")) {
                // A targeted point may come before "R" (a rename while the log is created).
                atKillPoint = true;
                ready.countDown();
                parked.countDown();
            } else if (l.startsWith("A ")) {
                int sp = l.indexOf(' ', 2);
                if (sp < 0) return;
                try {
                    long a = Long.parseLong(l.substring(2, sp));
                    long d = Long.parseLong(l.substring(sp + 1));
                    if (a > acked) acked = a;
                    if (d > durable) durable = d;
                } catch (NumberFormatException e) {
                    // not a line the child writes
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
