package qsl.gateway;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import qsl.book.EngineConfig;
import qsl.book.StateDigest;
import qsl.gateway.pipeline.SessionMachine;
import qsl.gateway.pipeline.StoreResponses;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.WalRecovery;

/**
 * Replays a node's journal offline, read-only, into scratch session stores: the state after the
 * first {@code maxRecords} session commands (engine digest, sequence, resting orders) and a
 * digest of every session's regenerated output. What the demo's {@code digest:} line is made of.
 */
public final class JournalReplay {
    /** What a replay ended with. */
    public record Result(long records, long engineSequence, int restingOrders, long engineDigest, long outputDigest,
                         long outputMessages, RecoveryReport report) {
        /** Engine digest, sequence and output digest mixed into one value. */
        public long digest() {
            return new StateDigest().mix(records).mix(engineSequence).mix(restingOrders).mix(engineDigest).mix(outputDigest).value();
        }
    }

    private JournalReplay() {}

    /**
     * What a state-only rebuild of a node's data directory ended with ({@link #rebuild}).
     *
     * @param recovery snapshot used, records replayed after it, log recovery report
     * @param engineDigest the engine's state digest: the node prints the same value when it stops
     */
    public record Rebuild(NodeRecovery.Result recovery, long engineSequence, int restingOrders, long engineDigest,
                          int sessions, long lastOrderId, long lastMatchId) {}

    /** Whether {@code dir} is a node's data directory (a venue file and a journal directory). */
    public static boolean isNodeDirectory(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(Venue.FILE)) && java.nio.file.Files.isDirectory(dir.resolve(Node.JOURNAL_DIR));
    }

    /**
     * Rebuilds a node's engine and session state from its data directory exactly as a start would
     * (newest usable snapshot + the journal after it, {@link NodeRecovery}), without the session
     * output stores (left untouched) and without starting anything. {@code repair}: log recovery
     * may truncate a torn tail, as the node's start would.
     */
    public static Rebuild rebuild(NodeConfig config, boolean repair, Path scratch, java.io.PrintStream log) throws IOException {
        Venue venue = Venue.openOrCreate(config.dataDir(), config.symbols(), 0);
        Path journalDir = config.dataDir().resolve(Node.JOURNAL_DIR);
        EngineConfig ec = NodeRecovery.engineConfig(config, venue);
        int maxSessions = 4096;
        try (Arena arena = Arena.ofShared();
             Sessions sessions = new Sessions(arena, scratch, 4096, maxSessions);
             SessionMachine m = new SessionMachine(venue, sessions, maxSessions, config.maxLivePerSession(),
                     qsl.gateway.pipeline.ResponseSink.discard(), ec.maxOrders())) {
            NodeRecovery.Result r = NodeRecovery.recover(journalDir, ec, venue, sessions, m, null, false, repair, log);
            var e = m.engine();
            return new Rebuild(r, e.lastSequence(), e.restingOrders(), e.digest(), sessions.size(), m.lastOrderId(), m.lastMatchId());
        }
    }

    public static Result replay(NodeConfig config, Accounts accounts, long maxRecords, Path scratch) throws IOException {
        return replay(config, accounts, maxRecords, scratch, null);
    }

    /** As {@link #replay(NodeConfig, Accounts, long, Path)}, showing the replayed engine to {@code atEnd} (if not null) before it closes. */
    public static Result replay(NodeConfig config, Accounts accounts, long maxRecords, Path scratch,
                                java.util.function.Consumer<qsl.book.Engine> atEnd) throws IOException {
        Venue venue = Venue.openOrCreate(config.dataDir(), config.symbols(), 0);
        try (Arena arena = Arena.ofShared();
             Sessions sessions = new Sessions(arena, scratch, config.storeBytes(), accounts.users().size() + 256)) {
            for (Accounts.User u : accounts.users()) sessions.add(u.username(), u.account(), u.cancelOnDisconnect());
            EngineConfig ec = new EngineConfig(config.maxOrders(), Math.max(1, venue.symbols().size()), 1024);
            try (SessionMachine m = new SessionMachine(ec, venue, sessions, accounts.users().size() + 256, config.maxLivePerSession(),
                    new StoreResponses(sessions))) {
                long[] n = new long[1];
                RecoveryReport rep = WalRecovery.recover(config.dataDir().resolve(Node.JOURNAL_DIR), RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1,
                        (seq, type, seg, off, len) -> {
                            if (type != SessionCommandDescriptor.TYPE || n[0] >= maxRecords) return;
                            m.apply(seg, off);
                            n[0]++;
                        }, false);
                StateDigest d = new StateDigest();
                long messages = 0;
                for (int i = 0; i < sessions.size(); i++) {
                    var store = sessions.get(i).store();
                    long count = store.released();
                    messages += count;
                    long end = store.end(count);
                    MemorySegment data = store.data();
                    d.mix(i).mix(count);
                    long p = 0;
                    for (; p + 8 <= end; p += 8) d.mix(data.get(ValueLayout.JAVA_LONG_UNALIGNED, p));
                    for (; p < end; p++) d.mix(data.get(ValueLayout.JAVA_BYTE, p));
                }
                if (atEnd != null) atEnd.accept(m.engine());
                return new Result(n[0], m.engine().lastSequence(), m.engine().restingOrders(), m.engine().digest(), d.value(), messages, rep);
            }
        }
    }
}
