package qsl.gateway.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import qsl.protocol.itch.SnapshotRequestDescriptor;
import qsl.protocol.mold.MoldDecoder;
import qsl.protocol.mold.MoldRequestDescriptor;

/**
 * The feed on the network: a {@link FeedPublisher} whose packets go by UDP to every subscriber
 * (and to a multicast group if configured), a MoldUDP64 re-request server on the same UDP socket,
 * and a TCP snapshot service.
 *
 * <p>Threads: the owner's thread (the node's journal/publisher thread) delivers engine events to
 * {@link #publisher()} and calls {@link #poll} between commands; {@code poll} flushes the packet
 * under construction, answers re-requests, registers subscribers, heartbeats when the feed has
 * been quiet, and serves the snapshot hand-over. The snapshot service has its own thread for the
 * TCP accept, the request read and the (possibly long) write, but never touches the book: it posts
 * the request (release store of {@code REQUESTED}), the owner's thread writes the snapshot from
 * the publisher's mirror at a command boundary into a buffer and publishes it (release store of
 * {@code READY}), and the service thread, having read {@code READY} with an acquire load, writes
 * the buffer out and gives it back ({@code IDLE}). So a snapshot is exactly the book after the
 * sequence number it carries.
 *
 * <p>Subscribing: a client sends a MoldUDP64 request with count 0 to the UDP port and renews it
 * at least every {@link #SUBSCRIPTION_NANOS}; the stream and every retransmission go to the
 * address it sent from. Each subscription request is answered at once with a heartbeat to that
 * address carrying the next sequence number (and this session's name): a subscriber that renews
 * every second learns where the stream's tail is at least that often, even when every packet
 * sent to it since, heartbeats included, was lost, and a subscriber of a previous session learns
 * the new one.
 *
 * <p>Multicast (optional): the stream (data packets, heartbeats, end of session) also goes to a
 * group, sent out of a chosen interface ({@code IP_MULTICAST_IF}) with a hop limit
 * ({@code IP_MULTICAST_TTL}) and looped back to listeners on this host; re-requests, their
 * answers and snapshots stay unicast.
 */
public final class FeedServer implements AutoCloseable {
    /** A subscription lapses when not renewed for this long. */
    public static final long SUBSCRIPTION_NANOS = 10_000_000_000L;
    public static final int MAX_SUBSCRIBERS = 32;
    private static final int IDLE = 0;
    private static final int REQUESTED = 1;
    private static final int READY = 2;

    private final FeedPublisher publisher;
    private final DatagramChannel udp;
    private final ServerSocket snapshotSocket;
    private final Thread snapshotThread;
    private final InetSocketAddress multicast;
    private final long heartbeatNanos;
    private final MemorySegment sendSegment;
    private final ByteBuffer sendBuffer;
    private final MemorySegment requestSegment;
    private final ByteBuffer requestBuffer;
    private final InetSocketAddress[] subscribers = new InetSocketAddress[MAX_SUBSCRIBERS];
    private final long[] renewed = new long[MAX_SUBSCRIBERS];
    private final boolean[] permanent = new boolean[MAX_SUBSCRIBERS];
    private final PacketOut reply;
    private SocketAddress replyTo;
    private long lastPackets;
    private long lastActivity;
    private long requestsServed;
    private volatile long snapshotsServed;
    private volatile boolean closed;

    // Snapshot hand-over (see the class comment for the ordering).
    private final AtomicInteger snapshotState = new AtomicInteger(IDLE);
    private volatile int snapshotSymbol;
    private MemorySegment snapshotBuffer;
    private long snapshotLength;

    /**
     * @param udpBind the UDP address of the stream and re-request server (port 0: any)
     * @param snapshotBind the TCP address of the snapshot service (port 0: any)
     * @param multicast a group to send the stream to as well, or null
     */
    public FeedServer(String session, int maxPacket, int retention, int maxSymbols, int maxOrders, int maxLevelsPerSide,
                      InetSocketAddress udpBind, InetSocketAddress snapshotBind, InetSocketAddress multicast,
                      long heartbeatNanos, Arena arena) throws IOException {
        this(session, maxPacket, retention, maxSymbols, maxOrders, maxLevelsPerSide, udpBind, snapshotBind, multicast, null, 1,
                heartbeatNanos, arena);
    }

