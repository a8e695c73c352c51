package qsl.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import java.util.ArrayList;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.gateway.NodeRecovery;
import qsl.gateway.pipeline.NodeState;
import qsl.gateway.store.SessionStore;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.pipeline.SessionMachine;
import qsl.gateway.pipeline.StoreResponses;
import qsl.gateway.Accounts;
import qsl.gateway.fix.FixConfig;
import qsl.ringbuffer.RingProducer;

/**
 * The clustered node's replicated state machine: the single node's {@link SessionMachine} (engine,
 * per-session token maps, every session's sequenced output) as an Aeron Cluster
 * {@link ClusteredService}. Requests are {@link ClusterRequestDescriptor#RECORD}s carrying the
 * node's own session-command records, sent by the members' gateways; every member applies the
 * committed log in order and writes every session's responses into its own session stores, where
 * its SoupBinTCP gateway releases them to whichever client of that user is logged in there. A
 * resting order's fills thus reach the maker's session on every member, and a client may log in
 * at any member and continue its sequence.
 *
 * <p>Aeron Cluster hands a service only committed log entries, so a response is in a store (and
 * visible to a client) only after a majority holds the command. Requests are idempotent by
 * (gateway session, token) through the {@link SessionTable}: a gateway resends what it has not
 * seen acknowledged after a failover and nothing runs twice. Each request also gets a
 * {@link ClusterResponseDescriptor} on the sending gateway's egress: its acknowledgement.
 *
 * <p>FIX: {@link ClusterRequestDescriptor#FIX} requests carry the FIX frames the members' FIX
 * ports received; every member runs the same FIX sessions on them ({@link ClusteredFix}), whose
 * commands this machine applies at the frame's log position and whose output reaches the client
 * through the member it is connected to, after the commit. A cluster timer drives their
 * heartbeats.
 *
 * <p>Snapshots ({@link NodeSnapshotDescriptor}), on request and on a {@link SnapshotPolicy}: the
 * engine (its snapshot codec), the session machine's state (the single node's
 * {@code NodeState}: counters, every session with the store counts the snapshot covers, owner and
 * token of every resting order), the FIX sessions and the session table; every session store's covered prefix is
 * forced to disk first. {@link #onStart} restores them and cuts the stores back to the covered
 * counts; the log after the snapshot appends the rest. A member can thus load only a snapshot
 * whose stores it holds: its own.
 */
