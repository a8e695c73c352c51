package qsl.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import qsl.book.EngineConfig;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.pipeline.SessionMachine;
import qsl.gateway.pipeline.StoreResponses;

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
 * <p>Snapshots ({@link NodeSnapshotDescriptor}): the applied records plus the session table, on
 * request and on a {@link SnapshotPolicy}; {@link #onStart} replays them.
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
    private final SessionTable table = new SessionTable();
    private final UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterResponseDescriptor.LENGTH));
    private final ExpandableDirectByteBuffer history = new ExpandableDirectByteBuffer(1 << 20);
    private final Arena arena = Arena.ofShared();
    private final MemorySegment record = arena.allocate(4096, 8);
    private final UnsafeBuffer recordView = new UnsafeBuffer(record.address(), (int) record.byteSize());
    private SessionMachine machine;
    private Cluster cluster;
    private IdleStrategy idle;
    private int historyBytes;
    private int historyRecords;
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
     */
    public ClusteredNodeService(int memberId, EngineConfig config, Venue venue, Sessions sessions, int maxSessions,
                                int maxLivePerSession, Runnable onRelease, EngineClusteredService.DigestListener listener,
                                long snapshotEvery) {
        this.memberId = memberId;
        this.config = config;
        this.venue = venue;
        this.sessions = sessions;
        this.maxSessions = maxSessions;
        this.maxLivePerSession = maxLivePerSession;
        this.onRelease = onRelease;
        this.listener = listener;
        this.policy = new SnapshotPolicy(snapshotEvery);
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        this.machine = new SessionMachine(config, venue, sessions, maxSessions, maxLivePerSession, new StoreResponses(sessions));
        if (snapshotImage == null) {
            started = true;
            return;
        }
        byte[] bytes = SnapshotStream.read(snapshotImage, idle, NodeSnapshotDescriptor.HEADER_LENGTH, NodeSnapshot::totalLength);
        NodeSnapshot.Checked c = NodeSnapshot.check(bytes, (seg, off, len) -> {
            MemorySegment.copy(seg, off, record, 0, len);
            applyRecord(len);
        }, table);
        if (c instanceof NodeSnapshot.Checked.Malformed m) {
            throw new IllegalStateException("node snapshot malformed at " + m.offset() + ": " + m.reason());
        }
        applied = table.totalApplied();
        digest = machine.engine().digest();
        loadedSnapshot = true;
        released = true;
        started = true;
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
                applyRecord(recordLength);
                table.applied(from, token);
                applied = table.totalApplied();
                status = ClusterResponseDescriptor.APPLIED;
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
     * stores, released at once: the command is committed) and keeps it for the next snapshot. A
     * record of a user this member does not know changes nothing (every member has the same users).
     */
    private void applyRecord(int length) {
        long user = SessionCommandDescriptor.username(record, 0);
        if (sessions.index(user) >= 0 && SessionCommandDescriptor.HEADER_LENGTH + SessionCommandDescriptor.messageLength(record, 0) == length) {
            machine.apply(record, 0);
            released = true;
        }
        history.putInt(historyBytes, length);
        history.putBytes(historyBytes + 4, recordView, 0, length);
        historyBytes += 4 + length;
        historyRecords++;
    }

    private void offer(ClientSession session) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            long r = session.offer(response, 0, ClusterResponseDescriptor.LENGTH);
            if (r > 0) return;
            if (r == Publication.NOT_CONNECTED || r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED) return;
            idle.idle();
        }
    }

    @Override
    public int doBackgroundWork(long nowNs) {
        if (!released) return 0;
        released = false;
        onRelease.run();
        return 1;
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {}

    @Override
    public void onTakeSnapshot(ExclusivePublication publication) {
        SnapshotStream.write(publication, NodeSnapshot.encode(history, historyBytes, historyRecords, table), idle);
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