    /**
     * @param multicastInterface the interface the group's packets leave by, or null: the one holding
     *     {@code udpBind}'s address (the system's route for the group when that address is the wildcard)
     * @param multicastTtl the group packets' hop limit (1: this subnet only)
     */
    public FeedServer(String session, int maxPacket, int retention, int maxSymbols, int maxOrders, int maxLevelsPerSide,
                      InetSocketAddress udpBind, InetSocketAddress snapshotBind, InetSocketAddress multicast,
                      NetworkInterface multicastInterface, int multicastTtl, long heartbeatNanos, Arena arena) throws IOException {
        this.udp = multicast == null ? DatagramChannel.open() : DatagramChannel.open(family(multicast.getAddress()));
        udp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        if (multicast != null) {
            if (!multicast.getAddress().isMulticastAddress()) throw new IllegalArgumentException(multicast + " is not a multicast group");
            NetworkInterface nif = multicastInterface != null ? multicastInterface
                    : udpBind.getAddress().isAnyLocalAddress() ? null : NetworkInterface.getByInetAddress(udpBind.getAddress());
            if (nif != null) udp.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            udp.setOption(StandardSocketOptions.IP_MULTICAST_TTL, multicastTtl);
            udp.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        }
        udp.bind(udpBind);
        udp.configureBlocking(false);
        this.multicast = multicast;
        this.heartbeatNanos = heartbeatNanos;
        this.sendSegment = arena.allocate(maxPacket, 8);
        this.sendBuffer = sendSegment.asByteBuffer();
        this.requestSegment = arena.allocate(64, 8);
        this.requestBuffer = requestSegment.asByteBuffer();
        this.publisher = new FeedPublisher(session, maxPacket, retention, maxSymbols, maxOrders, maxLevelsPerSide, this::fanOut, arena);
        this.reply = this::sendReply;
        this.snapshotSocket = new ServerSocket();
        snapshotSocket.bind(snapshotBind);
        this.snapshotThread = Thread.ofPlatform().daemon().name("feed-snapshot").start(this::serveSnapshots);
    }

    /** The engine events go here (on the owner's thread). */
    public FeedPublisher publisher() { return publisher; }

    public int udpPort() throws IOException { return ((InetSocketAddress) udp.getLocalAddress()).getPort(); }

    public int snapshotPort() { return snapshotSocket.getLocalPort(); }

    /** Adds a subscriber that never lapses (a configured address). */
    public void addSubscriber(InetSocketAddress address) {
        subscribe(address, 0, true);
    }