public final class ClusteredNodeService implements ClusteredService {
    private final int memberId;
    private final EngineConfig config;
    private final Venue venue;
    private final Sessions sessions;
    private final int maxSessions;
    private final int maxLivePerSession;
    private final Runnable onRelease;
    private final EngineClusteredService.DigestListener listener;
    private final SnapshotPolicy policy;
    private final ClusteredFix fix;
    private final boolean[] timerFlag = new boolean[1];
    private boolean timerArmed;
    private final SessionTable table = new SessionTable();
    private final UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterResponseDescriptor.LENGTH));
    private final Arena arena = Arena.ofShared();
    private final MemorySegment record = arena.allocate(8192, 8);
    private final UnsafeBuffer recordView = new UnsafeBuffer(record.address(), (int) record.byteSize());
    private SessionMachine machine;
    private Cluster cluster;
    private IdleStrategy idle;
    private boolean released;
    private volatile long applied;
    private volatile long digest;
    private volatile int snapshotsTaken;
    private volatile boolean loadedSnapshot;
    private volatile boolean started;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;

    /**
     * @param sessions every user the accounts know, frozen (the same list on every member)
     * @param onRelease called on the service thread after new output was released (the gateway's wakeup)
     * @param snapshotEvery applied commands between snapshots ({@link SnapshotPolicy}; 0 = on request only)
     * @param fixConfig the FIX sessions' settings (the same on every member; its port is not used here)
     * @param fixOut this member's FIX port's ring (output of its connections), or null when it has none
     * @param fixPrefix {@link FixFrameDescriptor#prefix} of this member's current start
     */
    public ClusteredNodeService(int memberId, EngineConfig config, Venue venue, Sessions sessions, int maxSessions,
                                int maxLivePerSession, Runnable onRelease, EngineClusteredService.DigestListener listener,
                                long snapshotEvery, FixConfig fixConfig, Accounts accounts, RingProducer fixOut, long fixPrefix) {
        this.memberId = memberId;
        this.config = config;
        this.venue = venue;
        this.sessions = sessions;
        this.maxSessions = maxSessions;
        this.maxLivePerSession = maxLivePerSession;
        this.onRelease = onRelease;
        this.listener = listener;
        this.policy = new SnapshotPolicy(snapshotEvery);
        this.fix = new ClusteredFix(arena, fixConfig, accounts, sessions, venue, (type, b, at, length) -> {
            if (type == SessionCommandDescriptor.TYPE) {
                machine.apply(b, at);
                released = true;
            }
        }, fixOut, fixPrefix);
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        if (snapshotImage == null) {
            this.machine = new SessionMachine(config, venue, sessions, maxSessions, maxLivePerSession, new StoreResponses(sessions));
            started = true;
            return;
        }
        byte[] bytes = SnapshotStream.read(snapshotImage, idle, NodeSnapshotDescriptor.HEADER_LENGTH, NodeSnapshot::totalLength);
        String why = load(bytes);
        if (why != null) throw new IllegalStateException("node snapshot not loaded: " + why);
        applied = table.totalApplied();
        digest = machine.engine().digest();
        loadedSnapshot = true;
        released = true;
        started = true;
    }

    /**
     * Restores the machine, the engine, the session table and the stores' counts from a snapshot;
     * null when done, else why not (the member then stops: it cannot go on without its state).
     */
    private String load(byte[] bytes) {
        this.machine = new SessionMachine(venue, sessions, maxSessions, maxLivePerSession, new StoreResponses(sessions), config.maxOrders());
        NodeSnapshot.Checked c = NodeSnapshot.check(bytes, table); // the table is empty until now
        if (c instanceof NodeSnapshot.Checked.Malformed m) return "malformed at " + m.offset() + ": " + m.reason();
        NodeSnapshot.Checked.Ok ok = (NodeSnapshot.Checked.Ok) c;
        EngineSnapshotCodec.Header h = ((EngineSnapshotCodec.Decoded.Ok) EngineSnapshotCodec.decode(ok.engine())).header();
        MatchingEngine engine = new MatchingEngine(h.config(), machine);
        if (EngineSnapshotCodec.restore(ok.engine(), engine) instanceof EngineSnapshotCodec.Restored.Malformed m) {
            engine.close();
            return "engine section at " + m.offset() + ": " + m.reason();
        }
        String why = NodeRecovery.restore(engine, h.logSequence(), ok.state(), config, specs(), sessions, machine, null, true);
        if (why != null) return why;
        why = fix.restore(ok.fix(), timerFlag);
        if (why != null) return why;
        timerArmed = timerFlag[0]; // the consensus module's snapshot holds that timer
        fix.deliveredAll(); // the FIX sessions in the snapshot had every response the stores were cut back to
        return null;
    }

    private List<SymbolSpec> specs() {
        List<SymbolSpec> specs = new ArrayList<>();
        for (Venue.Symbol v : venue.symbols()) specs.add(v.spec());
        return specs;
    }

    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {}

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {}

    @Override
    public void onSessionMessage(ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
        byte kind = length >= ClusterRequestDescriptor.HEADER_LENGTH ? ClusterRequestDescriptor.kind(buffer, offset) : 0;
        long from = length >= ClusterRequestDescriptor.HEADER_LENGTH ? ClusterRequestDescriptor.session(buffer, offset) : 0;
        long token = length >= ClusterRequestDescriptor.HEADER_LENGTH ? ClusterRequestDescriptor.token(buffer, offset) : 0;
        int recordLength = length - ClusterRequestDescriptor.COMMAND_OFFSET;
        byte status = ClusterResponseDescriptor.NONE;
        if (kind == ClusterRequestDescriptor.RECORD && token > 0 && recordLength >= SessionCommandDescriptor.HEADER_LENGTH
                && recordLength <= record.byteSize()) {
            if (table.isDuplicate(from, token)) {
                status = ClusterResponseDescriptor.DUPLICATE;
            } else {
                buffer.getBytes(offset + ClusterRequestDescriptor.COMMAND_OFFSET, recordView, 0, recordLength);
                millis(timestamp);
                applyRecord(recordLength);
                table.applied(from, token);
                applied = table.totalApplied();
                status = ClusterResponseDescriptor.APPLIED;
                policy.applied(cluster);
            }
        } else if (kind == ClusterRequestDescriptor.FIX && token > 0 && recordLength >= FixFrameDescriptor.HEADER_LENGTH
                && recordLength <= record.byteSize()) {
            if (table.isDuplicate(from, token)) {
                status = ClusterResponseDescriptor.DUPLICATE;
            } else {
                buffer.getBytes(offset + ClusterRequestDescriptor.COMMAND_OFFSET, recordView, 0, recordLength);
                fix.onEvent(record, 0, recordLength, millis(timestamp));
                released = true;
                table.applied(from, token);
                applied = table.totalApplied();
                status = ClusterResponseDescriptor.APPLIED;
                armTimer(timestamp);
                policy.applied(cluster);
            }
        } else if (kind == ClusterRequestDescriptor.DIGEST) {
            long d = machine.engine().digest();
            digest = d;
            if (listener != null) {
                listener.onDigest(memberId, token, header.position(), d, machine.engine().lastSequence(), applied, table.digest());
            }
            status = ClusterResponseDescriptor.APPLIED;
        }
        ClusterResponseDescriptor.write(response, 0, kind, status, ClusterResponseDescriptor.NONE, (byte) 0, memberId, from, token,
                machine.engine().lastSequence(), 0, 0, 0);
        offer(session);
    }

    /**
     * Applies the record in {@link #record} through the session machine (its responses go to the
     * stores, released at once: the command is committed). A
     * record of a user this member does not know changes nothing (every member has the same users).
     */
    private void applyRecord(int length) {
        long user = SessionCommandDescriptor.username(record, 0);
        if (sessions.index(user) >= 0 && SessionCommandDescriptor.HEADER_LENGTH + SessionCommandDescriptor.messageLength(record, 0) == length) {
            machine.apply(record, 0);
            released = true;
            fix.settle(lastMillis); // a fill of a FIX user's resting order reaches its FIX session
        }
    }

    private long lastMillis;

    /** The log's timestamp in milliseconds: the FIX sessions' clock (the same on every member). */
    private long millis(long timestamp) {
        lastMillis = cluster.timeUnit().toMillis(timestamp);
        return lastMillis;
    }

    /** Schedules the FIX timer while FIX connections are open (deterministic: every member does it at the same point). */
    private void armTimer(long timestamp) {
        if (timerArmed || fix.connections() == 0) return;
        long deadline = timestamp + cluster.timeUnit().convert(ClusteredFix.TIMER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        while (!cluster.scheduleTimer(ClusteredFix.TIMER_ID, deadline)) idle.idle();
        timerArmed = true;
    }

    private void offer(ClientSession session) {
        EgressOffer.offer(session, response, 0, ClusterResponseDescriptor.LENGTH, idle);
    }

    @Override
    public int doBackgroundWork(long nowNs) {
        if (!released) return 0;
        released = false;
        onRelease.run();
        return 1;
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {
        if (correlationId != ClusteredFix.TIMER_ID) return;
        timerArmed = false;
        fix.onTimer(millis(timestamp));
        released = true;
        armTimer(timestamp);
    }

    @Override
    public void onTakeSnapshot(ExclusivePublication publication) {
        MatchingEngine engine = machine.engine();
        byte[] engineSection = EngineSnapshotCodec.encode(engine, engine.config(), specs(), table.totalApplied());
        byte[] state = new byte[machine.stateLength()];
        machine.encodeState(MemorySegment.ofArray(state));
        for (int i = 0; i < NodeState.sessions(state); i++) {
            SessionStore store = sessions.get(i).store();
            // The snapshot covers exactly what the stores hold now (every applied command's
            // responses); forced first, so a member loading it finds at least that much on disk.
            NodeState.storeCounts(state, i, store.written(), store.writtenBytes());
            store.force(store.written(), store.writtenBytes());
        }
        SnapshotStream.write(publication, NodeSnapshot.encode(engineSection, state, fix.encode(timerArmed), table), idle);
        policy.snapshotTaken();
        snapshotsTaken++;
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {
        role = newRole;
    }

    @Override
    public void onTerminate(Cluster cluster) {}

    /** Releases the machine's memory; after the member stopped. */
    public void close() {
        if (machine != null) machine.close();
        arena.close();
    }

    /** The session machine (read its state only after the member stopped). */
    public SessionMachine machine() {
        return machine;
    }

    /** The replicated FIX sessions (read only after the member stopped, or in tests). */
    public qsl.gateway.fix.FixSessions fixSessions() {
        return fix.sessions();
    }

    /** Open FIX connections in the replicated state (any thread; a recent value). */
    public int fixConnections() {
        return fix.connections();
    }

    /**
     * The FIX sessions' state as the snapshot encodes it, for tests comparing members: read from
     * another thread while the service may be changing it, so null when that read tore.
     */
    public byte[] fixState() {
        try {
            return fix.encode(timerArmed);
        } catch (RuntimeException torn) {
            return null;
        }
    }

    /** Requests applied so far (any thread). */
    public long applied() {
        return applied;
    }

    /** The engine digest at the last DIGEST request or snapshot load (any thread). */
    public long digest() {
        return digest;
    }

    public int snapshotsTaken() {
        return snapshotsTaken;
    }

    /** Whether {@link #onStart} has run (any thread); {@link #loadedSnapshot()} is final from then on. */
    public boolean started() {
        return started;
    }

    public boolean loadedSnapshot() {
        return loadedSnapshot;
    }

    public Cluster.Role role() {
        return role;
    }
}
