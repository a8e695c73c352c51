package qsl.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;
import qsl.gateway.feed.FeedServer;

/**
 * The demo's feed client when the burst it loses on purpose swallows the end of the stream and
 * every heartbeat that could tell it so (what happened once under CPU load, when the feed packed
 * the flow into fewer packets than the burst's end): it must still end with the publisher's book.
 * The client cannot tell on its own that more exists; it has to learn it (the server's answer to
 * its subscription renewal) and the demo has to wait for the stream's known last sequence number,
 * not for a quiet spell. Loopback only, every wait bounded.
 */
class FeedWatchTest {
    private static final int SYMBOLS = 3;

    @Test
    void aBurstThatSwallowsTheTailAndTheHeartbeatsIsStillRecovered() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Arena arena = Arena.ofShared()) {
            // A publisher whose own heartbeats never come within the test (as if all of them were lost).
            FeedServer server = new FeedServer("WATCHTEST1", 1400, 1 << 16, SYMBOLS, 8192, 256, new InetSocketAddress(lo, 0),
                    new InetSocketAddress(lo, 0), null, 3_600_000_000_000L, arena);
            MatchingEngine engine = new MatchingEngine(new EngineConfig(8192, SYMBOLS, 64), server.publisher());
            for (int s = 0; s < SYMBOLS; s++) {
                engine.addSymbol(SymbolSpec.open(s, 100));
                server.publisher().addSymbol(s, "W" + s);
            }
            server.publisher().start(0);
            AtomicBoolean runFlow = new AtomicBoolean();
            AtomicBoolean flowDone = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            // The publisher's owner thread: serves the feed, runs the flow when told, keeps serving until stopped.
            Thread owner = Thread.ofPlatform().name("feed-owner").start(() -> {
                SplittableRandom random = new SplittableRandom(7);
                while (!stop.get()) {
                    if (runFlow.compareAndSet(true, false)) {
                        for (int i = 0; i < 1_500; i++) {
                            step(engine, random, i + 1);
                            server.publisher().endOfCommand();
                            if (i % 8 == 0) server.poll(System.nanoTime());
                        }
                        flowDone.set(true);
                    }
                    server.poll(System.nanoTime());
                    Thread.onSpinWait();
                }
            });
            InetSocketAddress udp = new InetSocketAddress(lo, server.udpPort());
            InetSocketAddress tcp = new InetSocketAddress(lo, server.snapshotPort());
            // Drops data packets 21..600: from early in the flow to past its end (about 200 packets), retransmissions included.
            try (FeedWatch watch = new FeedWatch(udp, tcp, 20, 600)) {
                assertTrue(watch.awaitJoined(20_000), "joined by snapshot");
                runFlow.set(true);
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!flowDone.get() && System.nanoTime() < deadline) Thread.sleep(5);
                assertTrue(flowDone.get(), "flow ran");
                // Nothing more gets through unless asked for: from here every data packet counts against the burst.
                boolean caughtUp = watch.settle(60_000);
                stop.set(true);
                owner.join(10_000);
                long expectedBook = FeedWatch.fingerprint(engine, SYMBOLS);
                assertTrue(watch.dropped() > 0, "the burst was lost");
                assertEquals(expectedBook, watch.fingerprint(SYMBOLS), "the client's book is the engine's (client at feed sequence "
                        + (watch.client().expected() - 1) + " of " + (server.publisher().nextSequence() - 1) + ")");
                assertTrue(caughtUp, "the client got to the tail");
                assertEquals(server.publisher().nextSequence() - 1, watch.tail(), "settle learnt the stream's last sequence number");
            } finally {
                stop.set(true);
                owner.join(10_000);
                server.close();
                engine.close();
            }
        }
    }

    /** A seeded command: mostly crossing and resting limit orders, some cancels. */
    private static void step(MatchingEngine engine, SplittableRandom random, long id) {
        int symbol = random.nextInt(SYMBOLS);
        int account = (int) (id % 4);
        if (random.nextInt(10) < 2 && id > 10) {
            long victim = id - 1 - random.nextInt(10);
            engine.cancel(symbol, victim, (int) (victim % 4));
            return;
        }
        byte side = random.nextBoolean() ? Side.BUY : Side.SELL;
        engine.newOrder(symbol, id, account, side, OrderType.LIMIT, TimeInForce.GTC, 95 + random.nextInt(11), 1 + random.nextInt(20));
    }
}
