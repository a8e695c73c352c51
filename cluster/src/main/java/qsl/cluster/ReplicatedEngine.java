package qsl.cluster;

import java.util.List;
import java.lang.foreign.MemorySegment;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;

/**
 * The replicated state of one cluster member: the matching engine plus the idempotency
 * {@link SessionTable}, driven by requests ({@link ClusterRequestDescriptor}) and answering each
 * with a response ({@link ClusterResponseDescriptor}). A pure function of the requests it is
 * given: no clock, no randomness; of the member it runs on only the id (in responses) and the log
 * position (in digest reports). Decoding is total: a malformed request gets a response with
 * status 0 and changes nothing.
 *
 * <p>{@link #handle} allocates nothing once the request's session has been seen.
 */
public final class ReplicatedEngine implements AutoCloseable {
    private final CommandOutcome outcome = new CommandOutcome();
    private final SessionTable sessions = new SessionTable();
    private final byte[] command = new byte[CommandDescriptor.LENGTH];
    private final MemorySegment commandSegment = MemorySegment.ofArray(command);
    private final MatchingEngine engine;
    private final int memberId;
    private List<SymbolSpec> symbols = List.of();
    private long applied;

    private ReplicatedEngine(EngineConfig config, int memberId) {
        this.engine = new MatchingEngine(config, outcome);
        this.memberId = memberId;
    }

    /** A fresh engine with {@code symbols} registered. */
    public static ReplicatedEngine fresh(EngineConfig config, List<SymbolSpec> symbols, int memberId) {
        ReplicatedEngine r = new ReplicatedEngine(config, memberId);
        for (SymbolSpec s : symbols) r.engine.addSymbol(s);
        r.symbols = List.copyOf(symbols);
        return r;
    }

    /** The outcome of {@link #fromSnapshot}. */
    public sealed interface Restored permits Restored.Ok, Restored.Malformed {
        record Ok(ReplicatedEngine engine) implements Restored {}

        record Malformed(long offset, String reason) implements Restored {}
    }

    /** Rebuilds the state a {@link ServiceSnapshot} holds; never throws on malformed bytes. */
    public static Restored fromSnapshot(byte[] snapshot, int memberId) {
        EngineConfig c = ServiceSnapshot.config(snapshot);
        if (c == null) return new Restored.Malformed(ServiceSnapshotDescriptor.HEADER_LENGTH, "engine section malformed");
        ReplicatedEngine r = new ReplicatedEngine(c, memberId);
        ServiceSnapshot.Loaded loaded = ServiceSnapshot.load(snapshot, r.engine, r.sessions);
        if (loaded instanceof ServiceSnapshot.Loaded.Malformed m) {
            r.close();
            return new Restored.Malformed(m.offset(), m.reason());
        }
        r.symbols = ((ServiceSnapshot.Loaded.Ok) loaded).header().symbols();
        r.applied = r.sessions.totalApplied();
        return new Restored.Ok(r);
    }

    /** This state as a {@link ServiceSnapshot}. */
    public byte[] snapshot(long logPosition) {
        return ServiceSnapshot.encode(engine, engine.config(), symbols, sessions, logPosition);
    }

    /**
     * Runs one request and writes its response ({@link ClusterResponseDescriptor#LENGTH} bytes) to
     * {@code out} at 0.
     *
     * @param logPosition the request's position in the log (reported by DIGEST only)
     * @return the request's kind when it was a DIGEST (the caller may report it), else 0
     */
    public byte handle(DirectBuffer in, int offset, int length, long logPosition, MutableDirectBuffer out) {
        if (length < ClusterRequestDescriptor.HEADER_LENGTH) {
            ClusterResponseDescriptor.write(out, 0, (byte) 0, ClusterResponseDescriptor.NONE, ClusterResponseDescriptor.NONE,
                    (byte) 0, memberId, 0, 0, 0, 0, 0, 0);
            return 0;
        }
        byte kind = ClusterRequestDescriptor.kind(in, offset);
        long session = ClusterRequestDescriptor.session(in, offset);
        long token = ClusterRequestDescriptor.token(in, offset);
        switch (kind) {
            case ClusterRequestDescriptor.COMMAND -> {
                if (length != ClusterRequestDescriptor.COMMAND_LENGTH || token <= 0) {
                    reply(out, kind, ClusterResponseDescriptor.NONE, session, token, 0, 0, 0, 0);
                } else if (sessions.isDuplicate(session, token)) {
                    reply(out, kind, ClusterResponseDescriptor.DUPLICATE, session, token, 0, 0, 0, 0);
                } else {
                    in.getBytes(offset + ClusterRequestDescriptor.COMMAND_OFFSET, command);
                    outcome.reset();
                    engine.apply(commandSegment, 0);
                    sessions.applied(session, token);
                    applied++;
                    CommandOutcome o = outcome;
                    ClusterResponseDescriptor.write(out, 0, kind, ClusterResponseDescriptor.APPLIED, o.outcome, o.reason, memberId,
                            session, token, o.sequence, o.orderId, o.filled, o.trades);
                }
                return 0;
            }
            case ClusterRequestDescriptor.CHECK -> {
                reply(out, kind, ClusterResponseDescriptor.APPLIED, session, token, sessions.count(session),
                        sessions.tokenHash(session), sessions.lastToken(session), 0);
                return 0;
            }
            case ClusterRequestDescriptor.DIGEST -> {
                reply(out, kind, ClusterResponseDescriptor.APPLIED, session, token, engine.digest(), engine.lastSequence(),
                        logPosition, applied);
                return kind;
            }
            default -> {
                reply(out, kind, ClusterResponseDescriptor.NONE, session, token, 0, 0, 0, 0);
                return 0;
            }
        }
    }

    private void reply(MutableDirectBuffer out, byte kind, byte status, long session, long token, long a, long b, long c, long d) {
        ClusterResponseDescriptor.write(out, 0, kind, status, ClusterResponseDescriptor.NONE, (byte) 0, memberId, session, token,
                a, b, c, d);
    }

    public long digest() {
        return engine.digest();
    }

    public long sessionDigest() {
        return sessions.digest();
    }

    public long engineSequence() {
        return engine.lastSequence();
    }

    public int restingOrders() {
        return engine.restingOrders();
    }

    /** Commands applied (duplicates and malformed requests excluded). */
    public long applied() {
        return applied;
    }

    public SessionTable sessions() {
        return sessions;
    }

    @Override
    public void close() {
        engine.close();
    }
}
