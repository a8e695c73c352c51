package qsl.gateway.feed;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import qsl.book.Engine;
import qsl.gateway.DurableEventSink;
import qsl.gateway.Venue;
import qsl.ringbuffer.BackoffIdleStrategy;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * The node's market-data feed. The node's journal thread delivers durable engine events here
 * ({@link DurableEventSink}); they are copied into an SPSC ring ({@link FeedEventDescriptor}
 * records) and a feed thread of its own replays them into a {@link FeedServer}'s publisher,
 * calls {@code endOfCommand} at each command end and polls the server (re-requests, snapshots,
 * heartbeats). The journal thread never waits on a socket: it waits only if the ring is full.
 *
 * <p>Life cycle: build it, register it with {@code Node.Builder.feed}; the node calls
 * {@link #onAttach} with its durable engine state after recovery (the publisher's book is seeded
 * from it); then {@link #start} with the venue opens the session and starts the feed thread;
 * {@link #close} ends the session.
 */
public final class NodeFeed implements DurableEventSink, AutoCloseable {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private final Arena arena = Arena.ofShared();
    private final FeedServer server;
    private final FeedPublisher publisher;
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final RecordHandler handler = this::replay;
    private volatile boolean running;
    private Thread thread;
    private long seedSequence;
    private final InetSocketAddress multicast;

    /**
     * @param session the MoldUDP64 session name (10 ASCII characters; a new one each start, see {@link FeedEpoch})
     * @param multicast a group to send the stream to as well, or null
     * @param multicastInterface the interface the group's packets leave by (null: the one holding {@code udp}'s address)
     * @param retention messages kept for re-requests (a power of two)
     */
    public NodeFeed(String session, InetSocketAddress udp, InetSocketAddress snapshots, InetSocketAddress multicast,
                    NetworkInterface multicastInterface, int multicastTtl, int maxPacket, int retention, long heartbeatNanos,
                    int maxSymbols, int maxOrders) throws IOException {
        this.server = new FeedServer(session, maxPacket, retention, maxSymbols, maxOrders, 4096, udp, snapshots, multicast,
                multicastInterface, multicastTtl, heartbeatNanos, arena);
        this.multicast = multicast;
        this.publisher = server.publisher();
        SpscRing ring = SpscRing.allocate(arena, 16 << 20);
        this.producer = ring.producer();
        this.consumer = ring.consumer();
    }

    public FeedServer server() { return server; }

    /** The node's durable engine state after recovery (constructing thread, before any event): seeds the publisher's book. */
    @Override
    public void onAttach(Engine durable) {
        seedSequence = durable.lastSequence();
        int[] all = new int[publisher.mirror().maxSymbols()];
        int n = 0;
        for (int s = 0; s < all.length; s++) all[n++] = s;
        EngineSeed.seed(publisher, durable, java.util.Arrays.copyOf(all, n));
    }

    /** Names the symbols, opens the session and starts the feed thread. */
    public void start(Venue venue) {
        for (int i = 0; i < venue.symbols().size() && i < publisher.mirror().maxSymbols(); i++) {
            publisher.addSymbol(i, venue.symbols().get(i).name());
        }
        publisher.start(seedSequence);
        running = true;
        thread = Thread.ofPlatform().daemon().name("qsl-feed").start(this::loop);
    }

    /** The line a node prints once the feed is up: where to subscribe and ask for snapshots. */
    public String describe(String host) throws IOException {
        return "qsl node: market data on udp " + host + ":" + server.udpPort() + " (MoldUDP64 session "
                + publisher.sessionName().strip() + ")" + (multicast == null ? "" : ", stream also to multicast "
                + multicast.getAddress().getHostAddress() + ":" + multicast.getPort()) + ", snapshots on tcp " + host + ":" + server.snapshotPort();
    }

    private void loop() {
        IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 200_000);
        while (running) {
            int n = consumer.poll(handler, 256);
            // A snapshot asked for after an event was queued must include it: having read the request (acquire),
            // drain what the journal thread committed before it, then serve.
            if (server.snapshotRequested()) n += consumer.poll(handler);
            if (n == 0 || consumer.isEmpty()) server.poll(System.nanoTime());
            idle.idle(n);
        }
        consumer.poll(handler);
        server.poll(System.nanoTime());
    }

    private void replay(int type, MemorySegment b, long at, int length) {
        long seq = b.get(I64, at + FeedEventDescriptor.SEQ_OFFSET);
        int symbol = b.get(I32, at + FeedEventDescriptor.SYMBOL_OFFSET);
        byte b1 = b.get(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B1_OFFSET);
        byte b2 = b.get(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B2_OFFSET);
        long id1 = b.get(I64, at + FeedEventDescriptor.ID1_OFFSET);
        long va = b.get(I64, at + FeedEventDescriptor.A_OFFSET);
        long vb = b.get(I64, at + FeedEventDescriptor.B_OFFSET);
        switch (type) {
            case FeedEventDescriptor.ACCEPTED -> publisher.onAccepted(seq, symbol, id1, b1, b2,
                    b.get(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B3_OFFSET), va, vb);
            case FeedEventDescriptor.TRADE -> publisher.onTrade(seq, symbol, id1, b.get(I64, at + FeedEventDescriptor.ID2_OFFSET), b1, va, vb,
                    b.get(I64, at + FeedEventDescriptor.C_OFFSET), b.get(I64, at + FeedEventDescriptor.D_OFFSET));
            case FeedEventDescriptor.CANCELLED -> publisher.onCancelled(seq, symbol, id1, b1, va, vb, b2);
            case FeedEventDescriptor.MODIFIED -> publisher.onModified(seq, symbol, id1, b1, va, vb, b2 != 0);
            case FeedEventDescriptor.MASS -> publisher.onMassCancelled(seq, (int) va, symbol, (int) vb);
            case FeedEventDescriptor.END -> publisher.endOfCommand();
            default -> { }
        }
    }

    // ---- journal thread: copy each event into the ring ----

    private long claim(int type) {
        long at;
        while ((at = producer.claim(type, FeedEventDescriptor.LENGTH)) < 0) Thread.onSpinWait(); // full: the feed thread drains
        return at;
    }

    private void put(int type, long seq, int symbol, byte b1, byte b2, byte b3, long id1, long id2, long a, long bb, long c, long d) {
        long at = claim(type);
        MemorySegment s = producer.buffer();
        s.set(I64, at + FeedEventDescriptor.SEQ_OFFSET, seq);
        s.set(I32, at + FeedEventDescriptor.SYMBOL_OFFSET, symbol);
        s.set(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B1_OFFSET, b1);
        s.set(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B2_OFFSET, b2);
        s.set(ValueLayout.JAVA_BYTE, at + FeedEventDescriptor.B3_OFFSET, b3);
        s.set(I64, at + FeedEventDescriptor.ID1_OFFSET, id1);
        s.set(I64, at + FeedEventDescriptor.ID2_OFFSET, id2);
        s.set(I64, at + FeedEventDescriptor.A_OFFSET, a);
        s.set(I64, at + FeedEventDescriptor.B_OFFSET, bb);
        s.set(I64, at + FeedEventDescriptor.C_OFFSET, c);
        s.set(I64, at + FeedEventDescriptor.D_OFFSET, d);
        producer.commit(at); // release: the feed thread's acquire in poll sees the whole record
    }

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        put(FeedEventDescriptor.ACCEPTED, seq, symbol, side, type, tif, orderId, 0, price, quantity, 0, 0);
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity,
                        long makerRemaining, long takerRemaining) {
        put(FeedEventDescriptor.TRADE, seq, symbol, takerSide, (byte) 0, (byte) 0, makerOrderId, takerOrderId, price, quantity,
                makerRemaining, takerRemaining);
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        put(FeedEventDescriptor.CANCELLED, seq, symbol, side, reason, (byte) 0, orderId, 0, price, cancelledQuantity, 0, 0);
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        put(FeedEventDescriptor.MODIFIED, seq, symbol, side, (byte) (keptPriority ? 1 : 0), (byte) 0, orderId, 0, newPrice, newQuantity, 0, 0);
    }

    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        put(FeedEventDescriptor.MASS, seq, symbol, (byte) 0, (byte) 0, (byte) 0, 0, 0, account, cancelledCount, 0, 0);
    }

    @Override
    public void onCommandEnd(long logSequence) {
        put(FeedEventDescriptor.END, logSequence, 0, (byte) 0, (byte) 0, (byte) 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {}

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {}

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {}

    /** Drains what is queued, ends the session and closes the sockets. */
    @Override
    public void close() throws IOException {
        running = false;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close();
        arena.close();
    }
}
