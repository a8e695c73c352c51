package qsl.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.Accounts;
import qsl.gateway.Node;
import qsl.gateway.NodeConfig;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.Symbols;
import qsl.wal.DurabilityMode;

/**
 * An independent SoupBinTCP client against a real in-process node on 127.0.0.1: nassau
 * ({@code com.paritytrading.nassau:nassau-core}) logs in, sends Enter Order in Unsequenced Data
 * and reads the Sequenced Data replies; two nassau sessions cross; one logs in again with
 * requested sequence number 1 and receives the same responses again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NassauNodeTest {
    private static final long AAPL = Symbols.key("AAPL");
    private final Path dir;
    private Node node;
    private long now = 1_000_000;

    NassauNodeTest() throws IOException {
        dir = Files.createTempDirectory("qsl-nassau-node-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (node != null) node.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** One nassau session and what it received. */
    final class Nassau implements SoupBinTCPClientStatusListener {
        final List<byte[]> messages = new ArrayList<>();
        final SoupBinTCPClient client;
        long acceptedSequence = -1;
        byte rejected;

        Nassau() throws IOException {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", node.address().getPort()));
            ch.configureBlocking(false);
            client = new SoupBinTCPClient(() -> now, ch, 1024, buf -> {
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                messages.add(b);
            }, this);
        }

        void login(String user, String password, long requested) throws IOException {
            SoupBinTCP.LoginRequest l = new SoupBinTCP.LoginRequest();
            l.setUsername(user);
            l.setPassword(password);
            l.setRequestedSession("");
            l.setRequestedSequenceNumber(requested);
            client.login(l);
            await(() -> acceptedSequence >= 0 || rejected != 0);
        }

        void enter(long token, byte side, long price, long quantity) throws IOException {
            MemorySegment m = MemorySegment.ofArray(new byte[EnterOrderDescriptor.LENGTH]);
            EnterOrderDescriptor.write(m, 0, token, AAPL, side, EntryCodes.TYPE_LIMIT, EntryCodes.TIF_GTC, price, quantity);
            client.send(ByteBuffer.wrap(m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }

        void await(BooleanSupplier done) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!done.getAsBoolean()) {
                if (client.receive() < 0) throw new IOException("node closed the connection");
                if (System.nanoTime() > deadline) throw new AssertionError("no answer from the node");
                Thread.onSpinWait();
            }
        }

        @Override public void heartbeatTimeout(SoupBinTCPClient session) {
            throw new AssertionError("heartbeat timeout");
        }

        @Override public void loginAccepted(SoupBinTCPClient session, SoupBinTCP.LoginAccepted p) {
            acceptedSequence = p.getSequenceNumber();
        }

        @Override public void loginRejected(SoupBinTCPClient session, SoupBinTCP.LoginRejected p) {
            rejected = p.getRejectReasonCode();
        }

        @Override public void endOfSession(SoupBinTCPClient session) { }
    }

    @Test
    void nassauLogsInEntersOrdersAndReadsTheReplies() throws IOException {
        NodeConfig c = NodeConfig.defaults(dir.resolve("data")).withPort(0).withDurability(DurabilityMode.BATCH).withPin(false);
        node = new Node.Builder(c).accounts(Accounts.parse(List.of("alice 1 alicepw", "bob 2 bobpw"), "test"))
                .log(new PrintStream(OutputStream.nullOutputStream())).start();

        Nassau bad = new Nassau();
        bad.login("alice", "wrong", 1);
        assertEquals(SoupBinTCP.LOGIN_REJECT_CODE_NOT_AUTHORIZED, bad.rejected);
        bad.client.close();

        Nassau alice = new Nassau();
        alice.login("alice", "alicepw", 1);
        assertEquals(1, alice.acceptedSequence);
        Nassau bob = new Nassau();
        bob.login("bob", "bobpw", 1);

        alice.enter(1, EntryCodes.SIDE_BUY, 10_000, 100);
        alice.await(() -> alice.messages.size() == 1);
        bob.enter(2, EntryCodes.SIDE_SELL, 10_000, 30);
        bob.await(() -> bob.messages.size() == 2);
        alice.await(() -> alice.messages.size() == 2);

        MemorySegment a0 = MemorySegment.ofArray(alice.messages.get(0));
        assertEquals('A', EntryDecoder.decodeResponse(a0, 0, (int) a0.byteSize()));
        assertEquals(1, AcceptedDescriptor.token(a0, 0));
        assertEquals(100, AcceptedDescriptor.quantity(a0, 0));
        MemorySegment a1 = MemorySegment.ofArray(alice.messages.get(1));
        MemorySegment b1 = MemorySegment.ofArray(bob.messages.get(1));
        assertEquals('E', EntryDecoder.decodeResponse(a1, 0, (int) a1.byteSize()));
        assertEquals('E', EntryDecoder.decodeResponse(b1, 0, (int) b1.byteSize()));
        assertEquals(ExecutedDescriptor.matchId(a1, 0), ExecutedDescriptor.matchId(b1, 0));
        assertEquals(30, ExecutedDescriptor.quantity(a1, 0));
        assertEquals(70, ExecutedDescriptor.leavesQuantity(a1, 0));
        assertEquals(EntryCodes.LIQUIDITY_ADDED, ExecutedDescriptor.liquidity(a1, 0));
        assertEquals(EntryCodes.LIQUIDITY_REMOVED, ExecutedDescriptor.liquidity(b1, 0));
        now += 1500;
        alice.client.keepAlive();   // nassau's Client Heartbeat is taken quietly
        alice.client.logout();
        alice.client.close();

        // log in again from 1: the same two responses, byte for byte
        Nassau again = new Nassau();
        again.login("alice", "alicepw", 1);
        assertEquals(1, again.acceptedSequence);
        again.await(() -> again.messages.size() == 2);
        assertTrue(java.util.Arrays.equals(alice.messages.get(0), again.messages.get(0)));
        assertTrue(java.util.Arrays.equals(alice.messages.get(1), again.messages.get(1)));
        again.client.close();
        bob.client.close();
    }
}