    /** The protocol family of a group's address (a multicast socket must be opened for it). */
    static StandardProtocolFamily family(InetAddress group) {
        return group instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /**
     * Whether the snapshot service is waiting for the owner's thread (any thread; acquire). An owner
     * that queues its engine events (the node's feed) drains its queue first when this is true, so a
     * snapshot asked for after an event was queued includes it.
     */
    public boolean snapshotRequested() {
        return snapshotState.getAcquire() == REQUESTED;
    }

    /** Owner's thread, between commands: flush, re-requests and subscriptions, heartbeat, snapshot hand-over. */
    public void poll(long now) {
        publisher.flush();
        serveRequests(now);
        if (publisher.packets() != lastPackets) {
            lastPackets = publisher.packets();
            lastActivity = now;
        } else if (now - lastActivity >= heartbeatNanos) {
            publisher.heartbeat();
            lastPackets = publisher.packets();
            lastActivity = now;
        }
        if (snapshotState.getAcquire() == REQUESTED) {
            long bound = publisher.snapshotBound();
            if (snapshotBuffer == null || snapshotBuffer.byteSize() < bound) {
                snapshotBuffer = Arena.ofAuto().allocate(Math.max(bound, 1 << 16) * 2);
            }
            snapshotLength = publisher.writeSnapshot(snapshotSymbol, snapshotBuffer, 0);
            snapshotState.setRelease(READY); // publishes snapshotBuffer and snapshotLength to the service thread
        }
    }

    public long requestsServed() { return requestsServed; }

    public long snapshotsServed() { return snapshotsServed; }

    public int subscriberCount() {
        int n = 0;
        for (InetSocketAddress s : subscribers) if (s != null) n++;
        return n;
    }

    private void serveRequests(long now) {
        for (int i = 0; i < 64; i++) {
            requestBuffer.clear();
            SocketAddress from;
            try {
                from = udp.receive(requestBuffer);
            } catch (IOException e) {
                return;
            }
            if (from == null) break;
            int len = requestBuffer.position();
            if (MoldDecoder.decodeRequest(requestSegment, 0, len) != 0) continue;
            int count = MoldRequestDescriptor.count(requestSegment, 0);
            if (count == 0) {
                subscribe((InetSocketAddress) from, now, false);
                replyTo = from;
                publisher.heartbeatTo(reply); // the tail, to this subscriber (poll flushed before serving requests)
                continue;
            }
            if (!MoldPacketDescriptorSession.matches(requestSegment, publisher.session())) continue; // another session's request
            replyTo = from;
            requestsServed++;
            publisher.retransmit(MoldRequestDescriptor.sequence(requestSegment, 0), count, reply);
        }
        for (int i = 0; i < MAX_SUBSCRIBERS; i++) {
            if (subscribers[i] != null && !permanent[i] && now - renewed[i] > SUBSCRIPTION_NANOS) subscribers[i] = null;
        }
    }

    private void subscribe(InetSocketAddress address, long now, boolean forever) {
        int free = -1;
        for (int i = 0; i < MAX_SUBSCRIBERS; i++) {
            if (address.equals(subscribers[i])) {
                renewed[i] = now;
                permanent[i] |= forever;
                return;
            }
            if (subscribers[i] == null && free < 0) free = i;
        }
        if (free < 0) return;
        subscribers[free] = address;
        renewed[free] = now;
        permanent[free] = forever;
    }

    private void fanOut(MemorySegment packet, int length) {
        MemorySegment.copy(packet, 0, sendSegment, 0, length);
        for (InetSocketAddress s : subscribers) {
            if (s != null) send(s, length);
        }
        if (multicast != null) send(multicast, length);
    }

    private void sendReply(MemorySegment packet, int length) {
        MemorySegment.copy(packet, 0, sendSegment, 0, length);
        send(replyTo, length);
    }

    private void send(SocketAddress to, int length) {
        sendBuffer.clear().limit(length);
        try {
            udp.send(sendBuffer, to);
        } catch (IOException e) {
            // a full socket buffer or an unreachable subscriber loses this packet; the receiver re-requests it
        }
    }

    // ---- snapshot service thread ----

    private void serveSnapshots() {
        byte[] request = new byte[SnapshotRequestDescriptor.FRAME_LENGTH];
        byte[] chunk = new byte[64 * 1024];
        while (!closed) {
            try (Socket s = snapshotSocket.accept()) {
                s.setSoTimeout(5_000);
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                int got = 0;
                while (got < request.length) {
                    int r = in.read(request, got, request.length - got);
                    if (r < 0) break;
                    got += r;
                }
                MemorySegment req = MemorySegment.ofArray(request);
                if (got < request.length || SnapshotRequestDescriptor.decode(req, 0, got) != 0) continue;
                snapshotSymbol = SnapshotRequestDescriptor.symbol(req, 0);
                snapshotState.setRelease(REQUESTED); // the owner's thread picks it up in poll()
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (snapshotState.getAcquire() != READY && !closed) {
                    if (System.nanoTime() > deadline) break;
                    LockSupport.parkNanos(50_000);
                }
                if (snapshotState.getAcquire() != READY) {
                    // the owner never answered: withdraw the request unless it is being written right now
                    if (!snapshotState.compareAndSet(REQUESTED, IDLE)) {
                        while (snapshotState.getAcquire() != READY) Thread.onSpinWait();
                        snapshotState.setRelease(IDLE);
                    }
                    continue;
                }
                OutputStream out = s.getOutputStream();
                for (long p = 0; p < snapshotLength; p += chunk.length) {
                    int n = (int) Math.min(chunk.length, snapshotLength - p);
                    MemorySegment.copy(snapshotBuffer, ValueLayout.JAVA_BYTE, p, chunk, 0, n);
                    out.write(chunk, 0, n);
                }
                out.flush();
                snapshotsServed++;
                snapshotState.setRelease(IDLE); // the buffer is the owner's again
            } catch (IOException e) {
                if (snapshotState.get() == READY) snapshotState.setRelease(IDLE);
                if (closed) return;
            }
        }
    }

    /** Ends the session (end-of-session packet) and closes the sockets. */
    @Override
    public void close() throws IOException {
        publisher.endSession();
        closed = true;
        snapshotSocket.close();
        udp.close();
        try {
            snapshotThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Session comparison of a request against the publisher's session bytes. */
    private static final class MoldPacketDescriptorSession {
        static boolean matches(MemorySegment request, MemorySegment session) {
            return MemorySegment.mismatch(request, MoldRequestDescriptor.SESSION_OFFSET, MoldRequestDescriptor.SESSION_OFFSET + 10,
                    session, 0, 10) == -1;
        }
    }
}
