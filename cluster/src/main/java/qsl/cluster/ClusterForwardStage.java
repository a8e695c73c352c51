package qsl.cluster;

import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;
import qsl.gateway.SessionCommandDescriptor;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;

/**
 * The clustered node's engine stage: where the single node's engine thread applies each session
 * command from the gateways' rings, this thread forwards it, unchanged, through the cluster's
 * ingress as a {@link ClusterRequestDescriptor#RECORD} (via a {@link ClusterGateway} on the
 * member's own media driver) and applies nothing itself. The member's {@link ClusteredNodeService}
 * applies it once the cluster has committed it and releases its responses to the sessions. FIX
 * connection events ({@link FixFrameDescriptor}, from the member's FIX port's ring) go the same
 * way as {@link ClusterRequestDescriptor#FIX} requests, in one token sequence with the rest.
 *
 * <p>Requests carry (this gateway's session, token): the session is the member id, the token
 * {@code epoch << 32 | count}, where the epoch grows at every start of the node, so tokens keep
 * increasing across restarts. The {@link ClusterGateway} keeps each request until the leader
 * acknowledged it and resends the rest after a leader change; the service answers a resend it
 * already applied as a duplicate.
 */
public final class ClusterForwardStage implements Runnable, RecordHandler {
    private final RingConsumer[] inbound;
    private final Supplier<ClusterGateway> connect;
    private final long session;
    private final IdleStrategy idle;
    private ClusterGateway gateway;
    private long token;
    private volatile ClusterGateway live;
    private volatile boolean stop;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile long forwarded;

    /**
     * @param connect makes the gateway (it waits for a leader), called on this stage's thread
     * @param epoch this start's epoch (positive, increasing across starts of the node)
     */
    public ClusterForwardStage(RingConsumer[] inbound, Supplier<ClusterGateway> connect, long session, long epoch, IdleStrategy idle) {
        if (epoch <= 0 || epoch >= (1L << 31)) throw new IllegalArgumentException("epoch out of range: " + epoch);
        this.inbound = inbound;
        this.connect = connect;
        this.session = session;
        this.token = epoch << 32;
        this.idle = idle;
    }

    @Override
    public void run() {
        try {
            gateway = connect.get();
            live = gateway;
            while (!stop) {
                int n = 0;
                int room = gateway.room();
                if (room > 0) {
                    for (RingConsumer c : inbound) {
                        int got = c.poll(this, room);
                        n += got;
                        room -= got;
                        if (room == 0) break;
                    }
                }
                n += gateway.poll();
                if (n > 0) idle.reset();
                else idle.idle();
            }
        } catch (Throwable t) {
            if (!stop) {
                failure = t;
                t.printStackTrace();
            }
        } finally {
            if (gateway != null) gateway.close();
            done = true;
        }
    }

    @Override
    public void onRecord(int type, MemorySegment buffer, long offset, int length) {
        byte kind = type == SessionCommandDescriptor.TYPE ? ClusterRequestDescriptor.RECORD
                : type == FixFrameDescriptor.TYPE ? ClusterRequestDescriptor.FIX : 0;
        if (kind == 0) return;
        if (!gateway.sendRecord(kind, session, ++token, buffer, offset, length)) throw new IllegalStateException("no room (polled past room)");
        forwarded++;
    }

    /** Commands forwarded since start (any thread). */
    public long forwarded() {
        return forwarded;
    }

    /** Forwarded commands the leader has not acknowledged yet (any thread; a recent value). */
    public int outstanding() {
        ClusterGateway g = live;
        return g == null ? 0 : g.outstanding();
    }

    /** Stops the thread (it closes its cluster client); commands not yet acknowledged are not waited for. */
    public void stop() {
        stop = true;
        ClusterGateway g = live;
        if (g != null) g.abandon();
    }

    public boolean done() {
        return done;
    }

    public Throwable failure() {
        return failure;
    }
}
