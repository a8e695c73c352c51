package qsl.app.crash;

import java.nio.file.Path;
import java.util.List;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.journal.EngineRecovery;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;

/**
 * The demo's view of {@link EngineRecovery}: rebuilds an engine from a log directory (newest intact
 * snapshot, then the records after it) with no event sink and no handler for other record types.
 * Kept for the demo until it runs on {@code JournaledEngine}; everything else calls
 * {@link EngineRecovery} directly.
 */
public final class EngineRebuild {
    private EngineRebuild() {}

    /** The outcome of a rebuild. */
    public sealed interface Result permits Rebuilt, Unusable {}

    /**
     * @param engine the rebuilt engine (caller closes it)
     * @param snapshotSequence log sequence the snapshot used covers
     * @param snapshot the snapshot file used
     * @param rejectedSnapshots newer snapshots skipped, with why
     * @param report what log recovery found and did
     * @param recordsReplayed command records applied after the snapshot
     * @param foreignRecords valid records of another type or size, not applied
     * @param lastSequence the log sequence the state covers: max(snapshot, log's last record)
     */
    public record Rebuilt(MatchingEngine engine, long snapshotSequence, Path snapshot, List<String> rejectedSnapshots,
                          RecoveryReport report, long recordsReplayed, long foreignRecords, long lastSequence) implements Result {}

    /** No usable starting point (no intact snapshot), or the directory could not be read. */
    public record Unusable(String reason, List<String> rejectedSnapshots) implements Result {}

    public static Result rebuild(Path dir, RecoveryMode mode, boolean repair) {
        EngineRecovery.Result r = EngineRecovery.rebuild(dir, mode, repair, EventSink.NONE, RecordHandler.NONE);
        if (r instanceof EngineRecovery.Unusable u) return new Unusable(u.reason(), u.rejectedSnapshots());
        EngineRecovery.Rebuilt b = (EngineRecovery.Rebuilt) r;
        return new Rebuilt(b.engine(), b.snapshotSequence(), b.snapshot(), b.rejectedSnapshots(), b.report(), b.commandsReplayed(),
                b.otherRecords() + b.malformedCommands(), b.lastSequence());
    }
}
