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
            case BATCH -> 100_000;
            case NONE -> 120_000;
        };
    }

    /** What to run. */
    public record Options(DurabilityMode mode, int trials, long seed, int killWindowMillis, Path workDir) {}

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
        public long totalNanos;
        public final Map<PowerLoss, Integer> models = new EnumMap<>(PowerLoss.class);

        Summary(DurabilityMode mode) {
            this.mode = mode;
        }

        /** True when the mode kept its promise in every trial. */
        public boolean passed() {
            boolean lossOk = mode == DurabilityMode.NONE || ackedLost == 0;
            return lossOk && corruptAccepted == 0 && digestMismatches == 0 && repairNotClean == 0 && unrecoverable == 0
                    && childFailures == 0;
        }

        public double millisPerTrial() {
            return trials == 0 ? 0 : totalNanos / 1e6 / trials;
        }
    }

    private CrashHarness() {}

    public static Summary run(Options o, Consumer<Summary> progress) throws IOException, InterruptedException {
        Summary s = new Summary(o.mode());
        SplittableRandom rng = new SplittableRandom(o.seed() ^ (o.mode().ordinal() * 0x9E3779B97F4A7C15L));
        Files.createDirectories(o.workDir());
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, o.seed(), commands(o.mode()), false, arena);
            for (int t = 0; t < o.trials(); t++) {
                long start = System.nanoTime();
                Path dir = o.workDir().resolve("trial-" + t);
                deleteTree(dir);
                trial(o, s, w, dir, rng.split());
                deleteTree(dir);
                s.trials++;
                s.totalNanos += System.nanoTime() - start;
                progress.accept(s);
            }
        }
        return s;
    }

    private static long snapshotEvery(DurabilityMode mode) {
        return switch (mode) {
            case SYNC -> 300;
            case BATCH -> 5_000;
            case NONE -> 20_000;
        };
    }

    private static void trial(Options o, Summary s, Workload w, Path dir, SplittableRandom rng)
            throws IOException, InterruptedException {
        // A small, fast-starting JVM; the first trial writes a class-data archive the others map.
        List<String> jvm = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + o.workDir().resolve("child.jsa"));
        List<String> cmd = ChildJvm.command(CrashChild.class, jvm,
                List.of(dir.toString(), o.mode().label(), Long.toString(o.seed()), Integer.toString(commands(o.mode())),
                        Long.toString(snapshotEvery(o.mode()))));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AckReader acks = new AckReader(p);
        Thread reader = Thread.ofPlatform().daemon().start(acks);
        boolean ready = acks.ready.await(60, TimeUnit.SECONDS);
        if (ready) Thread.sleep(rng.nextInt(Math.max(1, o.killWindowMillis())));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush, the page cache survives
        p.waitFor();
        reader.join(10_000);
        if (!ready) {
            s.childFailures++;
            return;
        }
        long acked = acks.acked;
        // In sync and batch an acknowledgement is a durability statement; the durable figure of a
        // line cut by the kill may read short, the acknowledged one (followed by a space) cannot.
        long durable = o.mode() == DurabilityMode.NONE ? acks.durable : Math.max(acks.durable, acked);
        s.ackedRecords += acked;
        PowerLoss model = PowerLoss.values()[rng.nextInt(PowerLoss.values().length)];
        s.models.merge(model, 1, Integer::sum);
        model.apply(dir, durable, rng);

        EngineRecovery.Result r = rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS);
        if (r instanceof EngineRecovery.Rebuilt b && b.report().kind() == RecoveryReport.Kind.CORRUPT) {
            // Valid records after damage: refused, as promised. After a power loss the operator's
            // explicit choice is point-in-time recovery, which keeps the consistent prefix.
            s.corruptDetected++;
            b.engine().close();
            r = rebuild(dir, RecoveryMode.POINT_IN_TIME_RECOVERY);
            if (r instanceof EngineRecovery.Rebuilt again && again.report().kind() == RecoveryReport.Kind.SALVAGED) s.salvaged++;
        }
        if (!(r instanceof EngineRecovery.Rebuilt b) || !b.usable()) {
            s.unrecoverable++;
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
            }
            // Every record still in the log must be exactly the command written at its sequence.
            // Segments wholly covered by the older kept snapshot may have been pruned: start at the first one left.
            LogLayout layout = LogLayout.scan(dir);
            long from = layout.frames.isEmpty() ? 1 : layout.frames.get(0).sequence();
            Verifier v = new Verifier(w);
            RecoveryReport check = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, from, v, false);
            // After repair the log must read back clean, ending where recovery said it does.
            if (check.lastSequence() != b.report().lastSequence()) s.repairNotClean++;
            if (last > w.count()) v.mismatches++;
            s.corruptAccepted += v.mismatches;
            // The state must be what a fresh replay of the recovered prefix gives.
            try (MatchingEngine fresh = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
                for (SymbolSpec spec : w.symbols()) fresh.addSymbol(spec);
                for (int i = 0; i < Math.min(last, w.count()); i++) fresh.apply(w.commands(), Workload.offset(i));
                if (fresh.digest() != recovered.digest()) s.digestMismatches++;
            }
            // Repair must leave a log that reads back clean.
            if (check.kind() != RecoveryReport.Kind.CLEAN && check.kind() != RecoveryReport.Kind.EMPTY) s.repairNotClean++;
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

    /** Reads the child's acknowledgements off its stdout. */
    static final class AckReader implements Runnable {
        final Process p;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile long acked;
        volatile long durable;

        AckReader(Process p) {
            this.p = p;
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("R")) {
                        ready.countDown();
                    } else if (line.startsWith("A ")) {
                        int sp = line.indexOf(' ', 2);
                        if (sp < 0) continue; // a line cut by the kill: never completed, never an ack
                        try {
                            long a = Long.parseLong(line.substring(2, sp));
                            long d = Long.parseLong(line.substring(sp + 1));
                            if (a > acked) acked = a;
                            if (d > durable) durable = d;
                        } catch (NumberFormatException e) {
                            // a torn last line: not an acknowledgement
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closed with the child
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
