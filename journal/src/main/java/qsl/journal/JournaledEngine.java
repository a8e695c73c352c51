package qsl.journal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.SegmentFiles;
import qsl.wal.SnapshotStore;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The single-thread journaled engine: each command is appended to the log ({@link Journal}), then
 * applied to the engine, then a snapshot is taken if the {@link SnapshotPolicy} says one is due.
 * Journal first, then apply: a command the engine has acted on is always in the log, so a rebuild
 * ({@link EngineRecovery}) reaches the same state. Start it on an empty directory with
 * {@link #create}, or on an existing one with {@link #recover}.
 *
 * <p>Acknowledge a command only once {@link #durableSequence()} reaches its sequence
 * ({@code sync}: at once; {@code batch}: after the group commit; {@code none}: nothing is promised
 * across a crash). Not thread-safe: one thread submits; {@link #durableSequence()} may be read from
 * any thread. {@link #submit} allocates nothing.
 */
public final class JournaledEngine implements AutoCloseable {
    /** The outcome of {@link #create} or {@link #recover}. */
    public sealed interface Open permits Open.Ready, Open.Failed {
        /**
         * @param engine the journaled engine, positioned after the last recovered record
         * @param recovery what the rebuild found ({@code null} for {@link #create})
         */
        record Ready(JournaledEngine engine, EngineRecovery.Rebuilt recovery) implements Open {}

        /** Could not start; {@code recovery} is the rebuild when it ran but was not usable, else null. */
        record Failed(String reason, EngineRecovery.Result recovery) implements Open {}
    }

    private final MatchingEngine engine;
    private final EngineConfig config;
    private final List<SymbolSpec> symbols;
    private final Journal journal;
    private SnapshotExtension extension = SnapshotExtension.NONE;
    private Journal.Snapshot lastSnapshotResult;
    private long snapshotFailures;

    private JournaledEngine(MatchingEngine engine, EngineConfig config, List<SymbolSpec> symbols, Journal journal) {
        this.engine = engine;
        this.config = config;
        this.symbols = List.copyOf(symbols);
        this.journal = journal;
    }

    /**
     * Starts a new journal in {@code wal.directory()}, which must hold no log and no snapshot: a fresh
     * engine with {@code symbols} registered, and snapshot 0 (configuration and symbols) written so
     * the directory alone can rebuild the engine.
     */
    public static Open create(WalConfig wal, SnapshotPolicy policy, EngineConfig config, List<SymbolSpec> symbols,
                              EventSink sink) {
        Path dir = wal.directory();
        try {
            // The directory is created (and its entry in its parent synced) by the snapshot write below.
            if (SegmentFiles.list(dir).length > 0 || !SnapshotStore.list(dir).isEmpty()) {
                return new Open.Failed(dir + " already holds a journal: recover it instead", null);
            }
        } catch (IOException e) {
            return new Open.Failed("cannot read " + dir + ": " + e.getMessage(), null);
        }
        MatchingEngine engine = new MatchingEngine(config, sink);
        for (SymbolSpec s : symbols) engine.addSymbol(s);
        byte[] first = JournalSnapshot.encode(EngineSnapshotCodec.encode(engine, config, symbols, 0), null);
        if (SnapshotStore.write(dir, 0, first) instanceof SnapshotStore.Write.Failed f) {
            engine.close();
            return new Open.Failed("snapshot 0: " + f.what() + ": " + f.error(), null);
        }
        Journal.Open o = Journal.open(wal, policy, 1, 0);
        if (o instanceof Journal.Open.Failed f) {
            engine.close();
            return new Open.Failed(f.reason(), null);
        }
        return new Open.Ready(new JournaledEngine(engine, config, symbols, ((Journal.Open.Ready) o).journal()), null);
    }

    /**
     * Rebuilds the engine from {@code wal.directory()} ({@link EngineRecovery#rebuild}, repairing
     * as {@code mode} allows), then opens the log to continue after the last recovered record.
     * Refuses ({@link Open.Failed}) when the rebuild is not usable: corruption is the operator's to
     * resolve, with an explicit salvage mode.
     */
    public static Open recover(WalConfig wal, SnapshotPolicy policy, RecoveryMode mode, EventSink sink, RecordHandler extraRecords) {
        EngineRecovery.Result r = EngineRecovery.rebuild(wal.directory(), mode, true, sink, extraRecords);
        if (r instanceof EngineRecovery.Unusable u) return new Open.Failed("cannot rebuild: " + u.reason(), r);
        EngineRecovery.Rebuilt b = (EngineRecovery.Rebuilt) r;
        if (!b.usable()) {
            b.engine().close();
            return new Open.Failed("recovery: " + b.report().summary()
                    + (b.malformedCommands() > 0 ? "; " + b.malformedCommands() + " malformed command records" : ""), r);
        }
        Journal.Open o = Journal.open(wal, policy, b.lastSequence() + 1, b.snapshotSequence());
        if (o instanceof Journal.Open.Failed f) {
            b.engine().close();
            return new Open.Failed(f.reason(), r);
        }
        return new Open.Ready(new JournaledEngine(b.engine(), b.config(), b.symbols(), ((Journal.Open.Ready) o).journal()), b);
    }

    /** Sets what goes into the extension section of later snapshots. */
    public void extension(SnapshotExtension extension) {
        this.extension = extension == null ? SnapshotExtension.NONE : extension;
    }

    /**
     * Journals the command at {@code commands[offset, offset + CommandDescriptor.LENGTH)}, applies
     * it, and snapshots if due. Returns the command's log sequence, or a negative {@link WalWriter}
     * status (the command was then neither journaled nor applied). A failed snapshot does not undo the
     * command: it is counted ({@link #snapshotFailures()}) and kept ({@link #lastSnapshot()}).
     */
    public long submit(MemorySegment commands, long offset) {
        long seq = journal.append(RecordTypes.COMMAND, commands, offset, CommandDescriptor.LENGTH);
        if (seq < 0) return seq;
        engine.apply(commands, offset);
        if (journal.snapshotDue(seq)) snapshotAt(seq);
        return seq;
    }

    /**
     * Journals one of the node's own records (type {@link RecordTypes#FIRST_NODE}..{@link RecordTypes#LAST_NODE});
     * it is not applied to the engine and comes back through the recovery's record handler.
     * Returns its sequence, or a negative {@link WalWriter} status ({@link WalWriter#BAD_TYPE} for a
     * type outside the node's range).
     */
    public long appendRecord(int type, MemorySegment src, long offset, int length) {
        if (!RecordTypes.isNodeType(type)) return WalWriter.BAD_TYPE;
        long seq = journal.append(type, src, offset, length);
        if (seq >= 0 && journal.snapshotDue(seq)) snapshotAt(seq);
        return seq;
    }

    /** Snapshots now, covering every record appended so far (the log is synced through it first). */
    public Journal.Snapshot snapshot() {
        return snapshotAt(journal.lastSequence());
    }

    private Journal.Snapshot snapshotAt(long seq) {
        byte[] state = JournalSnapshot.encode(EngineSnapshotCodec.encode(engine, config, symbols, seq), extension.extension(seq));
        Journal.Snapshot s = journal.snapshot(seq, state);
        if (s instanceof Journal.Snapshot.Failed) snapshotFailures++;
        lastSnapshotResult = s;
        return s;
    }

    /** Syncs every journaled record; returns the durable sequence or a negative status. */
    public long sync() {
        return journal.sync();
    }

    /** Batch mode: syncs if the oldest pending record has waited {@code batchMaxNanos}. Call when idle. */
    public long poll(long nowNanos) {
        return journal.poll(nowNanos);
    }

    /** Highest durable log sequence: commands up to it may be acknowledged. Any thread. */
    public long durableSequence() {
        return journal.durableSequence();
    }

    /** Highest journaled log sequence. */
    public long lastSequence() {
        return journal.lastSequence();
    }

    public MatchingEngine engine() {
        return engine;
    }

    public Journal journal() {
        return journal;
    }

    public EngineConfig config() {
        return config;
    }

    public List<SymbolSpec> symbols() {
        return symbols;
    }

    /** The outcome of the last snapshot taken, or null. */
    public Journal.Snapshot lastSnapshot() {
        return lastSnapshotResult;
    }

    public long snapshotFailures() {
        return snapshotFailures;
    }

    /** Closes the log (synced unless {@code none}) and the engine. */
    @Override
    public void close() {
        try {
            journal.close();
        } finally {
            engine.close();
        }
    }
}
