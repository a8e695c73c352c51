package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.book.RejectReason;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;
import qsl.protocol.entry.CanceledReason;
import qsl.protocol.entry.GatewayReason;

/** The node over real loopback sockets: reject reasons, ownership, malformed peers, slow consumers, cancel-on-disconnect. */
@Timeout(120)
class NodeWireTest {

    static NodeConfig rules(NodeFixture f) {
        // RULE: tick 5, quantity 10..1000, notional <= 500000, collar 100 around the last trade.
        return f.config().withSymbols(Venue.parseSymbols("AAPL:10000,RULE:1000:5:10:1000:500000:100"))
                .withSizes(64L << 20, 1 << 16, 64, 48);
    }

    static EntryClient.Packet answer(EntryClient c) throws IOException {
        EntryClient.Packet p = c.next(10_000);
        assertNotNull(p, "no answer");
        return p;
    }

    static void expectReject(EntryClient c, long token, byte reason) throws IOException {
        EntryClient.Packet p = answer(c);
        assertEquals(Wire.REJECTED, p.messageType(), "expected Rejected for token " + token + ", got " + p);
        assertEquals(token, p.longAt(Wire.REJ_TOKEN));
        assertEquals(reason, p.byteAt(Wire.REJ_REASON), "reason for token " + token);
    }

