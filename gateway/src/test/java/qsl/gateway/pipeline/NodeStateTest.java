package qsl.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import qsl.book.Side;

/** The node's snapshot extension ({@link NodeStateDescriptor}): round trip, every truncation refused, decoding total. */
class NodeStateTest {
    /** Inputs per fuzz run: 100,000 by default, 10 M with -Dqsl.fuzz=long. */
    static final int FUZZ = "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;

    static byte[] sample() {
        byte[] b = new byte[NodeState.length(2, 3)];
        MemorySegment s = MemorySegment.ofArray(b);
        NodeState.header(s, 2, 3, 40, 17, 99);
        NodeState.sessionEntry(s, 0, 0x616C696365202020L, 1, false);
        NodeState.sessionEntry(s, 1, 0x626F622020202020L, 2, true);
        NodeState.storeCounts(b, 0, 10, 400);
        NodeState.storeCounts(b, 1, 3, 90);
        NodeState.orderEntry(s, 2, 0, 5, 1005, 0, 0, Side.BUY);
        NodeState.orderEntry(s, 2, 1, 7, 2007, 1, 3, Side.SELL);
        NodeState.orderEntry(s, 2, 2, 40, 1040, 0, 1, Side.SELL);
        return b;
    }

    @Test
    void roundTrip() {
        NodeState.Decoded.Ok ok = assertInstanceOf(NodeState.Decoded.Ok.class, NodeState.decode(sample()));
        assertEquals(40, ok.lastOrderId());
        assertEquals(17, ok.lastMatchId());
        assertEquals(99, ok.commands());
        assertEquals(new NodeState.SessionEntry(0x626F622020202020L, 2, true, 3, 90), ok.sessions().get(1));
        assertEquals(new NodeState.OrderEntry(7, 2007, 1, 3, Side.SELL), ok.orders().get(1));
        assertEquals(2, NodeState.sessions(sample()));
        assertInstanceOf(NodeState.Decoded.Ok.class, NodeState.decode(NodeState.empty()));
    }

    @Test
    void everyTruncationAndHeaderFlipIsRefused() {
        byte[] p = sample();
        for (int cut = 0; cut < p.length; cut++) {
            assertInstanceOf(NodeState.Decoded.Malformed.class, NodeState.decode(Arrays.copyOf(p, cut)), "cut at " + cut);
        }
        for (int at : new int[] {0, 8, 12, 16, 20}) {
            byte[] c = p.clone();
            c[at] ^= 1;
            assertInstanceOf(NodeState.Decoded.Malformed.class, NodeState.decode(c), "flip at " + at);
        }
        assertInstanceOf(NodeState.Decoded.Malformed.class, NodeState.decode(null));
    }

    @Test
    void decodingIsTotal() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] valid = sample();
        for (int i = 0; i < FUZZ; i++) {
            byte[] in;
            if ((i & 1) == 0) {
                in = new byte[r.nextInt(200)];
                r.nextBytes(in);
            } else {
                in = valid.clone();
                int flips = 1 + r.nextInt(4);
                for (int k = 0; k < flips; k++) in[r.nextInt(in.length)] = (byte) r.nextInt(256);
                if (r.nextInt(4) == 0) in = Arrays.copyOf(in, r.nextInt(in.length + 40));
            }
            assertNotNull(NodeState.decode(in));
        }
    }
}
