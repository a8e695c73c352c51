package qsl.journal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.wal.PipelinedRecovery;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.SnapshotStore;

/**
 * Rebuilds an engine from a journal directory: the newest snapshot that reads back intact (older
 * ones when it does not, each rejection named), restored into a fresh engine that emits into the
 * caller's {@link EventSink}, then every log record after the snapshot's sequence: command records
 * ({@link RecordTypes#COMMAND}) are applied to the engine, records of any other type are handed to
 * the caller's {@link RecordHandler} in sequence order (the node rebuilds its sessions from them).
 * The snapshot's extension section (the node's own state at the snapshot) is returned as bytes.
 * No exception escapes for damage; a handler's or sink's own exception propagates.
 */
public final class EngineRecovery {
    private EngineRecovery() {}

    /** The outcome of a rebuild. */
    public sealed interface Result permits Rebuilt, Unusable {}

    /**
     * An engine rebuilt from snapshot + log.
     *
     * @param engine the rebuilt engine, emitting into the sink given to the rebuild (caller closes it)
     * @param config the engine's configuration, from the snapshot
     * @param symbols the symbols registered, from the snapshot
     * @param snapshotSequence the log sequence the snapshot used covers
     * @param snapshot the snapshot file used
     * @param extension the snapshot's extension section (empty when none)
     * @param rejectedSnapshots newer snapshots skipped, with why
     * @param report what log recovery found and did
     * @param commandsReplayed command records applied after the snapshot
     * @param otherRecords records of other types handed to the caller's handler
     * @param malformedCommands command records of the wrong length (not applied)
     * @param lastSequence the log sequence the state covers: max(snapshot, the log's last record)
     */
    public record Rebuilt(MatchingEngine engine, EngineConfig config, List<SymbolSpec> symbols, long snapshotSequence,
                          Path snapshot, byte[] extension, List<String> rejectedSnapshots, RecoveryReport report,
                          long commandsReplayed, long otherRecords, long malformedCommands, long lastSequence) implements Result {
        /** Whether the recovered state can be trusted as the whole log (see {@link RecoveryReport#usable()}). */
        public boolean usable() {
            return report.usable() && malformedCommands == 0;
        }
    }

    /** No usable starting point (no intact snapshot), or the directory could not be read. */
    public record Unusable(String reason, List<String> rejectedSnapshots) implements Result {}

    /**
     * Rebuilds from {@code dir}.
     *
     * @param mode how log recovery treats damage
     * @param repair whether recovery may change files (truncate a torn tail, delete leftover temp snapshots)
     * @param sink receives the events of replayed commands (restoring the snapshot emits none)
     * @param extraRecords receives every record after the snapshot whose type is not
     *     {@link RecordTypes#COMMAND}; {@link RecordHandler#NONE} to ignore them
     */
    public static Result rebuild(Path dir, RecoveryMode mode, boolean repair, EventSink sink, RecordHandler extraRecords) {
        return rebuild(dir, mode, repair, sink, (engine, sequence, extension) -> extraRecords);
    }

    /**
     * Receives each snapshot's restored engine and extension section before the log after it is
     * replayed (a node restores its own state from the extension here), and says how the records
     * of other types are handled.
     */
    @FunctionalInterface
    public interface Start {
        /**
         * @param engine the engine restored from the snapshot, emitting into the rebuild's sink
         * @param snapshotSequence the log sequence the snapshot covers
         * @param extension the snapshot's extension section (empty when none)
         * @return the handler of every later record whose type is not {@link RecordTypes#COMMAND}, or
         *     {@code null} to reject this snapshot (its extension does not fit): the rebuild closes the
         *     engine and falls back to the next older snapshot, naming the rejection
         */
        RecordHandler start(MatchingEngine engine, long snapshotSequence, byte[] extension);
    }

    /**
     * As {@link #rebuild(Path, RecoveryMode, boolean, EventSink, RecordHandler)}, with the caller
     * restoring its own state from each candidate snapshot's extension before the log is replayed.
     */
    public static Result rebuild(Path dir, RecoveryMode mode, boolean repair, EventSink sink, Start start) {
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
            JournalSnapshot.Decoded js = JournalSnapshot.decode(v.payload());
            if (js instanceof JournalSnapshot.Decoded.Malformed m) {
                rejected.add(p.getFileName() + ": malformed journal snapshot at offset " + m.offset() + ": " + m.reason());
                continue;
            }
            JournalSnapshot.Decoded.Ok sections = (JournalSnapshot.Decoded.Ok) js;
            EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(sections.engine());
            if (d instanceof EngineSnapshotCodec.Decoded.Malformed m) {
                rejected.add(p.getFileName() + ": " + m);
                continue;
            }
            EngineSnapshotCodec.Header h = ((EngineSnapshotCodec.Decoded.Ok) d).header();
            if (h.logSequence() != v.sequence()) {
                rejected.add(p.getFileName() + ": engine state covers sequence " + h.logSequence() + ", file says " + v.sequence());
                continue;
            }
            MatchingEngine engine = new MatchingEngine(h.config(), sink);
            EngineSnapshotCodec.restore(sections.engine(), engine);
            RecordHandler extraRecords;
            try {
                extraRecords = start.start(engine, v.sequence(), sections.extension());
            } catch (RuntimeException | Error e) {
                engine.close();
                throw e;
            }
            if (extraRecords == null) {
                engine.close();
                rejected.add(p.getFileName() + ": its extension section was refused by the caller");
                continue;
            }
            Replayer replayer = new Replayer(engine, extraRecords);
            RecoveryReport report;
            try {
                // The scan (checksums, sequences, damage policy) runs on a helper thread; the engine on this one.
                report = PipelinedRecovery.recover(dir, mode, v.sequence() + 1, replayer, repair);
            } catch (RuntimeException | Error e) {
                engine.close();
                throw e;
            }
            return new Rebuilt(engine, h.config(), h.symbols(), v.sequence(), p, sections.extension(), List.copyOf(rejected),
                    report, replayer.applied, replayer.other, replayer.malformed, Math.max(v.sequence(), report.lastSequence()));
        }
        return new Unusable(snaps.isEmpty() ? "no snapshot in " + dir + " (the engine configuration is unknown)"
                : "no snapshot reads back intact", List.copyOf(rejected));
    }

    /** Applies command records to the engine, hands the rest on; allocation-free. */
    static final class Replayer implements RecordHandler {
        final MatchingEngine engine;
        final RecordHandler extra;
        long applied;
        long other;
        long malformed;

        Replayer(MatchingEngine engine, RecordHandler extra) {
            this.engine = engine;
            this.extra = extra;
        }

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            if (type == RecordTypes.COMMAND) {
                if (payloadLength != CommandDescriptor.LENGTH) {
                    malformed++;
                    return;
                }
                engine.apply(segment, payloadOffset);
                applied++;
                return;
            }
            other++;
            extra.onRecord(sequence, type, segment, payloadOffset, payloadLength);
        }
    }
}
