package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.perf.alloc.AllocationMeter;

/**
 * The steady state allocates nothing: engine + publisher + client in process, and the same over
 * loopback UDP (server poll and client poll on one thread, the client joined from sequence 1).
 */
class FeedAllocationTest {
    @Test
    void publisherAndClientInProcessAllocateNothing() {
        try (Arena arena = Arena.ofConfined()) {
            FeedClient[] client = new FeedClient[1];
            long[] now = {1};
            PacketOut link = (p, len) -> client[0].onPacket(p, 0, len, now[0]);
            FeedPublisher pub = new FeedPublisher("ALLOC00001", 1400, 1 << 12, 3, 8192, 256, link, arena);
            client[0] = new FeedClient(3, 8192, 256, 1 << 12, 1_000_000, 1_000_000, false, null, null, null, arena);
            MatchingEngine engine = new MatchingEngine(new EngineConfig(8192, 3, 64), pub, arena);
            for (int s = 0; s < 3; s++) {
                engine.addSymbol(SymbolSpec.open(s, 100));
                pub.addSymbol(s, "A" + s);
            }
            pub.start(0);
            Flow flow = new Flow(41, 3);
            Runnable window = () -> {
                for (int i = 0; i < 100; i++) {
                    flow.step(engine);
                    pub.endOfCommand();
                    if ((i & 3) == 0) pub.flush();
                }
                pub.flush();
                client[0].poll(++now[0]);
            };
            AllocationMeter.Measurement m = AllocationMeter.create().steadyState(200, 100, 5, window);
            assertEquals(0, m.bytes(), "bytes over " + m.runs() + " windows of 100 commands");
            assertTrue(client[0].live());
            assertEquals(pub.nextSequence(), client[0].expected());
        }
    }

    @Test
    void udpServerAndClientAllocateNothing() throws Exception {
        try (UdpFeedTest.Venue v = new UdpFeedTest.Venue(1 << 16);
             UdpFeedClient udp = new UdpFeedClient(v.udp(), v.tcp(), 3, 8192, 256, false, null, v.arena)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (v.server.subscriberCount() == 0 && System.nanoTime() < deadline) {
                udp.poll(System.nanoTime());
                v.server.poll(System.nanoTime());
            }
            Flow flow = new Flow(42, 3);
            // Catch up first (the session's first messages went out before the subscription): re-requests on a real clock.
            while (!udp.client().live() && System.nanoTime() < deadline + 5_000_000_000L) {
                udp.poll(System.nanoTime());
                v.server.poll(System.nanoTime());
            }
            assertTrue(udp.client().live(), "caught up");
            long[] now = {System.nanoTime()};
            // A fixed clock inside the window: no heartbeat and no subscription renewal (they are timers, not the steady state).
            Runnable window = () -> {
                for (int i = 0; i < 50; i++) {
                    flow.step(v.engine);
                    v.server.publisher().endOfCommand();
                }
                v.server.poll(now[0]);
                for (int k = 0; k < 10; k++) udp.poll(now[0]);
            };
            AllocationMeter.Measurement m = AllocationMeter.create().steadyState(300, 100, 5, window);
            assertEquals(0, m.bytes(), "bytes over " + m.runs() + " windows of 50 commands");
            FeedClient c = udp.client();
            assertTrue(c.messagesApplied() > 1000, "applied " + c.messagesApplied() + " expected " + c.expected() + " highest " + c.highest()
                    + " received " + udp.received() + " bad " + c.badPackets() + " published " + v.server.publisher().nextSequence()
                    + " subs " + v.server.subscriberCount() + " packets " + v.server.publisher().packets());
        }
    }
}
