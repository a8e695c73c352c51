package qsl.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qsl.book.EventSink;
import qsl.journal.EngineRecovery;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuilds the engine from a WAL directory (newest intact snapshot + the records after it) and prints its digest; "
                + "given a node's data directory (venue.properties + journal/), rebuilds the node's engine and session state as its start would "
                + "and prints the engine digest the node prints when it stops. "
                + "Exit 0: recovered (a torn tail repaired, damage inside what the snapshot covers stepped over); 2: cannot rebuild; "
                + "3: corruption with valid records after it (nothing changed); 4: loss detected (records that were durable are gone).")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    Path dir;

    @Option(names = "--recovery", defaultValue = "tolerate-corrupted-tail",
            description = "tolerate-corrupted-tail (default), absolute-consistency, point-in-time or skip-any.")
    String recovery;

    @Option(names = "--read-only", description = "Report what recovery would repair, change nothing.")
    boolean readOnly;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A node's configuration file (for a node directory whose max.orders or max.live.per.session are not the defaults).")
    Path config;

    @Override
    public Integer call() {
        RecoveryMode mode = RecoveryMode.parse(recovery);
        if (mode == null) {
            System.err.println("qsl replay: unknown --recovery '" + recovery + "'");
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("qsl replay: " + dir + " is not a directory");
            return 2;
        }
        if (qsl.gateway.JournalReplay.isNodeDirectory(dir)) return node(mode);
        EngineRecovery.Result r = EngineRecovery.rebuild(dir, mode, !readOnly, EventSink.NONE, RecordHandler.NONE);
        if (r instanceof EngineRecovery.Unusable u) {
            u.rejectedSnapshots().forEach(s -> System.out.println("rejected snapshot: " + s));
            System.out.println("cannot rebuild: " + u.reason());
            return 2;
        }
        EngineRecovery.Rebuilt b = (EngineRecovery.Rebuilt) r;
        try (var engine = b.engine()) {
            b.rejectedSnapshots().forEach(s -> System.out.println("rejected snapshot: " + s));
            System.out.println("snapshot: " + b.snapshot().getFileName() + " (sequence " + b.snapshotSequence() + ")");
            RecoveryReport rep = b.report();
            printReport(rep);
            System.out.println("records replayed: " + b.commandsReplayed()
                    + (b.otherRecords() > 0 ? " (" + b.otherRecords() + " non-command records skipped)" : "")
                    + (b.malformedCommands() > 0 ? " (" + b.malformedCommands() + " command records of the wrong length NOT applied)" : ""));
            if (b.extension().length > 0) System.out.println("snapshot extension: " + b.extension().length + " bytes");
            System.out.println("sequence: " + b.lastSequence());
            System.out.println("engine sequence: " + engine.lastSequence());
            System.out.println("resting orders: " + engine.restingOrders());
            warnUnusable(b);
            System.out.println("digest: " + String.format("%016x", engine.digest()));
            return exitCode(b);
        }
    }

    private static void printReport(RecoveryReport rep) {
        System.out.println("recovery: " + rep.summary());
        for (RecoveryReport.Dropped d : rep.dropped()) {
            System.out.println("  " + (rep.repaired() ? "repaired" : "found") + ": segment " + d.segment() + " offset " + d.offset()
                    + " (" + d.length() + " bytes, " + d.records() + " valid records"
                    + (d.firstSequence() > 0 ? ", sequences " + d.firstSequence() + ".." + d.lastSequence() : "") + "): " + d.reason());
        }
        for (RecoveryReport.Dropped d : rep.covered()) {
            System.out.println("  covered by the snapshot (not needed, stepped over): segment " + d.segment() + " offset " + d.offset()
                    + (d.firstSequence() > 0 ? ", sequences " + d.firstSequence() + ".." + d.lastSequence() : "") + ": " + d.reason());
        }
        for (String l : rep.losses()) System.out.println("  LOSS: " + l);
    }

    private static void warnUnusable(EngineRecovery.Rebuilt b) {
        if (!b.usable()) {
            System.out.println("warning: the log is " + b.report().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "; the state below is the prefix before the damage (nothing was changed). "
                    + "An explicit --recovery point-in-time or skip-any salvages it.");
        }
    }

    private static int exitCode(EngineRecovery.Rebuilt b) {
        if (b.report().kind() == RecoveryReport.Kind.LOSS) return 4;
        return b.usable() ? 0 : 3;
    }

    /** A node's data directory: its engine and session state, as the node's start rebuilds them. */
    private int node(RecoveryMode mode) {
        if (mode != RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS) {
            System.err.println("qsl replay: a node directory is recovered as the node does (tolerate-corrupted-tail)");
            return 2;
        }
        Path scratch = null;
        try {
            qsl.gateway.NodeConfig c = config != null ? qsl.gateway.NodeConfig.read(config, dir) : qsl.gateway.NodeConfig.defaults(dir);
            c = c.withDataDir(dir);
            scratch = Files.createTempDirectory("qsl-replay");
            qsl.gateway.JournalReplay.Rebuild r = qsl.gateway.JournalReplay.rebuild(c, !readOnly, scratch, System.out);
            EngineRecovery.Rebuilt b = r.recovery().rebuilt();
            System.out.println("node data directory: " + dir);
            b.rejectedSnapshots().forEach(s -> System.out.println("rejected snapshot: " + s));
            System.out.println("snapshot: " + b.snapshot().getFileName() + " (sequence " + b.snapshotSequence() + ")");
            printReport(b.report());
            System.out.println("records replayed: " + r.recovery().sessionCommands() + " session commands after the snapshot"
                    + (b.commandsReplayed() > 0 ? " (and " + b.commandsReplayed() + " engine command records)" : "")
                    + String.format(java.util.Locale.ROOT, " in %.1f ms", r.recovery().nanos() / 1e6));
            System.out.println("sequence: " + b.lastSequence());
            System.out.println("engine sequence: " + r.engineSequence());
            System.out.println("resting orders: " + r.restingOrders());
            System.out.println("sessions: " + r.sessions() + "; last order id " + r.lastOrderId() + ", last match id " + r.lastMatchId());
            warnUnusable(b);
            System.out.println("digest: " + String.format("%016x", r.engineDigest()));
            return exitCode(b);
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("cannot rebuild: " + e.getMessage());
            return 2;
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory left behind
        }
    }
}
