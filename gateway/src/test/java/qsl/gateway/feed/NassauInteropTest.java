package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paritytrading.nassau.moldudp64.MoldUDP64Client;
import com.paritytrading.nassau.moldudp64.MoldUDP64ClientState;
import com.paritytrading.nassau.moldudp64.MoldUDP64ClientStatusListener;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.protocol.mold.MoldBytes;

/**
 * nassau's MoldUDP64 client (someone else's implementation of the framing) listens to our feed
 * from sequence 1, re-requesting what it misses from our re-request server, and agrees with our
 * client message by message: the same bytes at every sequence number.
 */
class NassauInteropTest {
    @Test
    void nassauDecodesOurFramingAndAgreesOnEverySequenceNumber() throws Exception {
        try (UdpFeedTest.Venue v = new UdpFeedTest.Venue(1 << 16)) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            // Our client first, from sequence 1 (no snapshot), recording what it applied at each sequence number.
            List<String> ours = new ArrayList<>();
            FeedListener rec = new FeedListener() {
                @Override public void onApplied(long feedSequence, long engineSeq, byte type) {
                    ours.add(feedSequence + " " + (char) type + " " + engineSeq);
                }
            };
            // nassau's client on its own socket, subscribed permanently.
            DatagramChannel nassauChannel = DatagramChannel.open();
            nassauChannel.bind(new InetSocketAddress(lo, 0));
            nassauChannel.configureBlocking(false);
            v.server.addSubscriber((InetSocketAddress) nassauChannel.getLocalAddress());
            List<byte[]> nassauMessages = new ArrayList<>();
            List<Long> nassauPackets = new ArrayList<>();
            MoldUDP64Client nassau = new MoldUDP64Client(nassauChannel, v.udp(), buf -> {
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                nassauMessages.add(b);
            }, new MoldUDP64ClientStatusListener() {
                @Override public void state(MoldUDP64Client c, MoldUDP64ClientState s) {}
                @Override public void downstream(MoldUDP64Client c, long seq, int count) { nassauPackets.add(seq); }
                @Override public void request(MoldUDP64Client c, long seq, int count) {}
                @Override public void endOfSession(MoldUDP64Client c) {}
            });
            FeedClient ourClient;
            try (UdpFeedClient udp = new UdpFeedClient(v.udp(), v.tcp(), 3, 8192, 256, false, rec, v.arena)) {
                ourClient = udp.client();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (v.server.subscriberCount() < 2 && System.nanoTime() < deadline) {
                    udp.poll(System.nanoTime());
                    v.server.poll(System.nanoTime());
                }
                Flow flow = new Flow(31, 3);
                for (int round = 0; round < 40; round++) {
                    v.run(flow, 100);
                    pump(v, udp, nassau);
                }
                long target = v.server.publisher().nextSequence() - 1;
                deadline = System.nanoTime() + 20_000_000_000L;
                while (System.nanoTime() < deadline && (nassauMessages.size() < target || ourClient.expected() <= target)) {
                    v.server.poll(System.nanoTime());
                    pump(v, udp, nassau);
                    Thread.sleep(1);
                }
                assertEquals(target, nassauMessages.size(), "nassau has every message");
                assertTrue(!nassauPackets.isEmpty());
                assertEquals(target, ours.size(), "our client applied every message from sequence 1");
                for (String line : ours) {
                    String[] f = line.split(" ");
                    int seq = Integer.parseInt(f[0]);
                    byte[] m = nassauMessages.get(seq - 1);
                    long engineSeq = MemorySegment.ofArray(m).get(MoldBytes.I64, 1);
                    assertEquals(line, seq + " " + (char) m[0] + " " + engineSeq, "sequence " + seq);
                }
                // and byte for byte against what the publisher keeps
                byte[] kept = new byte[64];
                for (long s = v.server.publisher().oldestRetained(); s <= target; s++) {
                    byte[] m = nassauMessages.get((int) (s - 1));
                    int len = v.server.publisher().copyRetained(s, MemorySegment.ofArray(kept), 0);
                    assertEquals(len, m.length, "length at " + s);
                    assertEquals(-1, java.util.Arrays.mismatch(m, 0, m.length, kept, 0, len), "bytes at " + s);
                }
            } finally {
                nassau.close();
            }
        }
    }

    private static void pump(UdpFeedTest.Venue v, UdpFeedClient udp, MoldUDP64Client nassau) throws Exception {
        for (int i = 0; i < 200; i++) {
            boolean any = nassau.receive();
            int ours = udp.poll(System.nanoTime());
            v.server.poll(System.nanoTime());
            if (!any && ours == 0) break;
        }
    }
}
