package qsl.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import java.io.File;
import java.nio.ByteBuffer;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import qsl.book.CommandDescriptor;

/**
 * The gateway's side of the cluster: an Aeron Cluster client that forwards engine commands
 * through the ingress and hands each one's acknowledgement to a {@link Listener} once the
 * clustered engine has answered it, which it does only after the cluster committed the command.
 *
 * <p>Every command is kept until acknowledged, in send order. When a new leader is elected (or
 * the client had to reconnect, or nothing was acknowledged for {@code resendAfterMs}) every
 * unacknowledged command is sent again, oldest first; the engine answers those it already applied
 * {@link ClusterResponseDescriptor#DUPLICATE} without running them again, so a failover neither
 * loses nor doubles a command. Tokens must be strictly increasing per session.
 *
 * <p>Single-threaded: one thread calls {@link #send}, {@link #poll} and the rest.
 */
public final class ClusterGateway implements AutoCloseable {
    /** Receives acknowledgements and replies, on the thread calling {@link #poll()}. */
    public interface Listener {
        /** A command's acknowledgement; {@code roundTripNs} from its first send. */
        void onAck(long session, long token, byte status, byte outcome, byte reason, long sequence, long orderId,
                   long filled, int member, long roundTripNs);

        /** The reply to {@link #check}: how many of the session's commands the cluster applied, and their token hash. */
        default void onCheck(long session, long applied, long tokenHash, long lastToken) {}

        /** The leader's reply to {@link #digest}. */
        default void onDigest(long token, int member, long engineDigest, long engineSequence, long logPosition, long applied) {}

        /** A new leader was announced; unacknowledged commands are being resent to it. */
        default void onNewLeader(int leaderMemberId) {}
    }

    private static final long NO_SLOT = -1;
    /** A session that has sent nothing for this long sends a keep-alive (the cluster closes silent sessions). */
    private static final long KEEP_ALIVE_NS = 1_000_000_000L;

