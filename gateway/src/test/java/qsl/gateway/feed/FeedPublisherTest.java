package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.book.EngineConfig;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;
import qsl.protocol.itch.ItchDecoder;
import qsl.protocol.mold.MoldDecoder;
import qsl.protocol.mold.MoldPacketDescriptor;

/** The exact messages each kind of command puts on the feed, and packet limits. */
class FeedPublisherTest {
    /** Records each message as "type id" (type byte, then the order id field where there is one). */
    static final class Recorder implements PacketOut {
        final List<String> messages = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        long nextSeq = -1;

        @Override
        public void send(MemorySegment p, int length) {
            lengths.add(length);
            int n = MoldDecoder.decodePacket(p, 0, length, ItchDecoder.MAX_LENGTH);
            assertTrue(n >= 0, "valid packet");
            long seq = MoldPacketDescriptor.sequence(p, 0);
            if (n > 0) {
                if (nextSeq >= 0) assertEquals(nextSeq, seq, "packets are contiguous");
                nextSeq = seq + n;
            }
            long b = MoldDecoder.firstBlock(0);
            for (int i = 0; i < n; i++) {
                long d = MoldDecoder.blockData(b);
                int len = MoldPacketDescriptor.blockLength(p, b);
                assertTrue(ItchDecoder.decode(p, d, len) > 0);
                char type = (char) p.get(java.lang.foreign.ValueLayout.JAVA_BYTE, d);
                String id = len >= 21 && "AEXDUP".indexOf(type) >= 0 ? " " + p.get(qsl.protocol.mold.MoldBytes.I64, d + 13) : "";
                messages.add(type + id);
                b = MoldDecoder.nextBlock(p, b);
            }
        }
    }

    private final Arena arena = Arena.ofAuto();
    private final Recorder rec = new Recorder();
    private final FeedPublisher pub = new FeedPublisher("UNIT", 120, 64, 2, 100, 16, rec, arena);
    private final MatchingEngine engine = new MatchingEngine(new EngineConfig(100, 2, 64), pub);

    FeedPublisherTest() {
        engine.addSymbol(SymbolSpec.open(0, 100));
        pub.addSymbol(0, "AAA");
        pub.start(0);
        rec.messages.clear();
    }

    private List<String> run(Runnable command) {
        rec.messages.clear();
        command.run();
        pub.endOfCommand();
        pub.flush();
        return new ArrayList<>(rec.messages);
    }

    private void gtc(long id, byte side, long price, long qty) {
        FlowCalls.newOrder(engine, 0, id, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
    }

    @Test
    void eachCommandKindGivesItsMessages() {
        assertEquals(List.of("A 1"), run(() -> gtc(1, Side.BUY, 100, 10)));
        assertEquals(List.of("A 2"), run(() -> gtc(2, Side.BUY, 100, 5)));
        // a crossing sell: executes 1 fully and 2 partly, then nothing rests
        assertEquals(List.of("E 1", "P 3", "E 2", "P 3"), run(() -> gtc(3, Side.SELL, 100, 12)));
        // an IOC that does not fill: nothing
        assertEquals(List.of(), run(() -> FlowCalls.newOrder(engine, 0, 4, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 200, 1)));
        // a GTC that partly fills then rests
        assertEquals(List.of("E 2", "P 5", "A 5"), run(() -> gtc(5, Side.SELL, 100, 7)));
        // a same-price reduction: partial cancel
        assertEquals(List.of("X 5"), run(() -> FlowCalls.modify(engine, 0, 5, 100, 2)));
        // a move that does not trade: replace
        assertEquals(List.of("U 5"), run(() -> FlowCalls.modify(engine, 0, 5, 105, 2)));
        // a move through the book: delete, fills, then add of the rest
        assertEquals(List.of("A 6"), run(() -> gtc(6, Side.BUY, 101, 1)));
        assertEquals(List.of("D 5", "E 6", "P 5", "A 5"), run(() -> FlowCalls.modify(engine, 0, 5, 101, 2)));
        // a cancel: delete; an unknown cancel: nothing
        assertEquals(List.of("D 5"), run(() -> FlowCalls.cancel(engine, 0, 5)));
        assertEquals(List.of(), run(() -> FlowCalls.cancel(engine, 0, 5)));
        // a FOK that cannot fill: nothing
        assertEquals(List.of("A 7"), run(() -> gtc(7, Side.BUY, 99, 3)));
        assertEquals(List.of(), run(() -> FlowCalls.newOrder(engine, 0, 8, Side.SELL, OrderType.LIMIT, TimeInForce.FOK, 99, 4)));
        // a mass cancel of account 3 (ids 7 and 11 are account 3's: id % 4): a delete per order, in book order
        assertEquals(List.of("A 11"), run(() -> gtc(11, Side.BUY, 98, 2)));
        assertEquals(List.of("A 12"), run(() -> gtc(12, Side.BUY, 98, 2)));
        assertEquals(List.of("D 7", "D 11"), run(() -> FlowCalls.massCancel(engine, 3, qsl.book.Engine.ALL_SYMBOLS)));
        assertEquals(0, pub.mirrorErrors());
        assertEquals(BookDumps.engine(engine, 0), BookDumps.feed(pub.mirror(), 0));
    }

    @Test
    void packetsNeverExceedTheMaximumAndSequenceNumbersAreContiguous() {
        for (int i = 0; i < 40; i++) gtc(100 + i, Side.BUY, 50 + i % 5, 1);
        pub.flush();
        for (int len : rec.lengths) assertTrue(len <= 120, "packet of " + len);
        assertTrue(rec.lengths.size() > 10);
        assertEquals(pub.nextSequence(), rec.nextSeq);
    }

    @Test
    void reRequestsAreAnsweredFromTheRingOrRefused() {
        for (int i = 0; i < 200; i++) gtc(100 + i, Side.BUY, 50 + i % 5, 1);
        pub.endOfCommand();
        pub.flush();
        Recorder answers = new Recorder();
        long oldest = pub.oldestRetained();
        assertTrue(oldest > 1);
        pub.retransmit(oldest, 10, answers);
        assertEquals(10, answers.messages.size());
        List<Integer> lens = answers.lengths;
        answers.lengths.clear();
        Recorder refused = new Recorder();
        MemorySegment[] last = new MemorySegment[1];
        pub.retransmit(oldest - 1, 10, (p, len) -> last[0] = MemorySegment.ofArray(p.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        assertEquals(MoldPacketDescriptor.NOT_AVAILABLE, MoldPacketDescriptor.count(last[0], 0));
        assertEquals(oldest, MoldPacketDescriptor.sequence(last[0], 0));
        assertTrue(refused.messages.isEmpty() && lens.isEmpty());
    }
}
