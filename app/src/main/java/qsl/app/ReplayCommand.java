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
        description = "Rebuilds the engine from a WAL directory (newest intact snapshot + the records after it) and prints its digest. "
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
            System.out.println("records replayed: " + b.commandsReplayed()
                    + (b.otherRecords() > 0 ? " (" + b.otherRecords() + " non-command records skipped)" : "")
                    + (b.malformedCommands() > 0 ? " (" + b.malformedCommands() + " command records of the wrong length NOT applied)" : ""));
            if (b.extension().length > 0) System.out.println("snapshot extension: " + b.extension().length + " bytes");
            System.out.println("sequence: " + b.lastSequence());
            System.out.println("engine sequence: " + engine.lastSequence());
            System.out.println("resting orders: " + engine.restingOrders());
            if (!b.usable()) {
                System.out.println("warning: the log is " + rep.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + "; the state below is the prefix before the damage (nothing was changed). "
                        + "An explicit --recovery point-in-time or skip-any salvages it.");
            }
            System.out.println("digest: " + String.format("%016x", engine.digest()));
            if (rep.kind() == RecoveryReport.Kind.LOSS) return 4;
            return b.usable() ? 0 : 3;
        }
    }
}
