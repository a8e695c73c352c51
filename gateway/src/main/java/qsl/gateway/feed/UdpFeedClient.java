package qsl.gateway.feed;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import qsl.protocol.mold.MoldRequestDescriptor;

/**
 * A {@link FeedClient} on UDP: one socket, connected to the feed's UDP port, receives the stream
 * and the retransmissions and sends re-requests and subscription renewals (a request with count
 * 0, every second); snapshots through a {@link TcpSnapshotSource}. {@link #poll} does everything
 * on the caller's thread without blocking, except while a snapshot loads. Allocation-free in the
 * steady state.
 */
public final class UdpFeedClient implements AutoCloseable, RequestOut {
    /** Subscription renewal period. */
    public static final long RENEW_NANOS = 1_000_000_000L;

    private final DatagramChannel channel;
    private final FeedClient client;
    private final MemorySegment packet;
    private final ByteBuffer packetBuffer;
    private final MemorySegment request;
    private final ByteBuffer requestBuffer;
    private final MemorySegment outSegment;
    private final ByteBuffer outBuffer;
    private long lastRenew = Long.MIN_VALUE / 2;
    /** Test hook: drop this fraction of received packets (loss injection on a real socket). */
    private volatile double dropFraction;
    private volatile long dropFrom;
    private volatile long dropTo;
    private long dropSeed = 0x9E3779B97F4A7C15L;
    private long received;
    private long droppedOnPurpose;

    /** A client that joins with a snapshot. */
    public UdpFeedClient(InetSocketAddress feed, InetSocketAddress snapshots, int maxSymbols, int maxOrders, int maxLevelsPerSide,
                         FeedListener listener, Arena arena) throws IOException {
        this(feed, snapshots, maxSymbols, maxOrders, maxLevelsPerSide, true, listener, arena);
    }

    /**
     * @param startFromSnapshot join with a snapshot (true) or re-request from sequence 1 (false). The snapshot is
     *     served by the feed owner's thread, so a client polled on that same thread must not need one.
     */
    public UdpFeedClient(InetSocketAddress feed, InetSocketAddress snapshots, int maxSymbols, int maxOrders, int maxLevelsPerSide,
                         boolean startFromSnapshot, FeedListener listener, Arena arena) throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress(feed.getAddress(), 0));
        channel.connect(feed);
        channel.configureBlocking(false);
        packet = arena.allocate(65_536, 8);
        packetBuffer = packet.asByteBuffer();
        request = arena.allocate(MoldRequestDescriptor.LENGTH, 8);
        requestBuffer = request.asByteBuffer();
        outSegment = arena.allocate(MoldRequestDescriptor.LENGTH, 8);
        outBuffer = outSegment.asByteBuffer();
        client = new FeedClient(maxSymbols, maxOrders, maxLevelsPerSide, 1 << 16, 1_000_000L, 20_000_000L, startFromSnapshot, this,
                new TcpSnapshotSource(snapshots, 5_000), listener, arena);
    }

    public FeedClient client() { return client; }

    /** Receives everything waiting, renews the subscription when due, runs the client's timers. Returns packets received. */
    public int poll(long now) {
        if (now - lastRenew >= RENEW_NANOS) {
            MoldRequestDescriptor.write(request, 0, client.session(), 0, 0, 0);
            send(request, MoldRequestDescriptor.LENGTH);
            lastRenew = now;
        }
        int n = 0;
        while (n < 1024) {
            packetBuffer.clear();
            int len;
            try {
                len = channel.read(packetBuffer);
            } catch (IOException e) {
                break; // e.g. ICMP port unreachable while the server restarts
            }
            if (len <= 0) break;
            n++;
            received++;
            if ((received > dropFrom && received <= dropTo) || (dropFraction > 0 && nextDouble() < dropFraction)) {
                droppedOnPurpose++;
                continue;
            }
            client.onPacket(packet, 0, len, now);
        }
        client.poll(now);
        return n;
    }

    @Override
    public void send(MemorySegment req, int length) {
        MemorySegment.copy(req, 0, outSegment, 0, length);
        outBuffer.clear().limit(length);
        try {
            channel.write(outBuffer);
        } catch (IOException e) {
            // lost; the client retries
        }
    }

    /** Loss injection for the demo: drop the received packets numbered {@code from + 1 .. to} (counting from 1). */
    public void dropPackets(long from, long to) {
        this.dropFrom = from;
        this.dropTo = to;
    }

    /** Loss injection for tests and the demo: drop this fraction of received packets before the client sees them. */
    public void dropFraction(double fraction) { this.dropFraction = fraction; }

    public long received() { return received; }

    public long droppedOnPurpose() { return droppedOnPurpose; }

    private double nextDouble() {
        long z = (dropSeed += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
