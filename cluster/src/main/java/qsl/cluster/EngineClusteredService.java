package qsl.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import java.nio.ByteBuffer;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import qsl.book.EngineConfig;
import qsl.book.SymbolSpec;

/**
 * The matching engine as an Aeron Cluster {@link ClusteredService}: every member runs one, and
 * each applies the committed log's requests ({@link ClusterRequestDescriptor}) in log order
 * through a {@link ReplicatedEngine}, so every member's engine goes through the same states.
 *
 * <p>Determinism: the engine sees only the command bytes. The cluster timestamp, the member's
 * role and the wall clock never reach it. Requests are idempotent by (session, token): a token
 * not above its session's last applied one is answered {@link ClusterResponseDescriptor#DUPLICATE}
 * and not run, so a gateway may resend whatever it has not seen acknowledged after a failover.
 *
 * <p>Responses ({@link ClusterResponseDescriptor}) go to the requesting client session's egress.
 * Aeron Cluster hands the service a log message only once a majority of members holds it, so a
 * response never precedes the commit of its request. Only the leader's responses leave the member.
 *
 * <p>Snapshots: on request, and on a {@link SnapshotPolicy} (every N applied commands) when one
 * is given. {@link #onTakeSnapshot} writes a {@link ServiceSnapshot} (the engine snapshot codec
 * plus the session table) in chunks; {@link #onStart} loads the latest one, and the cluster then
 * replays the log after it.
 */
public final class EngineClusteredService implements ClusteredService {
    /** Receives each member's report for a {@link ClusterRequestDescriptor#DIGEST} request (member's service thread). */
    public interface DigestListener {
        void onDigest(int memberId, long token, long logPosition, long engineDigest, long engineSequence, long applied,
                      long sessionDigest);
    }

    private final int memberId;
    private final EngineConfig config;
    private final List<SymbolSpec> symbols;
    private final DigestListener listener;
    private final SnapshotPolicy policy;
    private final UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterResponseDescriptor.LENGTH));
    private ReplicatedEngine state;
    private Cluster cluster;
    private IdleStrategy idle;
    private volatile long applied;
    private volatile int snapshotsTaken;
    private volatile boolean loadedSnapshot;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;

    /**
     * @param memberId this member's id, put in every response (Aeron tells the service its id only
     *     after {@link #onStart}, so it is given here)
     */
    public EngineClusteredService(int memberId, EngineConfig config, List<SymbolSpec> symbols, DigestListener listener) {
        this(memberId, config, symbols, listener, 0);
    }

    /** As above, and asks for a snapshot after every {@code snapshotEvery} applied commands ({@link SnapshotPolicy}; 0 = on request only). */
    public EngineClusteredService(int memberId, EngineConfig config, List<SymbolSpec> symbols, DigestListener listener,
                                  long snapshotEvery) {
        this.policy = new SnapshotPolicy(snapshotEvery);
        this.memberId = memberId;
        this.config = config;
        this.symbols = List.copyOf(symbols);
        this.listener = listener;
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        if (snapshotImage == null) {
            state = ReplicatedEngine.fresh(config, symbols, memberId);
            return;
        }
        ReplicatedEngine.Restored r = ReplicatedEngine.fromSnapshot(readSnapshot(snapshotImage), memberId);
        if (r instanceof ReplicatedEngine.Restored.Malformed m) {
            throw new IllegalStateException("cluster snapshot malformed at " + m.offset() + ": " + m.reason());
        }
        state = ((ReplicatedEngine.Restored.Ok) r).engine();
        applied = state.applied();
        loadedSnapshot = true;
    }

    private byte[] readSnapshot(Image image) {
        return SnapshotStream.read(image, idle, ServiceSnapshotDescriptor.HEADER_LENGTH, ServiceSnapshot::totalLength);
    }

    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {}

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {}

    @Override
    public void onSessionMessage(ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length,
                                 Header header) {
        long position = header.position();
        long before = state.applied();
        byte reported = state.handle(buffer, offset, length, position, response);
        applied = state.applied();
        if (applied != before) policy.applied(cluster);
        if (reported == ClusterRequestDescriptor.DIGEST && listener != null) {
            listener.onDigest(memberId, ClusterResponseDescriptor.token(response, 0), position, state.digest(),
                    state.engineSequence(), state.applied(), state.sessionDigest());
        }
        send(session);
    }

    /** Offers the response ({@link EgressOffer}: dropped after a few attempts; the gateway resends). */
    private void send(ClientSession session) {
        EgressOffer.offer(session, response, 0, ClusterResponseDescriptor.LENGTH, idle);
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {}

    @Override
    public void onTakeSnapshot(ExclusivePublication publication) {
        SnapshotStream.write(publication, state.snapshot(cluster.logPosition()), idle);
        policy.snapshotTaken();
        snapshotsTaken++;
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {
        role = newRole;
    }

    @Override
    public void onTerminate(Cluster cluster) {
        if (state != null) state.close();
    }

    /** Commands applied so far (any thread). */
    public long applied() {
        return applied;
    }

    /** Snapshots this member has written since it started (any thread). */
    public int snapshotsTaken() {
        return snapshotsTaken;
    }

    /** Whether this member started from a snapshot (any thread). */
    public boolean loadedSnapshot() {
        return loadedSnapshot;
    }

    /** This member's role as last told by the cluster (any thread). */
    public Cluster.Role role() {
        return role;
    }
}
