package qsl.app.demo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import qsl.book.BookVisitor;
import qsl.book.Engine;
import qsl.book.StateDigest;
import qsl.gateway.feed.FeedClient;
import qsl.gateway.feed.MboBook;
import qsl.gateway.feed.TcpSnapshotSource;
import qsl.gateway.feed.UdpFeedClient;

/**
 * The demo's market-data client: joins the node's feed by snapshot, loses a burst of packets on
 * purpose, recovers, and fingerprints its book so the demo can compare it with the engine's.
 *
 * <p>It decides that it has caught up on knowledge, never on quiet: {@link #settle} first asks
 * the feed's snapshot service where the stream ends (the sequence number a fresh snapshot carries),
 * then waits until the client is live through that number.
 */
final class FeedWatch implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final InetSocketAddress snapshots;
    private final UdpFeedClient udp;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    /** The last sequence number the client's book includes while it is live, else -1 (written by the client's thread). */
    private volatile long liveThrough = -1;
    private long tail = -1;

    FeedWatch(InetSocketAddress udpAddress, InetSocketAddress snapshots, long dropFrom, long dropTo) throws IOException {
        this.snapshots = snapshots;
        udp = new UdpFeedClient(udpAddress, snapshots, 64, 1 << 20, 4096, null, arena);
        udp.dropPackets(dropFrom, dropTo);
        thread = Thread.ofPlatform().daemon().name("demo-feed").start(() -> {
            while (!stop.get()) {
                int n = udp.poll(System.nanoTime());
                FeedClient c = udp.client();
                liveThrough = c.live() ? c.expected() - 1 : -1; // volatile write: the settling thread reads it
                if (n == 0) Thread.onSpinWait();
            }
        });
    }

    /** Finds the feed's addresses in the node's start-up lines ("market data on udp H:P ..., snapshots on tcp H:P"), or null. */
    static InetSocketAddress[] addresses(List<String> lines) throws IOException {
        for (String l : lines) {
            int u = l.indexOf("market data on udp ");
            int t = l.indexOf("snapshots on tcp ");
            if (u < 0 || t < 0) continue;
            return new InetSocketAddress[] {parse(l.substring(u + 19).split(" ")[0]), parse(l.substring(t + 17).split(" ")[0])};
        }
        return null;
    }

    private static InetSocketAddress parse(String hp) throws IOException {
        int colon = hp.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(hp.substring(0, colon)), Integer.parseInt(hp.substring(colon + 1)));
    }

    /** Waits (bounded) until the client has joined by snapshot. */
    boolean awaitJoined(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (udp.client().snapshotsLoaded() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
        return udp.client().snapshotsLoaded() > 0;
    }

    /**
     * Call once the publisher has published everything the demo will compare (the flow is over).
     * Learns the stream's last sequence number from a snapshot of the feed's snapshot service (a
     * snapshot carries the last sequence number it includes, and the node's feed drains its queue
     * before serving one, so it includes every event of every command answered before the request),
     * then waits, bounded by {@code millis}, until the client is live through that number: its book
     * then holds every message of the flow. Stops the client's thread either way.
     *
     * @return whether the client got there (false also when no snapshot could be had)
     */
    boolean settle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        tail = -1;
        try (Arena probeArena = Arena.ofConfined()) {
            FeedClient probe = new FeedClient(64, 1 << 16, 4096, 16, 0, 0, true, null, new TcpSnapshotSource(snapshots, 5_000), null, probeArena);
            while (System.currentTimeMillis() < deadline) {
                probe.poll(System.nanoTime());
                if (probe.snapshotsLoaded() > 0) {
                    tail = probe.expected() - 1;
                    break;
                }
                Thread.sleep(50);
            }
        }
        boolean reached = false;
        while (tail >= 0 && System.currentTimeMillis() < deadline) {
            if (liveThrough >= tail) {
                reached = true;
                break;
            }
            Thread.sleep(5);
        }
        stop.set(true);
        thread.join(5_000);
        return reached && udp.client().live() && udp.client().expected() - 1 >= tail;
    }

    /** The stream's last sequence number as the last {@link #settle} learnt it (-1: unknown). */
    long tail() {
        return tail;
    }

    FeedClient client() {
        return udp.client();
    }

    long received() { return udp.received(); }

    long dropped() {
        return udp.droppedOnPurpose();
    }

    /** A digest of every resting order of symbols 0..symbols-1 in book order: side, price, order id, open quantity. */
    long fingerprint(int symbols) {
        StateDigest d = new StateDigest();
        MboBook book = udp.client().book();
        for (int s = 0; s < symbols; s++) {
            d.mix(s);
            book.visit(s, new MboBook.Visitor() {
                @Override public void level(byte side, long price, long total, int count) {}

                @Override public void order(byte side, long price, long id, long qty) {
                    d.mix(side).mix(price).mix(id).mix(qty);
                }
            });
        }
        return d.value();
    }

    /** The same digest over an engine's book. */
    static long fingerprint(Engine engine, int symbols) {
        StateDigest d = new StateDigest();
        for (int s = 0; s < symbols; s++) {
            d.mix(s);
            engine.visitBook(s, new BookVisitor() {
                @Override public void level(byte side, long price, long total, int count) {}

                @Override public void order(byte side, long price, long id, int account, long qty) {
                    d.mix(side).mix(price).mix(id).mix(qty);
                }
            });
        }
        return d.value();
    }

    @Override
    public void close() throws IOException {
        stop.set(true);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        udp.close();
        arena.close();
    }
}
