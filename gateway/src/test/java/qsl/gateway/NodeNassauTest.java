package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.EntryDecoder;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.Symbols;

/** nassau (an independent SoupBinTCP implementation) as the client of a real node over loopback. */
@Timeout(60)
class NodeNassauTest {

    static final class Nassau {
        final SocketChannel channel;
        final SoupBinTCPClient client;
        final List<byte[]> received = new ArrayList<>();
        String session;
        long nextSequence = -1;
        boolean rejected;

        Nassau(NodeFixture f) throws IOException {
            channel = SocketChannel.open(f.address());
            client = new SoupBinTCPClient(System::currentTimeMillis, channel, 1024, buf -> {
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                received.add(b);
            }, new SoupBinTCPClientStatusListener() {
                @Override public void heartbeatTimeout(SoupBinTCPClient s) { throw new AssertionError("heartbeat timeout"); }
                @Override public void loginAccepted(SoupBinTCPClient s, SoupBinTCP.LoginAccepted p) {
                    session = p.getSession();
                    nextSequence = p.getSequenceNumber();
                }
                @Override public void loginRejected(SoupBinTCPClient s, SoupBinTCP.LoginRejected p) { rejected = true; }
                @Override public void endOfSession(SoupBinTCPClient s) { }
            });
        }

        void login(String user, String password) throws IOException {
            SoupBinTCP.LoginRequest l = new SoupBinTCP.LoginRequest();
            l.setUsername(user);
            l.setPassword(password);
            l.setRequestedSession("");
            l.setRequestedSequenceNumber(1);
            client.login(l);
            while (session == null && !rejected) client.receive();
        }

        MemorySegment await(int count) throws IOException {
            while (received.size() < count) client.receive();
            return MemorySegment.ofArray(received.get(count - 1));
        }
    }

    @Test
    void nassauClientsLogInEnterOrdersAndCross() throws Exception {
        try (NodeFixture f = new NodeFixture(); Arena arena = Arena.ofConfined()) {
            Node node = f.start();
            Nassau a = new Nassau(f);
            a.login("alice", "alicepw");
            assertEquals(String.format("%10s", node.venue().session()), String.format("%10s", a.session.strip()));
            assertEquals(1, a.nextSequence);
            Nassau b = new Nassau(f);
            b.login("bob", "bobpw");

            MemorySegment msg = arena.allocate(64);
            int len = EnterOrderDescriptor.write(msg, 0, 41, Symbols.key("AAPL"), EntryCodes.SIDE_SELL, EntryCodes.TYPE_LIMIT,
                    EntryCodes.TIF_GTC, 10_000, 300);
            a.client.send(msg.asSlice(0, len).asByteBuffer());
            MemorySegment acc = a.await(1);
            assertEquals('A', EntryDecoder.decodeResponse(acc, 0, (int) acc.byteSize()));
            assertEquals(41, AcceptedDescriptor.token(acc, 0));
            long makerId = AcceptedDescriptor.orderId(acc, 0);

            len = EnterOrderDescriptor.write(msg, 0, 7, Symbols.key("AAPL"), EntryCodes.SIDE_BUY, EntryCodes.TYPE_LIMIT,
                    EntryCodes.TIF_IOC, 10_100, 100);
            b.client.send(msg.asSlice(0, len).asByteBuffer());
            MemorySegment bacc = b.await(1);
            assertEquals('A', EntryDecoder.decodeResponse(bacc, 0, (int) bacc.byteSize()));
            MemorySegment bexe = b.await(2);
            assertEquals('E', EntryDecoder.decodeResponse(bexe, 0, (int) bexe.byteSize()));
            assertEquals(10_000, ExecutedDescriptor.price(bexe, 0));
            assertEquals(100, ExecutedDescriptor.quantity(bexe, 0));
            MemorySegment aexe = a.await(2);
            assertEquals('E', EntryDecoder.decodeResponse(aexe, 0, (int) aexe.byteSize()));
            assertEquals(makerId, ExecutedDescriptor.orderId(aexe, 0));
            assertEquals(200, ExecutedDescriptor.leavesQuantity(aexe, 0));
            assertEquals(ExecutedDescriptor.matchId(aexe, 0), ExecutedDescriptor.matchId(bexe, 0));

            // Server heartbeats keep nassau's session alive past its own timeout check.
            long until = System.currentTimeMillis() + 1200;
            while (System.currentTimeMillis() < until) {
                a.client.keepAlive();
                Thread.sleep(50);
            }
            a.client.logout();
            b.client.logout();
            a.channel.close();
            b.channel.close();

            // nassau logs in again from sequence 1 and gets the same stream.
            Nassau again = new Nassau(f);
            again.login("alice", "alicepw");
            MemorySegment r1 = again.await(1);
            MemorySegment r2 = again.await(2);
            assertTrue(acc.mismatch(r1) == -1 && aexe.mismatch(r2) == -1, "the replayed stream is byte-identical");
            again.channel.close();
        }
    }
}
