package qsl.protocol.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPServer;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPServerStatusListener;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.Symbols;

/**
 * Our SoupBinTCP against someone else's: nassau ({@code com.paritytrading.nassau:nassau-core})
 * as the client while our encoders and framer play the server, then nassau as the server while
 * ours play the client, over a real 127.0.0.1 socket pair. Every packet type that either side
 * sends crosses the wire and is decoded by the other implementation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NassauInteropTest {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment out = arena.allocate(4096);
    private ServerSocketChannel listener;
    private SocketChannel ours;
    private SocketChannel theirs;
    private long now = 1_000_000;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        theirs = SocketChannel.open(listener.getLocalAddress());
        ours = listener.accept();
        theirs.configureBlocking(true);
        ours.configureBlocking(true);
    }

    @AfterEach
    void close() throws IOException {
        ours.close();
        theirs.close();
        listener.close();
        arena.close();
    }

    private void sendOurs(int length) throws IOException {
        ByteBuffer b = out.asSlice(0, length).asByteBuffer();
        while (b.hasRemaining()) ours.write(b);
    }

    /** Reads with our framer until a frame (or an error) comes out. */
    private static int nextFrame(SoupFramer framer, SocketChannel ch) throws IOException {
        int t;
        while ((t = framer.next()) == 0) {
            if (framer.read(ch) < 0) throw new IOException("end of stream");
        }
        return t;
    }

    @Test
    void nassauClientAgainstOurServerSide() throws IOException {
        List<byte[]> received = new ArrayList<>();
        String[] accepted = new String[1];
        long[] acceptedSeq = {-1};
        boolean[] ended = {false};
        SoupBinTCPClient client = new SoupBinTCPClient(() -> now, theirs, 1024, buf -> {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            received.add(b);
        }, new SoupBinTCPClientStatusListener() {
            @Override public void heartbeatTimeout(SoupBinTCPClient session) { throw new AssertionError("timeout"); }
            @Override public void loginAccepted(SoupBinTCPClient session, SoupBinTCP.LoginAccepted p) {
                accepted[0] = p.getSession();
                acceptedSeq[0] = p.getSequenceNumber();
            }
            @Override public void loginRejected(SoupBinTCPClient session, SoupBinTCP.LoginRejected p) { throw new AssertionError(); }
            @Override public void endOfSession(SoupBinTCPClient session) { ended[0] = true; }
        });
        SoupFramer framer = new SoupFramer(arena.allocate(1026), 1024, SoupPacketType.FROM_CLIENT);

        // nassau's Login Request, read by our framer
        SoupBinTCP.LoginRequest login = new SoupBinTCP.LoginRequest();
        login.setUsername("ALICE");
        login.setPassword("hunter2");
        login.setRequestedSession("SESS01");
        login.setRequestedSequenceNumber(17);
        client.login(login);
        assertEquals('L', nextFrame(framer, ours));
        MemorySegment f = framer.segment();
        long at = framer.frameOffset();
        assertTrue(LoginRequestDescriptor.usernameEquals(f, at, "ALICE"));
        assertTrue(LoginRequestDescriptor.passwordEquals(f, at, "hunter2"));
        assertTrue(LoginRequestDescriptor.requestedSessionEquals(f, at, "SESS01"));
        assertEquals(17, LoginRequestDescriptor.requestedSequenceNumber(f, at));

        // our Login Accepted + two Sequenced Data + Server Heartbeat + Debug, read by nassau
        int n = LoginAcceptedDescriptor.write(out, 0, "SESS01", 17);
        MemorySegment msg = arena.allocate(256);
        int len = AcceptedDescriptor.write(msg, 0, 5, 1001, Symbols.key("AAPL"), EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT,
                EntryCodes.TIF_GTC, 10_000, 300);
        n += SequencedDataDescriptor.write(out, n, msg, 0, len);
        int len2 = ExecutedDescriptor.write(msg, len, 5, 1001, 77, 10_000, 100, 200, EntryCodes.LIQUIDITY_ADDED);
        n += SequencedDataDescriptor.write(out, n, msg, len, len2);
        n += ServerHeartbeatDescriptor.write(out, n);
        n += DebugDescriptor.write(out, n, "hello from qsl");
        sendOurs(n);
        while (received.size() < 2) client.receive();
        assertEquals("    SESS01", accepted[0]);
        assertEquals(17, acceptedSeq[0]);
        MemorySegment r0 = MemorySegment.ofArray(received.get(0));
        assertEquals('A', EntryDecoder.decodeResponse(r0, 0, (int) r0.byteSize()));
        assertEquals(1001, AcceptedDescriptor.orderId(r0, 0));
        MemorySegment r1 = MemorySegment.ofArray(received.get(1));
        assertEquals('E', EntryDecoder.decodeResponse(r1, 0, (int) r1.byteSize()));
        assertEquals(77, ExecutedDescriptor.matchId(r1, 0));

        // nassau's Unsequenced Data (our Enter Order inside) and Client Heartbeat, read by us
        len = EnterOrderDescriptor.write(msg, 0, 6, Symbols.key("MSFT"), EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT,
                EntryCodes.TIF_IOC, 250, 40);
        client.send(msg.asSlice(0, len).asByteBuffer());
        now += 1500;
        client.keepAlive();
        assertEquals('U', nextFrame(framer, ours));
        assertEquals(len, framer.payloadLength());
        assertEquals('O', EntryDecoder.decodeRequest(framer.segment(), framer.payloadOffset(), framer.payloadLength()));
        assertEquals(6, EnterOrderDescriptor.token(framer.segment(), framer.payloadOffset()));
        assertEquals('R', nextFrame(framer, ours));

        // nassau's Logout Request; our End of Session
        client.logout();
        assertEquals('O', nextFrame(framer, ours));
        sendOurs(EndOfSessionDescriptor.write(out, 0));
        while (!ended[0]) client.receive();
    }

    @Test
    void ourClientSideAgainstNassauServer() throws IOException {
        SoupBinTCP.LoginRequest[] got = new SoupBinTCP.LoginRequest[1];
        boolean[] logout = {false};
        List<byte[]> received = new ArrayList<>();
        SoupBinTCPServer server = new SoupBinTCPServer(() -> now, ours, 1024, buf -> {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            received.add(b);
        }, new SoupBinTCPServerStatusListener() {
            @Override public void heartbeatTimeout(SoupBinTCPServer session) { throw new AssertionError("timeout"); }
            @Override public void loginRequest(SoupBinTCPServer session, SoupBinTCP.LoginRequest p) { got[0] = p; }
            @Override public void logoutRequest(SoupBinTCPServer session) { logout[0] = true; }
        });
        SoupFramer framer = new SoupFramer(arena.allocate(1026), 1024, SoupPacketType.FROM_SERVER);
        MemorySegment buf = arena.allocate(4096);

        // our Login Request, read by nassau
        int n = LoginRequestDescriptor.write(buf, 0, "BOB", "pw", "", 1);
        writeTheirs(buf, n);
        while (got[0] == null) server.receive();
        assertEquals("BOB   ", got[0].getUsername());
        assertEquals("pw        ", got[0].getPassword());
        assertEquals("          ", got[0].getRequestedSession());
        assertEquals(1, got[0].getRequestedSequenceNumber());

        // nassau's Login Accepted, Sequenced Data, heartbeat, End of Session, read by our framer
        SoupBinTCP.LoginAccepted acc = new SoupBinTCP.LoginAccepted();
        acc.setSession("QSL");
        acc.setSequenceNumber(1);
        server.accept(acc);
        MemorySegment msg = arena.allocate(64);
        int len = AcceptedDescriptor.write(msg, 0, 9, 42, Symbols.key("IBM"), EntryCodes.SIDE_SELL, EntryCodes.TYPE_MARKET,
                EntryCodes.TIF_FOK, 0, 5);
        server.send(msg.asSlice(0, len).asByteBuffer());
        now += 1500;
        server.keepAlive();
        assertEquals('A', nextFrame(framer, theirs));
        assertTrue(LoginAcceptedDescriptor.sessionEquals(framer.segment(), framer.frameOffset(), "QSL"));
        assertEquals(1, LoginAcceptedDescriptor.sequenceNumber(framer.segment(), framer.frameOffset()));
        assertEquals('S', nextFrame(framer, theirs));
        assertEquals('A', EntryDecoder.decodeResponse(framer.segment(), framer.payloadOffset(), framer.payloadLength()));
        assertEquals(42, AcceptedDescriptor.orderId(framer.segment(), framer.payloadOffset()));
        assertEquals('H', nextFrame(framer, theirs));

        // our Unsequenced Data, Client Heartbeat, Debug and Logout, read by nassau
        len = EnterOrderDescriptor.write(msg, 0, 10, Symbols.key("IBM"), EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT,
                EntryCodes.TIF_DAY, 99, 1);
        n = UnsequencedDataDescriptor.write(buf, 0, msg, 0, len);
        n += ClientHeartbeatDescriptor.write(buf, n);
        n += DebugDescriptor.write(buf, n, "debug from qsl");
        n += LogoutRequestDescriptor.write(buf, n);
        writeTheirs(buf, n);
        while (!logout[0]) server.receive();
        assertEquals(1, received.size());
        MemorySegment m = MemorySegment.ofArray(received.get(0));
        assertEquals('O', EntryDecoder.decodeRequest(m, 0, (int) m.byteSize()));
        assertEquals(10, EnterOrderDescriptor.token(m, 0));

        server.endSession();
        assertEquals('Z', nextFrame(framer, theirs));
    }

    @Test
    void nassauLoginRejectIsDecoded() throws IOException {
        SoupBinTCPServer server = new SoupBinTCPServer(() -> now, ours, 1024, buf -> { }, new SoupBinTCPServerStatusListener() {
            @Override public void heartbeatTimeout(SoupBinTCPServer session) { }
            @Override public void loginRequest(SoupBinTCPServer session, SoupBinTCP.LoginRequest p) throws IOException {
                SoupBinTCP.LoginRejected rej = new SoupBinTCP.LoginRejected();
                rej.setRejectReasonCode(SoupBinTCP.LOGIN_REJECT_CODE_SESSION_NOT_AVAILABLE);
                session.reject(rej);
            }
            @Override public void logoutRequest(SoupBinTCPServer session) { }
        });
        MemorySegment buf = arena.allocate(64);
        writeTheirs(buf, LoginRequestDescriptor.write(buf, 0, "X", "Y", "NOPE", 123456789));
        server.receive();
        SoupFramer framer = new SoupFramer(arena.allocate(66), 64, SoupPacketType.FROM_SERVER);
        assertEquals('J', nextFrame(framer, theirs));
        assertEquals(LoginRejectedDescriptor.SESSION_NOT_AVAILABLE,
                LoginRejectedDescriptor.reason(framer.segment(), framer.frameOffset()));
    }

    private void writeTheirs(MemorySegment buf, int n) throws IOException {
        ByteBuffer b = buf.asSlice(0, n).asByteBuffer();
        while (b.hasRemaining()) theirs.write(b);
    }
}