    @Test
    void everyReachableRejectReason() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            f.start(rules(f));
            try (EntryClient a = f.login("alice"); EntryClient b = f.login("bob")) {
                a.enter(1, "RULE", 'X', 'L', 'G', 1000, 10);
                expectReject(a, 1, RejectReason.INVALID_SIDE);
                a.enter(2, "RULE", 'B', 'Q', 'G', 1000, 10);
                expectReject(a, 2, RejectReason.INVALID_TYPE);
                a.enter(3, "RULE", 'B', 'L', 'Q', 1000, 10);
                expectReject(a, 3, RejectReason.INVALID_TIF);
                a.enter(4, "RULE", 'B', 'M', 'G', 0, 10);
                expectReject(a, 4, RejectReason.INVALID_TIF); // a market order cannot be GTC
                a.enter(5, "RULE", 'B', 'L', 'G', 0, 10);
                expectReject(a, 5, RejectReason.INVALID_PRICE);
                a.enter(6, "RULE", 'B', 'L', 'G', 1001, 10);
                expectReject(a, 6, RejectReason.TICK_SIZE);
                a.enter(7, "RULE", 'B', 'L', 'G', 1000, 0);
                expectReject(a, 7, RejectReason.INVALID_QUANTITY);
                a.enter(8, "RULE", 'B', 'L', 'G', 1000, 5);
                expectReject(a, 8, RejectReason.QUANTITY_BELOW_MIN);
                a.enter(9, "RULE", 'B', 'L', 'G', 1000, 1001);
                expectReject(a, 9, RejectReason.QUANTITY_ABOVE_MAX);
                a.enter(10, "RULE", 'B', 'L', 'G', 1000, 600);
                expectReject(a, 10, RejectReason.NOTIONAL_ABOVE_MAX);
                // A trade at 1000 switches the collar on.
                a.enter(11, "RULE", 'B', 'L', 'G', 1000, 10);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                b.enter(1, "RULE", 'S', 'L', 'I', 1000, 10);
                assertEquals(Wire.ACCEPTED, answer(b).messageType());
                assertEquals(Wire.EXECUTED, answer(b).messageType());
                assertEquals(Wire.EXECUTED, answer(a).messageType());
                a.enter(12, "RULE", 'B', 'L', 'G', 1200, 10);
                expectReject(a, 12, RejectReason.PRICE_COLLAR);
                // Gateway reasons.
                a.enter(13, "NOPE", 'B', 'L', 'G', 1000, 10);
                expectReject(a, 13, GatewayReason.UNKNOWN_SYMBOL);
                a.enter(14, "A PL", 'B', 'L', 'G', 1000, 10);
                expectReject(a, 14, GatewayReason.INVALID_MESSAGE);
                a.enter(15, "AAPL", 'B', 'L', 'G', 9000, 10);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                a.enter(15, "AAPL", 'B', 'L', 'G', 9000, 10);
                expectReject(a, 15, GatewayReason.DUPLICATE_TOKEN);
                a.cancel(999);
                EntryClient.Packet cr = answer(a);
                assertEquals(Wire.CANCEL_REJECT, cr.messageType());
                assertEquals(GatewayReason.UNKNOWN_TOKEN, cr.byteAt(Wire.CREJ_REASON));
                a.replace(999, 1000, 9000, 5);
                EntryClient.Packet rr = answer(a);
                assertEquals(Wire.REPLACE_REJECT, rr.messageType());
                assertEquals(GatewayReason.UNKNOWN_TOKEN, rr.byteAt(Wire.RREJ_REASON));
                a.enter(16, "AAPL", 'B', 'L', 'G', 9000, 10);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                a.replace(15, 16, 9000, 5);
                rr = answer(a);
                assertEquals(Wire.REPLACE_REJECT, rr.messageType());
                assertEquals(GatewayReason.DUPLICATE_TOKEN, rr.byteAt(Wire.RREJ_REASON));
                a.replace(15, 17, 9000, 0);
                rr = answer(a);
                assertEquals(Wire.REPLACE_REJECT, rr.messageType());
                assertEquals(RejectReason.INVALID_QUANTITY, rr.byteAt(Wire.RREJ_REASON));
                a.massCancel("NOPE");
                EntryClient.Packet ma = answer(a);
                assertEquals(Wire.MASS_CANCEL_ACK, ma.messageType());
                assertEquals(GatewayReason.UNKNOWN_SYMBOL, ma.byteAt(13));
                // Live orders per session (48): the 49th is throttled; the engine's 64 slots then fill up.
                int live = 2; // tokens 15 and 16
                long t = 100;
                while (live < 48) {
                    a.enter(t++, "AAPL", 'B', 'L', 'G', 9000, 10);
                    assertEquals(Wire.ACCEPTED, answer(a).messageType());
                    live++;
                }
                a.enter(t, "AAPL", 'B', 'L', 'G', 9000, 10);
                expectReject(a, t, GatewayReason.THROTTLED);
                long bt = 100;
                for (int i = 0; i < 16; i++) {
                    b.enter(bt++, "AAPL", 'S', 'L', 'G', 11_000, 10);
                    assertEquals(Wire.ACCEPTED, answer(b).messageType());
                }
                b.enter(bt, "AAPL", 'S', 'L', 'G', 11_000, 10);
                expectReject(b, bt, RejectReason.BOOK_FULL);
            }
        }
    }

    @Test
    void ownershipIsPerSessionTokenAndPerAccountMassCancel() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            f.start();
            // alice and carol trade for account 1, bob for account 2.
            try (EntryClient a = f.login("alice"); EntryClient b = f.login("bob"); EntryClient c = f.login("carol")) {
                a.enter(1, "AAPL", 'B', 'L', 'G', 9000, 10);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                a.enter(2, "MSFT", 'B', 'L', 'G', 9000, 10);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                // bob cannot cancel or replace alice's order: her token means nothing in his session.
                b.cancel(1);
                EntryClient.Packet p = answer(b);
                assertEquals(Wire.CANCEL_REJECT, p.messageType());
                assertEquals(GatewayReason.UNKNOWN_TOKEN, p.byteAt(Wire.CREJ_REASON));
                b.replace(1, 5, 9100, 10);
                p = answer(b);
                assertEquals(Wire.REPLACE_REJECT, p.messageType());
                // bob's mass cancel cancels bob's orders only.
                b.enter(1, "AAPL", 'S', 'L', 'G', 11_000, 10);
                assertEquals(Wire.ACCEPTED, answer(b).messageType());
                b.massCancel("");
                p = answer(b);
                assertEquals(Wire.CANCELED, p.messageType());
                assertEquals(CanceledReason.MASS, p.byteAt(Wire.CAN_REASON));
                p = answer(b);
                assertEquals(Wire.MASS_CANCEL_ACK, p.messageType());
                assertEquals(1, p.intAt(Wire.MACK_COUNT));
                assertEquals(0, p.byteAt(13));
                // alice's orders are untouched: she cancels one herself.
                a.cancel(1);
                p = answer(a);
                assertEquals(Wire.CANCELED, p.messageType());
                assertEquals(CanceledReason.USER, p.byteAt(Wire.CAN_REASON));
                // carol trades for the same account: her mass cancel of MSFT takes alice's MSFT order.
                c.massCancel("MSFT");
                p = answer(c);
                assertEquals(Wire.MASS_CANCEL_ACK, p.messageType());
                assertEquals(1, p.intAt(Wire.MACK_COUNT));
                p = answer(a);
                assertEquals(Wire.CANCELED, p.messageType());
                assertEquals(2, p.longAt(Wire.CAN_TOKEN));
                assertEquals(CanceledReason.MASS, p.byteAt(Wire.CAN_REASON));
            }
        }
    }

    static byte[] frame(char type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(3 + payload.length);
        b.putShort((short) (payload.length + 1)).put((byte) type).put(payload);
        return b.array();
    }

    static byte[] enter(long token) {
        ByteBuffer b = ByteBuffer.allocate(Wire.ENTER_LENGTH);
        b.put(Wire.ENTER_ORDER).putLong(token).putLong(EntryClient.symbol("AAPL")).put((byte) 'B').put((byte) 'L').put((byte) 'G')
                .putLong(9000).putLong(10);
        return b.array();
    }

    /** Logs in as eve, sends {@code bytes}, and checks the node closes the connection. */
    static void dropped(NodeFixture f, byte[] bytes, boolean login) throws IOException {
        try (EntryClient e = new EntryClient(f.address())) {
            if (login) assertTrue(e.login("eve", "evepw", "", 0).accepted());
            e.sendRaw(bytes);
            assertTrue(e.closedByServer(10_000), "the node must drop the peer after " + bytes.length + " bad bytes");
        }
    }

    @Test
    void malformedPeersAreDroppedOthersCarryOnAndTheLogHasNoTrace() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            Node node = f.start();
            try (EntryClient a = f.login("alice")) {
                long token = 1;
                List<byte[]> bad = new ArrayList<>();
                bad.add(frame('Q', new byte[3]));                                  // unknown packet type
                bad.add(frame('U', new byte[] {'Z', 1, 2, 3}));                     // unknown message type
                bad.add(frame('U', java.util.Arrays.copyOf(enter(7), 30)));         // Enter Order too short
                bad.add(frame('U', java.util.Arrays.copyOf(enter(7), 40)));         // Enter Order too long
                bad.add(frame('U', new byte[0]));                                   // empty message
                bad.add(new byte[] {0, 0});                                         // length 0
                bad.add(new byte[] {(byte) 0xFF, (byte) 0xFF, 'U'});                // length above the maximum
                bad.add(frame('R', new byte[] {1}));                                // heartbeat with a payload
                bad.add(frame('A', new byte[30]));                                  // a server-only packet
                for (byte[] b : bad) {
                    dropped(f, b, true);
                    a.enter(token, "AAPL", 'B', 'L', 'G', 9000, 1);
                    EntryClient.Packet p = answer(a);
                    assertEquals(Wire.ACCEPTED, p.messageType(), "alice carries on");
                    assertEquals(token++, p.longAt(Wire.ACC_TOKEN));
                }
                // Before login: anything but a Login Request.
                dropped(f, frame('U', enter(1)), false);
                dropped(f, frame('R', new byte[0]), false);
                // A login flood on one connection: the second Login Request drops it.
                try (EntryClient e = new EntryClient(f.address())) {
                    assertTrue(e.login("eve", "evepw", "", 0).accepted());
                    byte[] login = new byte[Wire.LOGIN_REQUEST_LENGTH + 3];
                    java.util.Arrays.fill(login, (byte) ' ');
                    login[0] = 0;
                    login[1] = (byte) (Wire.LOGIN_REQUEST_LENGTH + 1);
                    login[2] = 'L';
                    login[3] = 'e'; login[4] = 'v'; login[5] = 'e';
                    login[login.length - 1] = '1';
                    ByteBuffer flood = ByteBuffer.allocate(login.length * 50);
                    for (int i = 0; i < 50; i++) flood.put(login);
                    e.sendRaw(flood.array());
                    assertTrue(e.closedByServer(10_000));
                }
                // Many wrong passwords and unknown users: each refused, none logged in.
                for (int i = 0; i < 20; i++) {
                    try (EntryClient e = new EntryClient(f.address())) {
                        EntryClient.Login l = e.login(i % 2 == 0 ? "eve" : "mallor", "wrong" + i, "", 0);
                        assertFalse(l.accepted());
                        assertEquals('A', l.rejectReason());
                    }
                }
                // A truncated frame, then the peer goes away.
                try (EntryClient e = new EntryClient(f.address())) {
                    assertTrue(e.login("eve", "evepw", "", 0).accepted());
                    e.sendRaw(java.util.Arrays.copyOf(frame('U', enter(3)), 20));
                }
                // Garbage that is not even SoupBinTCP on a raw socket.
                try (Socket s = new Socket("127.0.0.1", f.address().getPort())) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.setSoTimeout(10_000);
                    assertEquals(-1, s.getInputStream().read(), "an HTTP request is dropped");
                }
                a.enter(token, "AAPL", 'B', 'L', 'G', 9000, 1);
                assertEquals(Wire.ACCEPTED, answer(a).messageType());
                long good = token;
                node.stop(2000);
                // The log holds alice's orders and nothing else: no trace of the garbage.
                assertEquals(good, Node.count(f.dir.resolve("data").resolve(Node.JOURNAL_DIR)));
            }
        }
    }

    @Test
    void slowConsumerIsDroppedOthersUnaffectedAndItsResponsesStayRetrievable() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            f.start(f.config().withTimeouts(200, 30_000, 256 << 10));
            int orders = 60_000;
            try (EntryClient a = f.login("alice"); EntryClient s = f.login("slow")) {
                s.socket().setReceiveBufferSize(4096);
                // slow sends and never reads; its orders rest far from the market, so each has one Accepted.
                Thread sender = new Thread(() -> {
                    try {
                        for (int i = 1; i <= orders; i++) s.enter(i, "GOOG", 'B', 'L', 'I', 100, 1);
                    } catch (IOException ignored) {
                        // dropped mid-send, or its socket closed below: fine
                    }
                }, "slow-sender");
                sender.setDaemon(true);
                sender.start();
                // Meanwhile alice trades normally.
                for (int i = 1; i <= 200; i++) {
                    a.enter(i, "AAPL", 'B', 'L', 'I', 9000, 1);
                    assertEquals(Wire.ACCEPTED, answer(a).messageType());
                    assertEquals(Wire.CANCELED, answer(a).messageType());
                }
                // The drop as the node sees it: slow may log in again only once its first connection is gone
                // ("already logged in" until then). Not through that connection's own teardown: its sender blocks in a
                // socket write that has no time bound, and the node's close reaches it only after the node's selector
                // releases the socket and the megabytes queued towards a 4 KB receive buffer have drained.
                try (EntryClient again = loginOnceDropped(f, "slow", 90_000)) {
                    s.socket().setSoLinger(true, 0);
                    s.close(); // ends the blocked sender at once
                    sender.join(60_000);
                    assertFalse(sender.isAlive(), "the sender ends once its socket is closed");
                    // Its responses are all in its stream: logged in again from 1, read them.
                    long accepted = 0;
                    long expect = 1;
                    EntryClient.Packet p;
                    while ((p = again.next(3000)) != null) {
                        if (p.messageType() == Wire.ACCEPTED) {
                            assertEquals(expect++, p.longAt(Wire.ACC_TOKEN));
                            accepted++;
                        }
                    }
                    assertTrue(accepted > 0);
                    assertEquals(expect - 1, accepted, "no gap in the slow consumer's stream");
                }
            }
        }
    }

    /** A new connection of {@code user} logged in from message 1, once the node accepts it (it refuses a second login); fails after {@code patienceMillis}. */
    private static EntryClient loginOnceDropped(NodeFixture f, String user, long patienceMillis) throws Exception {
        long deadline = System.currentTimeMillis() + patienceMillis;
        byte reason = 0;
        while (System.currentTimeMillis() < deadline) {
            EntryClient c = new EntryClient(f.address());
            EntryClient.Login l = c.login(user, user + "pw", "", 1);
            if (l.accepted()) return c;
            reason = l.rejectReason();
            c.close();
            Thread.sleep(100);
        }
        throw new AssertionError(user + " was not dropped within " + patienceMillis + " ms (last login refused: " + (char) reason + ")");
    }

    @Test
    void cancelOnDisconnect() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            f.start();
            try (EntryClient d = f.login("dave")) {
                for (int i = 1; i <= 3; i++) {
                    d.enter(i, "AAPL", 'S', 'L', 'G', 12_000, 5);
                    assertEquals(Wire.ACCEPTED, answer(d).messageType());
                }
            }
            Thread.sleep(300);
            try (EntryClient d = new EntryClient(f.address())) {
                assertTrue(d.login("dave", "davepw", "", 4).accepted());
                for (int i = 1; i <= 3; i++) {
                    EntryClient.Packet p = answer(d);
                    assertEquals(Wire.CANCELED, p.messageType());
                    assertEquals(i, p.longAt(Wire.CAN_TOKEN));
                    assertEquals(CanceledReason.MASS, p.byteAt(Wire.CAN_REASON));
                }
                EntryClient.Packet ack = answer(d);
                assertEquals(Wire.MASS_CANCEL_ACK, ack.messageType());
                assertEquals(3, ack.intAt(Wire.MACK_COUNT));
            }
        }
    }
}
