package qsl.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.perf.alloc.AllocationMeter;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.Symbols;

/** The order-entry client against a tiny fake node on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderEntryClientTest {
    private static final long AAPL = Symbols.key("AAPL");
    private static final long WAIT = 10_000;

    /** Records every callback as text, with its sequence number. */
    static final class Recorder implements OrderEntryListener {
        final List<String> events = new ArrayList<>();

        @Override public void onAccepted(long seq, long token, long orderId, long symbol, byte side, byte orderType,
                                         byte tif, long price, long quantity) {
            events.add(seq + " A " + token + " " + orderId + " " + Symbols.toString(symbol) + " " + (char) side + (char) orderType
                    + (char) tif + " " + price + " " + quantity);
        }
        @Override public void onExecuted(long seq, long token, long orderId, long matchId, long price, long quantity,
                                         long leaves, byte liquidity) {
            events.add(seq + " E " + token + " " + orderId + " " + matchId + " " + price + " " + quantity + " " + leaves + " "
                    + (char) liquidity);
        }
        @Override public void onCanceled(long seq, long token, long orderId, long canceled, byte reason) {
            events.add(seq + " C " + token + " " + orderId + " " + canceled + " " + reason);
        }
        @Override public void onReplaced(long seq, long oldToken, long newToken, long orderId, long price, long quantity,
                                         boolean kept) {
            events.add(seq + " U " + oldToken + " " + newToken + " " + orderId + " " + price + " " + quantity + " " + kept);
        }
        @Override public void onMassCancelAck(long seq, long symbol, int count, byte reason) {
            events.add(seq + " M " + Symbols.toString(symbol) + " " + count + " " + reason);
        }
        @Override public void onRejected(long seq, long token, byte reason) {
            events.add(seq + " J " + token + " " + reason);
        }
        @Override public void onUndecodable(long seq, int error) {
            events.add(seq + " ? " + error);
        }
    }

    @Test
    void logsInTradesAndDecodesEveryResponse() throws IOException {
        try (FakeNode node = new FakeNode()) {
            Recorder r = new Recorder();
            try (OrderEntryClient c = new OrderEntryClient(r)) {
                c.connect(node.address());
                assertTrue(c.login("demo", "demo", "", 1, WAIT));
                assertEquals(FakeNode.SESSION, c.session());
                assertEquals(1, c.nextExpectedSequence());
                c.enterOrder(1, AAPL, EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 10_000, 100);
                c.enterOrder(2, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_IOC, 999, 5);
                c.cancelOrder(1);
                c.replaceOrder(3, 4, 10_100, 50);
                c.massCancel(Symbols.ALL);
                assertTrue(c.awaitSequence(6, WAIT));
                assertEquals(List.of(
                        "1 A 1 1000 AAPL BLG 10000 100",
                        "2 A 2 1001 AAPL SLI 999 5",
                        "3 E 2 1001 10010 999 5 0 R",
                        "4 C 1 7 5 0",
                        "5 U 3 4 7 10100 50 false",
                        "6 M  3 0"), r.events);
                assertEquals(7, c.nextExpectedSequence());
                c.logout();
                assertFalse(c.isConnected());
            }
        }
    }

    @Test
    void wrongPasswordIsRejected() throws IOException {
        try (FakeNode node = new FakeNode(); OrderEntryClient c = new OrderEntryClient(new Recorder())) {
            c.connect(node.address());
            assertFalse(c.login("demo", "nope", "", 1, WAIT));
            assertEquals('A', c.loginRejectReason());
            assertFalse(c.isConnected());
        }
    }

    @Test
    void sendsClientHeartbeatsWhenIdle() throws IOException {
        try (FakeNode node = new FakeNode(); OrderEntryClient c = new OrderEntryClient(new Recorder(), 4096, 20)) {
            c.connect(node.address());
            assertTrue(c.login("demo", "demo", "", 0, WAIT));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
            while (node.clientHeartbeats.get() < 2 && System.nanoTime() < deadline) {
                assertTrue(c.poll() >= 0);
                Thread.onSpinWait();
            }
            assertTrue(node.clientHeartbeats.get() >= 2, "heartbeats seen by the server: " + node.clientHeartbeats.get());
        }
    }

    @Test
    void reconnectReceivesExactlyWhatWasMissedAndAReplayFromOneIsIdentical() throws IOException {
        try (FakeNode node = new FakeNode()) {
            Recorder r = new Recorder();
            try (OrderEntryClient c = new OrderEntryClient(r)) {
                c.connect(node.address());
                assertTrue(c.login("demo", "demo", "", 1, WAIT));
                for (int i = 1; i <= 3; i++) {
                    c.enterOrder(i, AAPL, EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_DAY, 100 + i, i);
                }
                assertTrue(c.awaitSequence(3, WAIT));
                node.dropConnection();                    // the node "crashes"
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
                while (c.poll() >= 0 && System.nanoTime() < deadline) Thread.onSpinWait();
                assertFalse(c.isConnected());
                node.appendOffline(2);                    // responses released while the client was away
                node.appendOffline(3);
                assertEquals(4, c.nextExpectedSequence());
                assertTrue(c.reconnect(WAIT));            // logs in with 4
                assertTrue(c.awaitSequence(5, WAIT));
                c.enterOrder(9, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 500, 1);
                assertTrue(c.awaitSequence(6, WAIT));
                assertEquals(7, c.nextExpectedSequence());
                List<String> seqs = r.events.stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
                assertEquals(List.of("1", "2", "3", "4", "5", "6"), seqs, r.events.toString());
            }
            // a second client asking for everything sees the same stream, byte for byte decoded the same
            Recorder again = new Recorder();
            try (OrderEntryClient c2 = new OrderEntryClient(again)) {
                c2.connect(node.address());
                assertTrue(c2.login("demo", "demo", FakeNode.SESSION, 1, WAIT));
                assertTrue(c2.awaitSequence(6, WAIT));
                assertEquals(r.events, again.events);
            }
        }
    }

    @Test
    void steadyStateAllocatesNothing() throws IOException {
        try (FakeNode node = new FakeNode(); OrderEntryClient c = new OrderEntryClient(new OrderEntryListener() { })) {
            c.connect(node.address());
            assertTrue(c.login("demo", "demo", "", 0, WAIT));
            long[] token = {0};
            IOException[] failure = {null};
            AllocationMeter.Measurement m = AllocationMeter.create().steadyState(2_000, 1_000, 3, () -> {
                try {
                    long t = ++token[0];
                    c.enterOrder(t, AAPL, EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, 100, 1);
                    c.cancelOrder(t);
                    if (!c.awaitSequence(c.nextExpectedSequence() + 1, WAIT)) throw new IOException("no answer");
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) throw failure[0];
            assertEquals(0, m.bytes(), "bytes allocated by the client thread over " + m.runs() + " enter+cancel round trips");
        }
    }
}
