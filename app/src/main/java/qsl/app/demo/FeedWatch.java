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
import qsl.gateway.feed.UdpFeedClient;

/**
 * The demo's market-data client: joins the node's feed by snapshot, loses a burst of packets on
 * purpose, recovers, and fingerprints its book so the demo can compare it with the engine's.
 */
final class FeedWatch implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final UdpFeedClient udp;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    FeedWatch(InetSocketAddress udpAddress, InetSocketAddress snapshots, long dropFrom, long dropTo) throws IOException {
        udp = new UdpFeedClient(udpAddress, snapshots, 64, 1 << 20, 4096, null, arena);
        udp.dropPackets(dropFrom, dropTo);
        thread = Thread.ofPlatform().daemon().name("demo-feed").start(() -> {
            while (!stop.get()) {
                if (udp.poll(System.nanoTime()) == 0) Thread.onSpinWait();
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
     * Waits until the client is live and has seen a heartbeat after the last message (the feed
     * heartbeats every second when quiet, so a lost tail is noticed), then stops its thread.
     */
    boolean settle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long lastExpected = -1;
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            FeedClient c = udp.client();
            long e = c.expected();
            if (e != lastExpected) {
                lastExpected = e;
                stableSince = System.currentTimeMillis();
            } else if (c.live() && System.currentTimeMillis() - stableSince > 2_500) {
                break;
            }
            Thread.sleep(20);
        }
        stop.set(true);
        thread.join(5_000);
        return udp.client().live();
    }

    FeedClient client() {
        return udp.client();
    }

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
