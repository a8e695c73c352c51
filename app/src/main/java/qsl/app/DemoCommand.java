package qsl.app;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.app.crash.EngineLog;
import qsl.app.crash.EngineRebuild;
import qsl.app.crash.PowerLoss;
import qsl.book.CancelReason;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.RejectReason;
import qsl.book.StateDigest;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;
import qsl.wal.DurabilityMode;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SnapshotStore;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * {@code qsl demo}: the synthetic deterministic flow through the matching engine. Runs the
 * exchange-core-shaped workload, then a shorter multi-symbol one, each on a fresh engine, and
 * prints what the engine did and the state digests. Then journals a multi-symbol workload through
 * the write-ahead log while applying it, snapshots half way, crashes, cuts the unsynced tail as a
 * power loss would, rebuilds the engine from the log ({@link EngineRebuild}) and checks that no
 * acknowledged record was lost and the rebuilt state equals the live one. The last line,
 * {@code digest: <16 hex>}, is a digest of both final engine states and of the recovered state and
 * sequence, identical on every run with the same options. Exit status 1 when recovery lost an
 * acknowledged record or its state differs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the synthetic workload through the engine, then journals, crashes and recovers it; prints a report with the state digest.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--commands", defaultValue = "1000000",
            description = "Mixed commands in the exchange-core-shaped run (default ${DEFAULT-VALUE}); the multi-symbol run uses a tenth, the journal/crash/recover run a fifth.")
    int commands;

    @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** Counts events in primitive fields: the sink adds nothing to the engine's cost but increments. */
    static final class CountingSink implements EventSink {
        long accepted;
        long modified;
        long trades;
        long tradedQuantity;
        final long[] cancels = new long[4]; // by CancelReason, MASS included
        final long[] rejects = new long[32]; // by RejectReason (1..16)
        long levelUpdates;
        long topOfBook;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            accepted++;
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                                      long makerRemaining, long takerRemaining) {
            trades++;
            tradedQuantity += quantity;
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long quantity, byte reason) {
            cancels[reason]++;
        }

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean kept) {
            modified++;
        }

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            rejects[reason & 31]++;
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
            levelUpdates++;
        }

        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {
            topOfBook++;
        }

        @Override public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {}
    }

    @Override
    public Integer call() {
        if (commands < 0) {
            System.err.println("qsl demo: --commands must be >= 0");
            return 2;
        }
        System.out.println("qsl demo: synthetic deterministic flow through the matching engine (seed " + seed + ")");
        long d1 = run("exchange-core shape", WorkloadShape.EXCHANGE_CORE, commands);
        long d2 = run("multi-symbol", WorkloadShape.MULTI_SYMBOL, Math.max(1, commands / 10));
        Recovery rec = journalCrashRecover(Math.max(1, commands / 5));
        if (rec == null) return 1;
        // The recovered state and where it stands: identical on every run (fixed seeds, batches
        // closed by record count, not by time), so they join the digest.
        long digest = new StateDigest().mix(d1).mix(d2).mix(rec.sequence).mix(rec.digest).value();
        System.out.println();
        System.out.printf("digest: %016x%n", digest);
        return rec.ok ? 0 : 1;
    }

    /** What the crash-and-recovery phase ended with. */
    record Recovery(long sequence, long digest, boolean ok) {}

    /**
     * Phase two: journal each command to the write-ahead log ({@code batch} durability) before
     * applying it, snapshot half way, stop dead three quarters in, cut the unsynced tail as a power
     * loss would, rebuild from the directory and check that nothing acknowledged was lost and the
     * rebuilt state equals the live one at the same sequence. Returns null when the phase could not run.
     */
    private Recovery journalCrashRecover(int mainCommands) {
        Path dir;
        try {
            dir = Files.createTempDirectory("qsl-demo-wal-");
        } catch (IOException e) {
            System.err.println("qsl demo: cannot create a temporary directory: " + e.getMessage());
            return null;
        }
        WalWriter abandoned = null;
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, seed, mainCommands, false, arena);
            MemorySegment cmds = w.commands();
            int n = w.count();
            long snapshotAt = n / 2;
            long crashFrom = n - n / 4;
            // The harness's log layout, but a batch closes on its 256th record only (WalConfig.of's
            // batch size), never on a timer, so what is durable at the crash is the same on every run.
            WalConfig config = EngineLog.harnessConfig(dir, DurabilityMode.BATCH).withBatch(256, Long.MAX_VALUE);
            // Crash once this many appended records are not yet durable: a tail for the power loss to tear.
            long unsyncedAtCrash = 100;

            System.out.println();
            System.out.printf(Locale.ROOT, "== journal, crash, recover: %d symbol(s), %d commands (%d prefill GTC + %d mixed), batch durability "
                    + "(%d records per sync), snapshot at sequence %d, crash at the first sequence from %d with at least %d records unsynced%n",
                    w.symbols().size(), n, w.prefill(), w.mainPhase(), config.batchMaxRecords(), snapshotAt, crashFrom, unsyncedAtCrash);
            long durable;
            long appendedNanos;
            int crashAt;
            long liveAtCrash;
            try (MatchingEngine live = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
                for (SymbolSpec s : w.symbols()) live.addSymbol(s);
                if (!snapshot(dir, live, w, 0)) return null;
                WalWriter.Open o = WalWriter.open(config, 1);
                if (!(o instanceof WalWriter.Open.Ready ready)) {
                    System.err.println("qsl demo: cannot open the log: " + o);
                    return null;
                }
                WalWriter log = ready.writer();
                abandoned = log;
                long start = System.nanoTime();
                int journaled = 0;
                while (journaled < n) {
                    int i = journaled++;
                    // Journal first, then apply: a command the engine has acted on is always in the log.
                    long seq = log.append(EngineLog.COMMAND, cmds, Workload.offset(i), CommandDescriptor.LENGTH);
                    if (seq < 0) {
                        System.err.println("qsl demo: append failed: " + seq + " " + log.lastError());
                        return null;
                    }
                    live.apply(cmds, Workload.offset(i));
                    if (seq == snapshotAt) {
                        // As the crash child does: the log up to seq is durable before the snapshot that covers it.
                        if (log.sync() < 0 || !snapshot(dir, live, w, seq)) return null;
                    }
                    if (seq >= crashFrom && seq - log.durableSequence() >= unsyncedAtCrash) break;
                }
                crashAt = journaled;
                appendedNanos = System.nanoTime() - start;
                // The crash: no close, no final sync. Only what the last batch sync made durable is acknowledged.
                durable = log.durableSequence();
                liveAtCrash = live.digest();
                System.out.printf(Locale.ROOT, "  journaled:      %d records, %d syncs, %.1f ns per journal+apply (one run, this machine; not a benchmark)%n",
                        log.lastSequence(), log.syncCount(), (double) appendedNanos / crashAt);
                System.out.printf(Locale.ROOT, "  crash:          writer abandoned at sequence %d; acknowledged (durable) up to %d%n",
                        log.lastSequence(), durable);
            }
            boolean damaged = PowerLoss.TORN_HALF.apply(dir, durable, new SplittableRandom(seed ^ 0x5DEECE66DL));
            System.out.printf(Locale.ROOT, "  power loss:     %s%n", damaged
                    ? "unsynced tail cut past sequence " + durable + " (a record torn in half, later bytes lost)"
                    : "nothing past the durable point to damage");

            EngineRebuild.Result r = EngineRebuild.rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true);
            if (!(r instanceof EngineRebuild.Rebuilt b)) {
                System.out.println("  recovery:       FAILED: " + ((EngineRebuild.Unusable) r).reason());
                return new Recovery(0, 0, false);
            }
            try (MatchingEngine recovered = b.engine()) {
                RecoveryReport rep = b.report();
                long got = b.lastSequence();
                long recoveredDigest = recovered.digest();
                // The live engine's digest at sequence got, from a fresh engine fed the same first got
                // commands; carried on to the crash point it must also match the live engine there.
                long[] fresh = digestsAfter(w, (int) Math.min(got, crashAt), crashAt);
                long expected = fresh[0];
                boolean rerunMatchesLive = fresh[1] == liveAtCrash;
                boolean lost = got < durable;
                boolean usable = rep.usable() && got <= crashAt;
                boolean same = recoveredDigest == expected && rerunMatchesLive;
                System.out.printf(Locale.ROOT, "  recovery:       %s%n", rep.summary());
                System.out.printf(Locale.ROOT, "  snapshot used:  %s (sequence %d)%s%n", b.snapshot().getFileName(), b.snapshotSequence(),
                        b.rejectedSnapshots().isEmpty() ? "" : "; rejected: " + b.rejectedSnapshots());
                System.out.printf(Locale.ROOT, "  records:        %d replayed after the snapshot, recovered through sequence %d; "
                        + "%d never-acknowledged record(s) lost with the power%n", b.recordsReplayed(), got, crashAt - Math.max(got, durable));
                System.out.printf(Locale.ROOT, "  acknowledged:   %d, recovered %d: %s%n", durable, got,
                        lost ? "LOST " + (durable - got) + " acknowledged record(s)" : "no acknowledged record lost");
                System.out.printf(Locale.ROOT, "  torn tail:      %s%n", rep.kind() == RecoveryReport.Kind.TORN_TAIL_REPAIRED
                        ? "repaired (" + rep.bytesTruncated() + " bytes truncated)" : "none (" + rep.kind().name().toLowerCase(Locale.ROOT) + ")");
                System.out.printf(Locale.ROOT, "  state digest:   %016x recovered, %016x live at sequence %d: %s%n",
                        recoveredDigest, expected, got, recoveredDigest == expected ? "equal" : "DIFFERENT");
                System.out.printf(Locale.ROOT, "  re-run check:   fresh engine at the crash point %016x, live engine %016x: %s%n",
                        fresh[1], liveAtCrash, rerunMatchesLive ? "equal" : "DIFFERENT");
                return new Recovery(got, recoveredDigest, !lost && usable && same);
            }
        } catch (IOException e) {
            System.err.println("qsl demo: " + e.getMessage());
            return null;
        } finally {
            deleteTree(dir);
            // Released only now, with its files gone: nothing the abandoned writer still holds can reach the recovered log.
            if (abandoned != null) abandoned.close();
        }
    }

    /** Writes a snapshot the way the crash child does. */
    private static boolean snapshot(Path dir, MatchingEngine engine, Workload w, long seq) {
        byte[] state = EngineSnapshotCodec.encode(engine, EngineLog.HARNESS_ENGINE, w.symbols(), seq);
        if (SnapshotStore.write(dir, seq, state) instanceof SnapshotStore.Write.Done) return true;
        System.err.println("qsl demo: snapshot at sequence " + seq + " failed");
        return false;
    }

    /** Digests of a fresh engine after the first {@code first} and after the first {@code second >= first} commands. */
    private static long[] digestsAfter(Workload w, int first, int second) {
        long[] d = new long[2];
        try (MatchingEngine e = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
            for (SymbolSpec s : w.symbols()) e.addSymbol(s);
            for (int i = 0; i < first; i++) e.apply(w.commands(), Workload.offset(i));
            d[0] = e.digest();
            for (int i = first; i < second; i++) e.apply(w.commands(), Workload.offset(i));
            d[1] = e.digest();
        }
        return d;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("qsl demo: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private long run(String title, WorkloadShape shape, int mainCommands) {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(shape, seed, mainCommands, false, arena);
            CountingSink sink = new CountingSink();
            MatchingEngine engine = new MatchingEngine(EngineConfig.defaults(), sink, arena);
            for (SymbolSpec s : w.symbols()) engine.addSymbol(s);
            MemorySegment cmds = w.commands();
            int n = w.count();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) engine.apply(cmds, (long) i * CommandDescriptor.LENGTH);
            long elapsed = System.nanoTime() - start;

            long rejected = 0;
            for (long r : sink.rejects) rejected += r;
            System.out.println();
            System.out.printf(Locale.ROOT, "== %s: %d symbol(s), %d commands (%d prefill GTC + %d mixed: %d GTC, %d IOC, %d cancel, %d move)%n",
                    title, w.symbols().size(), n, w.prefill(), w.mainPhase(), w.gtc(), w.ioc(), w.cancels(), w.moves());
            System.out.printf(Locale.ROOT, "  accepted:       %d (sequence %d)%n", engine.lastSequence(), engine.lastSequence());
            System.out.printf(Locale.ROOT, "  trades:         %d (quantity %d)%n", sink.trades, sink.tradedQuantity);
            System.out.printf(Locale.ROOT, "  cancels:        %d user, %d unfilled IOC rest, %d fill-or-kill killed%n",
                    sink.cancels[CancelReason.USER], sink.cancels[CancelReason.UNFILLED], sink.cancels[CancelReason.FOK_KILLED]);
            System.out.printf(Locale.ROOT, "  moves:          %d modified%n", sink.modified);
            System.out.printf(Locale.ROOT, "  rejects:        %d%n", rejected);
            for (byte r = 1; r < sink.rejects.length; r++)
                if (sink.rejects[r] > 0) System.out.printf(Locale.ROOT, "    %-20s %d%n", RejectReason.name(r), sink.rejects[r]);
            System.out.printf(Locale.ROOT, "  resting at end: %d%n", engine.restingOrders());
            System.out.printf(Locale.ROOT, "  ns per command: %.1f (one run, this machine, JIT warming up; not a benchmark)%n",
                    n == 0 ? 0.0 : (double) elapsed / n);
            long d = engine.digest();
            System.out.printf("  state digest:   %016x%n", d);
            return d;
        }
    }
}