    private final ClusterLayout layout;
    private final Listener listener;
    private final MediaDriver driver;
    private final int slotBytes;
    private final int[] lengths;
    private final AeronCluster.Context clientCtx;
    private final int capacity;
    private final UnsafeBuffer pending;
    private final java.lang.foreign.MemorySegment pendingView;
    private final long[] sentAtNs;
    private final boolean[] acked;
    private final Long2LongHashMap positions = new Long2LongHashMap(NO_SLOT);
    private final UnsafeBuffer control = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterRequestDescriptor.HEADER_LENGTH));
    private final long resendAfterNs;
    private AeronCluster cluster;
    private long head;
    private long cursor;
    private long tail;
    private long lastProgressNs;
    private long lastSendNs;
    private long resends;
    private long reconnects;
    private int leader = -1;
    private volatile boolean abandoned;

    /**
     * Starts the gateway's own media driver in {@code aeronDir} and connects to the cluster.
     *
     * @param capacity most unacknowledged commands held at once (a power of two)
     */
    public ClusterGateway(ClusterLayout layout, File aeronDir, String host, int capacity, long resendAfterMs,
                          long maxParkMicros, Listener listener) {
        this(layout, aeronDir, null, host, capacity, ClusterRequestDescriptor.COMMAND_LENGTH, resendAfterMs, maxParkMicros, listener);
    }

    /**
     * A gateway that uses an already running media driver (a clustered node's own member's) and
     * sends requests of up to {@code maxRequestBytes} (for {@link #sendRecord}).
     */
    public static ClusterGateway sharingDriver(ClusterLayout layout, String aeronDirectoryName, String host, int capacity,
                                               int maxRequestBytes, long resendAfterMs, long maxParkMicros, Listener listener) {
        return new ClusterGateway(layout, null, aeronDirectoryName, host, capacity, maxRequestBytes, resendAfterMs, maxParkMicros,
                listener);
    }

    private ClusterGateway(ClusterLayout layout, File ownDriverDir, String sharedDriverDir, String host, int capacity,
                           int maxRequestBytes, long resendAfterMs, long maxParkMicros, Listener listener) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        this.layout = layout;
        this.listener = listener;
        this.capacity = capacity;
        this.slotBytes = (Math.max(maxRequestBytes, ClusterRequestDescriptor.COMMAND_LENGTH) + 7) & ~7;
        this.pending = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * slotBytes));
        this.lengths = new int[capacity];
        this.sentAtNs = new long[capacity];
        this.acked = new boolean[capacity];
        this.resendAfterNs = resendAfterMs * 1_000_000L;
        this.pendingView = java.lang.foreign.MemorySegment.ofBuffer(pending.byteBuffer());
        this.driver = ownDriverDir == null ? null : MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(ownDriverDir.getAbsolutePath())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ClusterMemberNode.backoff(maxParkMicros).get())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(256 * 1024)
                .ipcTermBufferLength(256 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        this.clientCtx = new AeronCluster.Context()
                .aeronDirectoryName(driver != null ? driver.aeronDirectoryName() : sharedDriverDir)
                .ingressChannel("aeron:udp?term-length=256k")
                .ingressEndpoints(layout.ingressEndpoints())
                .egressChannel("aeron:udp?endpoint=" + host + ":0|term-length=256k")
                .idleStrategy(ClusterMemberNode.backoff(maxParkMicros).get())
                .egressListener(new Egress())
                // Aeron's default handler exits the JVM when the driver goes away; a gateway sharing
                // its member's driver sees that at every member shutdown. Report instead, unless closing.
                .errorHandler(t -> {
                    if (!abandoned) t.printStackTrace();
                });
        connect();
    }

    private void connect() {
        while (true) {
            if (abandoned) throw new IllegalStateException("cluster gateway abandoned while connecting");
            try {
                cluster = AeronCluster.connect(clientCtx.clone());
                leader = cluster.leaderMemberId();
                cursor = head;
                lastProgressNs = System.nanoTime();
                return;
            } catch (AeronException e) {
                reconnects++;
                // No leader reachable yet (an election is running): try again.
            }
        }
    }

    private static long key(long session, long token) {
        return (session << 40) ^ token;
    }

    /** Free room for commands not yet acknowledged. */
    public int room() {
        return capacity - (int) (tail - head);
    }

    /** Commands sent (or queued) and not yet acknowledged. */
    public int outstanding() {
        return (int) (tail - head);
    }

    /**
     * Queues one engine command ({@link CommandDescriptor#LENGTH} bytes at {@code commandOffset})
     * for (session, token) and sends it as soon as the ingress takes it. False when full.
     */
    public boolean send(long session, long token, DirectBuffer command, int commandOffset) {
        if (room() == 0) return false;
        int at = (int) (tail & (capacity - 1)) * slotBytes;
        ClusterRequestDescriptor.writeHeader(pending, at, ClusterRequestDescriptor.COMMAND, session, token);
        pending.putBytes(at + ClusterRequestDescriptor.COMMAND_OFFSET, command, commandOffset, CommandDescriptor.LENGTH);
        queued(session, token, ClusterRequestDescriptor.COMMAND_LENGTH);
        return true;
    }

    /**
     * Queues one {@link ClusterRequestDescriptor#RECORD} request carrying {@code length} bytes of
     * {@code record} at {@code offset} for (session, token), and sends it as soon as the ingress
     * takes it. False when full; an exception when the record is longer than the gateway's slots.
     */
    public boolean sendRecord(long session, long token, java.lang.foreign.MemorySegment record, long offset, int length) {
        return sendRecord(ClusterRequestDescriptor.RECORD, session, token, record, offset, length);
    }

    /** {@link #sendRecord(long, long, java.lang.foreign.MemorySegment, long, int)} as a request of {@code kind} ({@code RECORD} or {@code FIX}). */
    public boolean sendRecord(byte kind, long session, long token, java.lang.foreign.MemorySegment record, long offset, int length) {
        if (ClusterRequestDescriptor.HEADER_LENGTH + length > slotBytes) throw new IllegalArgumentException("record too long: " + length);
        if (room() == 0) return false;
        int at = (int) (tail & (capacity - 1)) * slotBytes;
        ClusterRequestDescriptor.writeHeader(pending, at, kind, session, token);
        java.lang.foreign.MemorySegment.copy(record, offset, pendingView, at + ClusterRequestDescriptor.COMMAND_OFFSET, length);
        queued(session, token, ClusterRequestDescriptor.HEADER_LENGTH + length);
        return true;
    }

    private void queued(long session, long token, int length) {
        int slot = (int) (tail & (capacity - 1));
        lengths[slot] = length;
        sentAtNs[slot] = System.nanoTime();
        acked[slot] = false;
        positions.put(key(session, token), tail);
        tail++;
        flush();
    }

    /** Sends what the ingress has not taken yet, oldest first. */
    private void flush() {
        while (cursor < tail) {
            int slot = (int) (cursor & (capacity - 1));
            if (acked[slot]) {
                cursor++;
                continue;
            }
            long r = cluster.offer(pending, slot * slotBytes, lengths[slot]);
            if (r < 0) return;
            lastSendNs = System.nanoTime();
            cursor++;
        }
    }

    /** Asks for the session's applied count and token hash (answered through {@link Listener#onCheck}). */
    public boolean check(long session) {
        ClusterRequestDescriptor.writeHeader(control, 0, ClusterRequestDescriptor.CHECK, session, 0);
        return cluster.offer(control, 0, ClusterRequestDescriptor.HEADER_LENGTH) > 0;
    }

    /** Asks every member to report its digest at this point of the log (the leader's reply goes to {@link Listener#onDigest}). */
    public boolean digest(long token) {
        ClusterRequestDescriptor.writeHeader(control, 0, ClusterRequestDescriptor.DIGEST, 0, token);
        return cluster.offer(control, 0, ClusterRequestDescriptor.HEADER_LENGTH) > 0;
    }

    /** Asks the cluster to take a snapshot (an admin request to the leader). */
    public boolean requestSnapshot(long correlationId) {
        return cluster.sendAdminRequestToTakeASnapshot(correlationId);
    }

    /** Polls the egress, resends after a leader change or a stall, and sends queued commands. Returns work done. */
    public int poll() {
        if (cluster.isClosed()) {
            reconnects++;
            CloseHelper.quietClose(cluster);
            connect();
        }
        int work;
        try {
            work = cluster.pollEgress();
        } catch (AeronException e) {
            CloseHelper.quietClose(cluster);
            reconnects++;
            connect();
            return 1;
        }
        while (head < tail && acked[(int) (head & (capacity - 1))]) head++;
        if (cursor < head) cursor = head;
        long now = System.nanoTime();
        if (head < tail && now - lastProgressNs > resendAfterNs && cursor > head) {
            resends++;
            cursor = head;
            lastProgressNs = now;
        }
        if (cursor < tail) flush();
        if (now - lastSendNs > KEEP_ALIVE_NS && cluster.sendKeepAlive()) lastSendNs = now;
        return work;
    }

    /** The member that sent the latest response (only a leader does), or the leader the client was last told of. */
    public int leaderMemberId() {
        return leader;
    }

    /** How often every unacknowledged command was resent after a stall. */
    public long stallResends() {
        return resends;
    }

    public long reconnects() {
        return reconnects;
    }

    private final class Egress implements EgressListener {
        @Override
        public void onMessage(long clusterSessionId, long timestamp, DirectBuffer buffer, int offset, int length, Header header) {
            if (length < ClusterResponseDescriptor.LENGTH) return;
            byte kind = ClusterResponseDescriptor.kind(buffer, offset);
            long session = ClusterResponseDescriptor.session(buffer, offset);
            long token = ClusterResponseDescriptor.token(buffer, offset);
            int member = ClusterResponseDescriptor.member(buffer, offset);
            leader = member; // only the leader's service sends responses
            switch (kind) {
                case ClusterRequestDescriptor.COMMAND, ClusterRequestDescriptor.RECORD, ClusterRequestDescriptor.FIX -> {
                    byte status = ClusterResponseDescriptor.status(buffer, offset);
                    if (status != ClusterResponseDescriptor.APPLIED && status != ClusterResponseDescriptor.DUPLICATE) return;
                    long k = key(session, token);
                    long position = positions.remove(k);
                    if (position == NO_SLOT) return; // an answer to a resend already acknowledged
                    int slot = (int) (position & (capacity - 1));
                    acked[slot] = true;
                    lastProgressNs = System.nanoTime();
                    listener.onAck(session, token, status, ClusterResponseDescriptor.outcome(buffer, offset),
                            ClusterResponseDescriptor.reason(buffer, offset), ClusterResponseDescriptor.a(buffer, offset),
                            ClusterResponseDescriptor.b(buffer, offset), ClusterResponseDescriptor.c(buffer, offset), member,
                            lastProgressNs - sentAtNs[slot]);
                }
                case ClusterRequestDescriptor.CHECK -> listener.onCheck(session, ClusterResponseDescriptor.a(buffer, offset),
                        ClusterResponseDescriptor.b(buffer, offset), ClusterResponseDescriptor.c(buffer, offset));
                case ClusterRequestDescriptor.DIGEST -> listener.onDigest(token, member, ClusterResponseDescriptor.a(buffer, offset),
                        ClusterResponseDescriptor.b(buffer, offset), ClusterResponseDescriptor.c(buffer, offset),
                        ClusterResponseDescriptor.d(buffer, offset));
                default -> {}
            }
        }

        @Override
        public void onNewLeader(long clusterSessionId, long leadershipTermId, int leaderMemberId, String ingressEndpoints) {
            leader = leaderMemberId;
            cursor = head;
            lastProgressNs = System.nanoTime();
            listener.onNewLeader(leaderMemberId);
        }
    }

    /** Any thread: a {@link #poll()} that must reconnect gives up (throws) instead of waiting for a leader. */
    public void abandon() {
        abandoned = true;
    }

    @Override
    public void close() {
        CloseHelper.closeAll(cluster, driver);
    }
}
