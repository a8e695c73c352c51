package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;

/**
 * The feed over real loopback sockets: UDP stream and re-requests, TCP snapshots; the client runs
 * on its own thread (as an application would), the engine and server on the test thread. Bounded
 * in time: every wait gives up after 20 s.
 */
class UdpFeedTest {
    static final int[] SYMBOLS = {0, 1, 2};

    static final class Venue implements AutoCloseable {
        final Arena arena = Arena.ofShared();
        final FeedServer server;
        final MatchingEngine engine;

        Venue(int retention) throws Exception {
            InetAddress lo = InetAddress.getLoopbackAddress();
            server = new FeedServer("UDPTEST001", 1400, retention, 3, 8192, 256, new InetSocketAddress(lo, 0),
                    new InetSocketAddress(lo, 0), null, 50_000_000L, arena);
            engine = new MatchingEngine(new EngineConfig(8192, 3, 64), server.publisher());
            for (int s : SYMBOLS) {
                engine.addSymbol(SymbolSpec.open(s, 100));
                server.publisher().addSymbol(s, "S" + s);
            }
            server.publisher().start(0);
        }

        InetSocketAddress udp() throws Exception { return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()); }

        InetSocketAddress tcp() { return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.snapshotPort()); }

        void run(Flow flow, int n) {
            for (int i = 0; i < n; i++) {
                flow.step(engine);
                server.publisher().endOfCommand();
                if (i % 8 == 0) server.poll(System.nanoTime());
            }
            server.poll(System.nanoTime());
        }

        @Override
        public void close() throws Exception {
            server.close();
            engine.close();
            arena.close();
        }
    }

    /** A client polling on its own thread until stopped. */
    static final class ClientThread implements AutoCloseable {
        final UdpFeedClient client;
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;

        ClientThread(Venue v, double drop) throws Exception {
            client = new UdpFeedClient(v.udp(), v.tcp(), 3, 8192, 256, null, v.arena);
            client.dropFraction(drop);
            thread = Thread.ofPlatform().name("feed-client").start(() -> {
                while (!stop.get()) {
                    if (client.poll(System.nanoTime()) == 0) Thread.onSpinWait();
                }
            });
        }

        /** Serves the venue until the client has every published message and is live, then stops the client thread. */
        void settle(Venue v) throws Exception {
            long deadline = System.nanoTime() + 20_000_000_000L;
            long target = v.server.publisher().nextSequence();
            while (System.nanoTime() < deadline) {
                v.server.poll(System.nanoTime());
                FeedClient c = client.client();
                if (c.live() && c.expected() == target) break;
                Thread.sleep(1);
            }
            stop.set(true);
            thread.join(5_000);
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join(5_000);
            client.close();
        }
    }

    private static void assertSame(Venue v, FeedClient c) {
        assertTrue(c.live(), "client live");
        assertEquals(v.server.publisher().nextSequence(), c.expected());
        for (int s : SYMBOLS) assertEquals(BookDumps.engine(v.engine, s), BookDumps.feed(c.book(), s), "symbol " + s);
    }

    private static void awaitSubscribed(Venue v) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (v.server.subscriberCount() == 0 && System.nanoTime() < deadline) {
            v.server.poll(System.nanoTime());
            Thread.sleep(1);
        }
    }

    @Test
    void lossyUdpRecoversByReRequest() throws Exception {
        try (Venue v = new Venue(1 << 16); ClientThread ct = new ClientThread(v, 0.05)) {
            awaitSubscribed(v);
            v.run(new Flow(21, 3), 5_000);
            ct.settle(v);
            FeedClient c = ct.client.client();
            assertSame(v, c);
            assertTrue(ct.client.droppedOnPurpose() > 0);
            assertTrue(c.requestsSent() > 0);
        }
    }

    @Test
    void lateJoinerAndBurstPastTheRingUseTcpSnapshots() throws Exception {
        try (Venue v = new Venue(256)) {
            Flow flow = new Flow(22, 3);
            v.run(flow, 2_000);
            try (ClientThread ct = new ClientThread(v, 0)) {
                awaitSubscribed(v);
                v.run(flow, 500);
                ct.settle(v);
                assertSame(v, ct.client.client());
                assertEquals(1, ct.client.client().snapshotsLoaded());
            }
        }
    }
}
