package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
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
            this(retention, 50_000_000L, null);
        }

        /** With the publisher's heartbeat period and an optional multicast group (sent out of the loopback interface). */
        Venue(int retention, long heartbeatNanos, InetSocketAddress multicast) throws Exception {
            InetAddress lo = InetAddress.getLoopbackAddress();
            server = new FeedServer("UDPTEST001", 1400, retention, 3, 8192, 256, new InetSocketAddress(lo, 0),
                    new InetSocketAddress(lo, 0), multicast, multicast == null ? null : NetworkInterface.getByInetAddress(lo), 1,
                    heartbeatNanos, arena);
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
            this(new UdpFeedClient(v.udp(), v.tcp(), 3, 8192, 256, null, v.arena), drop);
        }

        ClientThread(UdpFeedClient client, double drop) {
            this.client = client;
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
        assertTrue(c.live(), () -> "client live: expected " + c.expected() + ", highest " + c.highest() + ", published "
                + (v.server.publisher().nextSequence() - 1) + ", needs snapshot " + c.needsSnapshot() + ", snapshots " + c.snapshotsLoaded()
                + " (failed " + c.snapshotsFailed() + "), applied " + c.messagesApplied() + ", re-requests " + c.requestsSent()
                + ", gaps " + c.gapsDetected() + "/" + c.gapsRecovered() + ", bad " + c.badPackets() + ", stale " + c.stalePackets());
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

    /**
     * A lost tail with every heartbeat lost too (here: a publisher that does not heartbeat within
     * the test): the client learns where the stream ends from the heartbeat the server sends in
     * answer to its subscription renewal, re-requests and ends with the whole stream. Before that
     * answer existed, such a client stayed "live" short of the tail forever.
     */
    @Test
    void aLostTailIsFoundThroughTheRenewalAnswerWhenNoHeartbeatArrives() throws Exception {
        try (Venue v = new Venue(1 << 16, 3_600_000_000_000L, null); ClientThread ct = new ClientThread(v, 0)) {
            awaitSubscribed(v);
            Flow flow = new Flow(23, 3);
            v.run(flow, 500);
            awaitCaughtUp(v, ct);
            ct.client.dropFraction(1.0); // everything from here on is lost: the tail of the stream
            long packetsBefore = v.server.publisher().packets();
            long receivedBefore = ct.client.received();
            v.run(flow, 300);
            assertTrue(v.server.publisher().packets() > packetsBefore, "the tail is at least one packet");
            awaitReceived(v, ct, receivedBefore + (v.server.publisher().packets() - packetsBefore));
            ct.client.dropFraction(0);
            assertTrue(ct.client.client().expected() < v.server.publisher().nextSequence(), "the client lost the tail");
            ct.settle(v);
            FeedClient c = ct.client.client();
            assertSame(v, c);
            assertTrue(c.requestsSent() > 0, "recovered by re-request");
        }
    }

    /** Serves the venue until the client is live through everything published so far (bounded). */
    private static void awaitCaughtUp(Venue v, ClientThread ct) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long target = v.server.publisher().nextSequence();
        while (!(ct.client.client().live() && ct.client.client().expected() == target) && System.nanoTime() < deadline) {
            v.server.poll(System.nanoTime());
            Thread.sleep(1);
        }
        assertEquals(target, ct.client.client().expected(), "caught up before the tail");
    }

    /** Serves the venue until the client has received {@code count} datagrams in all (bounded). */
    private static void awaitReceived(Venue v, ClientThread ct, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ct.client.received() < count && System.nanoTime() < deadline) {
            v.server.poll(System.nanoTime());
            Thread.sleep(1);
        }
        assertTrue(ct.client.received() >= count, "client received " + ct.client.received() + " of " + count + " datagrams");
    }

    /**
     * The stream by multicast on the loopback interface: the client joins the group and does not
     * subscribe (the server has no unicast subscriber), loses 5% of what it receives and recovers by
     * unicast re-requests. Skipped, saying why, on a host where a group on loopback does not deliver.
     */
    @Test
    void multicastStreamOnLoopback() throws Exception {
        InetSocketAddress group = new InetSocketAddress(InetAddress.getByName("239.255.13.13"), freeUdpPort());
        String why = MulticastProbe.whyNot(group);
        Assumptions.assumeTrue(why == null, "no multicast on the loopback interface here: " + why);
        try (Venue v = new Venue(1 << 16, 50_000_000L, group)) {
            UdpFeedClient udp = new UdpFeedClient(v.udp(), v.tcp(), group, NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()),
                    3, 8192, 256, true, null, v.arena);
            try (ClientThread ct = new ClientThread(udp, 0.05)) {
                assertTrue(udp.multicast());
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (udp.client().snapshotsLoaded() == 0 && System.nanoTime() < deadline) {
                    v.server.poll(System.nanoTime());
                    Thread.sleep(1);
                }
                v.run(new Flow(24, 3), 3_000);
                ct.settle(v);
                FeedClient c = udp.client();
                assertSame(v, c);
                assertEquals(0, v.server.subscriberCount(), "no unicast subscriber: the stream came from the group");
                assertTrue(c.messagesApplied() > 0);
                assertTrue(udp.droppedOnPurpose() > 0);
            }
        }
    }

    private static int freeUdpPort() throws Exception {
        try (java.nio.channels.DatagramChannel d = java.nio.channels.DatagramChannel.open()) {
            d.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) d.getLocalAddress()).getPort();
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
