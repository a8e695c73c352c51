package qsl.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.gateway.pipeline.NodeState;
import qsl.gateway.pipeline.SessionMachine;
import qsl.journal.EngineRecovery;
import qsl.journal.JournalSnapshot;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.SnapshotStore;

/**
 * Rebuilds a node's state from its journal directory through the journal module
 * ({@link EngineRecovery}): the newest snapshot that reads back intact and fits (engine section,
 * plus the node's state in the extension section: session machine counters, order owners, and how
 * much of each session's output store the snapshot covers), then every session command after it,
 * applied to the session machine (and the feed's replica), which regenerates the responses after
 * the snapshot into the stores. A directory without a snapshot (new, or journaled before the node
 * took snapshots) first gets snapshot 0: the empty engine with the venue's symbols.
 */
public final class NodeRecovery {
    private NodeRecovery() {}

    /**
     * What a recovery did.
     *
     * @param rebuilt the journal module's report (snapshot used, rejected ones, log recovery)
     * @param sessionCommands session-command records applied after the snapshot
     * @param nanos how long it took
     */
    public record Result(EngineRecovery.Rebuilt rebuilt, long sessionCommands, long nanos) {
        /** One line for a start banner or a tool. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "snapshot at sequence %d + %d journal records in %.1f ms (%s)",
                    rebuilt.snapshotSequence(), sessionCommands, nanos / 1e6, rebuilt.report().summary());
        }
    }

    /** The engine configuration a node's machine runs with. */
    public static EngineConfig engineConfig(NodeConfig c, Venue venue) {
        return new EngineConfig(c.maxOrders(), Math.max(1, venue.symbols().size()), 1024);
    }

    /** The venue's symbols as the engine registers them. */
    public static List<SymbolSpec> specs(Venue venue) {
        return venue.symbols().stream().map(Venue.Symbol::spec).toList();
    }

    /**
     * Recovers into {@code machine} (constructed without an engine) and {@code replica} (may be null).
     *
     * @param stores whether the sessions' output stores are restored and regenerated ({@code false}:
     *     the machine's responses go nowhere and the stores are not touched, for a state-only replay)
     * @param repair whether log recovery may repair a torn tail (and snapshot 0 may be written)
     * @param log where a rejected snapshot is reported
     */
    public static Result recover(Path journalDir, EngineConfig ec, Venue venue, Sessions sessions, SessionMachine machine,
                                 SessionMachine replica, boolean stores, boolean repair, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        List<SymbolSpec> specs = specs(venue);
        if (repair && SnapshotStore.list(journalDir).isEmpty()) writeSnapshotZero(journalDir, ec, specs);
        long[] count = new long[1];
        EngineRecovery.Start start = (engine, sequence, extension) -> {
            String why = restore(engine, sequence, extension, ec, specs, sessions, machine, replica, stores);
            if (why != null) {
                log.println("qsl node: snapshot at sequence " + sequence + " not used: " + why);
                machine.detach(); // the rebuild closes the engine it restored
                return null;
            }
            count[0] = 0;
            return (seq, type, seg, off, len) -> {
                if (type != SessionCommandDescriptor.TYPE) return;
                machine.apply(seg, off);
                if (replica != null) replica.apply(seg, off);
                count[0]++;
            };
        };
        EngineRecovery.Result r = EngineRecovery.rebuild(journalDir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, repair, machine, start);
        if (r instanceof EngineRecovery.Unusable u) {
            throw new IOException("cannot rebuild the node from " + journalDir + ": " + u.reason()
                    + (u.rejectedSnapshots().isEmpty() ? "" : " (rejected: " + u.rejectedSnapshots() + ")"));
        }
        EngineRecovery.Rebuilt b = (EngineRecovery.Rebuilt) r;
        return new Result(b, count[0], System.nanoTime() - t0);
    }

    /** Writes snapshot 0: the venue's empty engine and an empty node state. */
    static void writeSnapshotZero(Path journalDir, EngineConfig ec, List<SymbolSpec> specs) throws IOException {
        byte[] engine;
        try (MatchingEngine fresh = new MatchingEngine(ec, EventSink.NONE)) {
            for (SymbolSpec s : specs) fresh.addSymbol(s);
            engine = EngineSnapshotCodec.encode(fresh, ec, specs, 0);
        }
        if (SnapshotStore.write(journalDir, 0, JournalSnapshot.encode(engine, NodeState.empty())) instanceof SnapshotStore.Write.Failed f) {
            throw new IOException("cannot write snapshot 0 in " + journalDir + ": " + f.what() + ": " + f.error());
        }
    }

    /**
     * Puts a snapshot's state in place: {@code engine} (restored from the snapshot's engine section)
     * into {@code machine} with the order owners and counters of {@code extension} (a
     * {@code NodeStateDescriptor} state), and, when {@code stores}, every session store cut back to
     * the counts the state covers (the stores must hold at least that much). Returns null, or why
     * the snapshot does not fit. Also used by the clustered node's service for its own snapshots.
     */
    public static String restore(MatchingEngine engine, long sequence, byte[] extension, EngineConfig ec, List<SymbolSpec> specs,
                                  Sessions sessions, SessionMachine machine, SessionMachine replica, boolean stores) {
        if (engine.config().maxOrders() != ec.maxOrders()) {
            return "its engine holds up to " + engine.config().maxOrders() + " orders, this node is configured for " + ec.maxOrders()
                    + " (max.orders must not change for a data directory)";
        }
        NodeState.Decoded d = extension.length == 0 && sequence == 0 ? NodeState.decode(NodeState.empty()) : NodeState.decode(extension);
        if (d instanceof NodeState.Decoded.Malformed m) return "node state malformed at offset " + m.offset() + ": " + m.reason();
        NodeState.Decoded.Ok state = (NodeState.Decoded.Ok) d;
        int[] index = new int[state.sessions().size()];
        long[] messages = new long[sessions.size() + index.length];
        long[] bytes = new long[messages.length];
        for (int i = 0; i < index.length; i++) {
            NodeState.SessionEntry e = state.sessions().get(i);
            int s = sessions.index(e.usernameKey());
            if (s < 0) {
                if (sessions.frozen()) return "session " + SessionCommandDescriptor.usernameOf(e.usernameKey()) + " unknown";
                try {
                    s = sessions.add(SessionCommandDescriptor.usernameOf(e.usernameKey()), e.account(), e.cancelOnDisconnect()).index();
                } catch (IOException ex) {
                    return "cannot open the store of " + SessionCommandDescriptor.usernameOf(e.usernameKey()) + ": " + ex.getMessage();
                }
            }
            index[i] = s;
            messages[s] = e.storeMessages();
            bytes[s] = e.storeBytes();
        }
        if (stores) {
            for (int s = 0; s < sessions.size(); s++) {
                String why = sessions.get(s).store().restore(messages[s], bytes[s]);
                if (why != null) return "session store " + why;
            }
        }
        machine.attach(engine);
        String why = machine.restoreState(state, index);
        if (why != null) {
            machine.resetState();
            return why;
        }
        if (replica != null) {
            MatchingEngine copy = new MatchingEngine(engine.config(), replica);
            EngineSnapshotCodec.restore(EngineSnapshotCodec.encode(engine, engine.config(), specs, sequence), copy);
            replica.attach(copy);
            why = replica.restoreState(state, index);
            if (why != null) {
                machine.resetState();
                replica.resetState();
                return "feed replica: " + why;
            }
        }
        return null;
    }
}
