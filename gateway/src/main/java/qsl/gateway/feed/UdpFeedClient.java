package qsl.gateway.feed;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import qsl.protocol.mold.MoldPacketDescriptor;
import qsl.protocol.mold.MoldRequestDescriptor;

/**
 * A {@link FeedClient} on UDP: one socket, connected to the feed's UDP port, receives the stream
 * and the retransmissions and sends re-requests and subscription renewals (a request with count
 * 0, every second, which the server answers with a heartbeat carrying the next sequence number,
 * so the client learns of a lost tail within a second even when the publisher's own heartbeats
 * were lost too); snapshots through a {@link TcpSnapshotSource}. {@link #poll} does everything on
 * the caller's thread without blocking, except while a snapshot loads. Allocation-free in the
 * steady state.
 *
 * <p>Multicast: built with a group, the client also joins it (a second socket bound to the
 * group's port) and takes the stream from there; it does not subscribe by unicast, and instead
 * of the renewal it sends, every second, a re-request of one message from its next expected
 * sequence number (answered with that message, or with a heartbeat carrying the next sequence
 * number when it is not yet published), which finds a lost tail the same way.
 */
public final class UdpFeedClient implements AutoCloseable, RequestOut {
    /** Subscription renewal period. */
    public static final long RENEW_NANOS = 1_000_000_000L;

    private final DatagramChannel channel;
    private final DatagramChannel group;
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
    private long dataReceived;
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
        this(feed, snapshots, null, null, maxSymbols, maxOrders, maxLevelsPerSide, startFromSnapshot, listener, arena);
    }

    /**
     * @param multicast the group (and port) the feed sends its stream to, or null: subscribe by unicast
     * @param multicastInterface the interface to join the group on, or null: the one holding
     *     {@code feed}'s address when it is a local one (loopback), otherwise the system's choice
     */
    public UdpFeedClient(InetSocketAddress feed, InetSocketAddress snapshots, InetSocketAddress multicast, NetworkInterface multicastInterface,
                         int maxSymbols, int maxOrders, int maxLevelsPerSide, boolean startFromSnapshot, FeedListener listener,
                         Arena arena) throws IOException {
        if (multicast != null) {
            InetAddress g = multicast.getAddress();
            if (!g.isMulticastAddress()) throw new IllegalArgumentException(multicast + " is not a multicast group");
            NetworkInterface nif = multicastInterface != null ? multicastInterface : NetworkInterface.getByInetAddress(feed.getAddress());
            group = DatagramChannel.open(FeedServer.family(g));
            try {
                group.setOption(StandardSocketOptions.SO_REUSEADDR, true); // several listeners of one group on a host
                group.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                group.bind(new InetSocketAddress(g, multicast.getPort())); // only this group's datagrams
                if (nif != null) group.join(g, nif);
                else group.join(g, defaultInterface(g));
                group.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                group.close();
                throw e;
            }
        } else {
            group = null;
        }
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        // The feed's own address when it is on this host (a loopback feed answers loopback addresses); any otherwise.
        boolean local = feed.getAddress().isLoopbackAddress() || NetworkInterface.getByInetAddress(feed.getAddress()) != null;
        channel.bind(new InetSocketAddress(local ? feed.getAddress() : null, 0));
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

    /**
     * Receives everything waiting, renews the subscription (or, on multicast, asks for the tail) when
     * due, runs the client's timers. Returns packets received.
     */
    public int poll(long now) {
        if (now - lastRenew >= RENEW_NANOS) {
            if (group == null) {
                MoldRequestDescriptor.write(request, 0, client.session(), 0, 0, 0);
            } else {
                MoldRequestDescriptor.write(request, 0, client.session(), 0, client.expected(), 1);
            }
            send(request, MoldRequestDescriptor.LENGTH);
            lastRenew = now;
        }
        int n = receive(channel, now);
        if (group != null) n += receive(group, now);
        client.poll(now);
        return n;
    }

    private int receive(DatagramChannel from, long now) {
        int n = 0;
        while (n < 1024) {
            packetBuffer.clear();
            int len;
            try {
                if (from == channel) {
                    len = from.read(packetBuffer);
                } else {
                    // The group's socket is not connected (its datagrams come from the publisher's address): receive.
                    len = from.receive(packetBuffer) == null ? 0 : packetBuffer.position();
                }
            } catch (IOException e) {
                break; // e.g. ICMP port unreachable while the server restarts
            }
            if (len <= 0) break;
            n++;
            received++;
            boolean data = len >= MoldPacketDescriptor.HEADER_LENGTH && isData(MoldPacketDescriptor.count(packet, 0));
            if (data) dataReceived++;
            if ((data && dataReceived > dropFrom && dataReceived <= dropTo) || (dropFraction > 0 && nextDouble() < dropFraction)) {
                droppedOnPurpose++;
                continue;
            }
            client.onPacket(packet, 0, len, now);
        }
        return n;
    }

    private static boolean isData(int count) {
        return count != MoldPacketDescriptor.HEARTBEAT && count != MoldPacketDescriptor.END_OF_SESSION
                && count != MoldPacketDescriptor.NOT_AVAILABLE;
    }

    /** The first up, multicast-capable interface with an address of the group's family (when none was named). */
    private static NetworkInterface defaultInterface(InetAddress g) throws IOException {
        var all = NetworkInterface.getNetworkInterfaces();
        while (all.hasMoreElements()) {
            NetworkInterface i = all.nextElement();
            if (!i.isUp() || !i.supportsMulticast()) continue;
            var addresses = i.getInetAddresses();
            while (addresses.hasMoreElements()) {
                if (addresses.nextElement().getClass() == g.getClass()) return i;
            }
        }
        throw new IOException("no multicast interface for " + g + ": name one");
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

    /**
     * Loss injection for the demo: drop the received data packets (those carrying messages, stream or
     * retransmission) numbered {@code from + 1 .. to}, counting from 1; heartbeats and other control
     * packets are not counted and not dropped by this (only by {@link #dropFraction}).
     */
    public void dropPackets(long from, long to) {
        this.dropFrom = from;
        this.dropTo = to;
    }

    /** Loss injection for tests and the demo: drop this fraction of received packets before the client sees them. */
    public void dropFraction(double fraction) { this.dropFraction = fraction; }

    public long received() { return received; }

    public long droppedOnPurpose() { return droppedOnPurpose; }

    /** Whether the stream comes from a multicast group. */
    public boolean multicast() { return group != null; }

    private double nextDouble() {
        long z = (dropSeed += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    @Override
    public void close() throws IOException {
        if (group != null) group.close();
        channel.close();
    }
}
