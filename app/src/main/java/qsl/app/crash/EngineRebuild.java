package qsl.app.crash;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SnapshotStore;
import qsl.wal.WalRecovery;

/**
 * Rebuilds an engine from a log directory: the newest snapshot that reads back intact (older ones
 * if it does not), then every log record after it. What {@code ./qsl replay} and the crash harness
 * run.
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
        List<String> rejected = new ArrayList<>();
        List<Path> snaps;
        try {
            if (repair) SnapshotStore.removeTemps(dir);
            snaps = SnapshotStore.list(dir);
        } catch (IOException e) {
            return new Unusable("cannot read " + dir + ": " + e.getMessage(), rejected);
        }
        for (Path p : snaps) {
            SnapshotStore.Read r = SnapshotStore.read(p);
            if (r instanceof SnapshotStore.Read.Invalid inv) {
                rejected.add(p.getFileName() + ": " + inv.reason());
                continue;
            }
            SnapshotStore.Read.Valid v = (SnapshotStore.Read.Valid) r;
            EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(v.payload());
            if (d instanceof EngineSnapshotCodec.Decoded.Malformed m) {
                rejected.add(p.getFileName() + ": " + m);
                continue;
            }
            EngineSnapshotCodec.Header h = ((EngineSnapshotCodec.Decoded.Ok) d).header();
            if (h.logSequence() != v.sequence()) {
                rejected.add(p.getFileName() + ": engine state covers sequence " + h.logSequence() + ", file says " + v.sequence());
                continue;
            }
            MatchingEngine engine = new MatchingEngine(h.config(), EventSink.NONE);
            EngineSnapshotCodec.restore(v.payload(), engine);
            Replayer replayer = new Replayer(engine);
            RecoveryReport report = WalRecovery.recover(dir, mode, v.sequence() + 1, replayer, repair);
            return new Rebuilt(engine, v.sequence(), p, rejected, report, replayer.applied, replayer.foreign,
                    Math.max(v.sequence(), report.lastSequence()));
        }
        return new Unusable(snaps.isEmpty() ? "no snapshot in " + dir + " (the engine configuration is unknown)"
                : "no snapshot reads back intact", rejected);
    }

    /** Applies each command record to the engine; allocation-free. */
    static final class Replayer implements RecordHandler {
        final MatchingEngine engine;
        long applied;
        long foreign;

        Replayer(MatchingEngine engine) {
            this.engine = engine;
        }

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            if (type != EngineLog.COMMAND || payloadLength != CommandDescriptor.LENGTH) {
                foreign++;
                return;
            }
            engine.apply(segment, payloadOffset);
            applied++;
        }
    }
}
