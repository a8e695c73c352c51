package qsl.protocol.itch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import qsl.protocol.mold.FeedFuzz;

class ItchDecoderTest {
    static final byte[] TYPES = {'S', 'R', 'A', 'E', 'X', 'D', 'U', 'P', 'G'};
    private static final MemorySegment NAME = MemorySegment.ofArray("ABCD    ".getBytes(StandardCharsets.US_ASCII));
    private static final MemorySegment SESSION = MemorySegment.ofArray("QSL0000001".getBytes(StandardCharsets.US_ASCII));

    /** Writes a valid message of {@code type} with fields from {@code r}; returns its length. */
    static int writeValid(MemorySegment s, byte type, SplittableRandom r) {
        long seq = r.nextLong(0, Long.MAX_VALUE);
        int sym = r.nextInt(0, Integer.MAX_VALUE);
        long id = r.nextLong();
        byte side = r.nextBoolean() ? ItchSide.BUY : ItchSide.SELL;
        long q = r.nextLong(1, Long.MAX_VALUE);
        long p = r.nextLong(1, Long.MAX_VALUE);
        long m = r.nextLong();
        return switch (type) {
            case 'S' -> SystemEventDescriptor.write(s, 0, seq, r.nextBoolean() ? SystemEventCode.START_OF_MESSAGES : SystemEventCode.END_OF_MESSAGES);
            case 'R' -> SymbolDirectoryDescriptor.write(s, 0, seq, sym, NAME, 0);
            case 'A' -> AddOrderDescriptor.write(s, 0, seq, sym, id, side, q, p);
            case 'E' -> OrderExecutedDescriptor.write(s, 0, seq, sym, id, q, m, p);
            case 'X' -> OrderCancelDescriptor.write(s, 0, seq, sym, id, q);
            case 'D' -> OrderDeleteDescriptor.write(s, 0, seq, sym, id);
            case 'U' -> OrderReplaceDescriptor.write(s, 0, seq, sym, id, q, p);
            case 'P' -> TradeDescriptor.write(s, 0, seq, sym, id, side, q, p, m);
            case 'G' -> EndOfSnapshotDescriptor.write(s, 0, seq, r.nextLong(0, Long.MAX_VALUE), SESSION, 0);
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void fieldsRoundTrip() {
        MemorySegment s = Arena.ofAuto().allocate(64);
        assertEquals(AddOrderDescriptor.LENGTH, AddOrderDescriptor.write(s, 0, 7, 3, 99, ItchSide.SELL, 10, 250));
        assertEquals('A', ItchDecoder.decode(s, 0, AddOrderDescriptor.LENGTH));
        AddOrder a = new AddOrder().wrap(s, 0);
        assertEquals(7, a.engineSeq());
        assertEquals(3, a.symbol());
        assertEquals(99, a.orderId());
        assertEquals(ItchSide.SELL, a.side());
        assertEquals(10, a.quantity());
        assertEquals(250, a.price());
        OrderExecutedDescriptor.write(s, 0, 8, 1, 5, 3, MatchId.of(8, 2), 101);
        OrderExecuted e = new OrderExecuted().wrap(s, 0);
        assertEquals('E', ItchDecoder.decode(s, 0, OrderExecutedDescriptor.LENGTH));
        assertEquals(5, e.orderId());
        assertEquals(3, e.executedQuantity());
        assertEquals(8, MatchId.engineSeq(e.matchId()));
        assertEquals(101, e.price());
        TradeDescriptor.write(s, 0, 8, 1, 6, ItchSide.BUY, 3, 101, 77);
        Trade t = new Trade().wrap(s, 0);
        assertEquals(6, t.takerOrderId());
        assertEquals(ItchSide.BUY, t.side());
        assertEquals(77, t.matchId());
        EndOfSnapshotDescriptor.write(s, 0, 9, 1234, SESSION, 0);
        EndOfSnapshot g = new EndOfSnapshot().wrap(s, 0);
        assertEquals(1234, g.feedSequence());
        assertEquals(-1, MemorySegment.mismatch(s, g.sessionAt(), g.sessionAt() + 10, SESSION, 0, 10));
    }

    @Test
    void malformedFieldsGiveTypedErrors() {
        MemorySegment s = Arena.ofAuto().allocate(64);
        assertEquals(ItchError.EMPTY, ItchDecoder.decode(s, 0, 0));
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 'Z');
        assertEquals(ItchError.UNKNOWN_TYPE, ItchDecoder.decode(s, 0, 10));
        AddOrderDescriptor.write(s, 0, 1, 0, 1, ItchSide.BUY, 1, 1);
        assertEquals(ItchError.BAD_LENGTH, ItchDecoder.decode(s, 0, 37));
        AddOrderDescriptor.write(s, 0, 1, 0, 1, (byte) 'x', 1, 1);
        assertEquals(ItchError.BAD_SIDE, ItchDecoder.decode(s, 0, 38));
        AddOrderDescriptor.write(s, 0, 1, 0, 1, ItchSide.BUY, 0, 1);
        assertEquals(ItchError.BAD_QUANTITY, ItchDecoder.decode(s, 0, 38));
        AddOrderDescriptor.write(s, 0, 1, 0, 1, ItchSide.BUY, 1, -5);
        assertEquals(ItchError.BAD_PRICE, ItchDecoder.decode(s, 0, 38));
        AddOrderDescriptor.write(s, 0, 1, -1, 1, ItchSide.BUY, 1, 5);
        assertEquals(ItchError.BAD_SYMBOL, ItchDecoder.decode(s, 0, 38));
        AddOrderDescriptor.write(s, 0, -1, 1, 1, ItchSide.BUY, 1, 5);
        assertEquals(ItchError.BAD_SEQUENCE, ItchDecoder.decode(s, 0, 38));
        SystemEventDescriptor.write(s, 0, 1, (byte) 'Q');
        assertEquals(ItchError.BAD_EVENT_CODE, ItchDecoder.decode(s, 0, 10));
        SymbolDirectoryDescriptor.write(s, 0, 1, 2, MemorySegment.ofArray(new byte[8]), 0);
        assertEquals(ItchError.BAD_ASCII, ItchDecoder.decode(s, 0, SymbolDirectoryDescriptor.LENGTH));
        assertEquals(ItchError.EMPTY, ItchDecoder.decode(s, 60, 10));
    }

    /** Per message type: FeedFuzz.inputs() mutations of valid messages of that type, plus as many random byte strings. */
    @ParameterizedTest
    @ValueSource(bytes = {'S', 'R', 'A', 'E', 'X', 'D', 'U', 'P', 'G'})
    void decoderIsTotalOnFuzzedInput(byte type) {
        SplittableRandom r = new SplittableRandom(type * 31L + 17);
        MemorySegment s = Arena.ofAuto().allocate(128);
        int inputs = FeedFuzz.inputs();
        int valid = 0;
        for (int i = 0; i < inputs; i++) {
            int len = writeValid(s, type, r);
            assertEquals(type, ItchDecoder.decode(s, 0, len), "a valid message is accepted");
            valid++;
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) s.set(ValueLayout.JAVA_BYTE, r.nextInt(len), (byte) r.nextInt(256));
            int mlen = r.nextInt(8) == 0 ? r.nextInt(ItchDecoder.MAX_LENGTH + 8) : len;
            check(s, mlen);
            int rl = r.nextInt(ItchDecoder.MAX_LENGTH + 8);
            for (int k = 0; k < rl; k++) s.set(ValueLayout.JAVA_BYTE, k, (byte) r.nextInt(256));
            if (rl > 0) s.set(ValueLayout.JAVA_BYTE, 0, type);
            check(s, rl);
        }
        assertEquals(inputs, valid);
    }

    private static void check(MemorySegment s, int len) {
        int res = ItchDecoder.decode(s, 0, len);
        if (res >= 0) {
            assertEquals(ItchDecoder.lengthOf((byte) res), len);
        } else {
            assertTrue(ItchError.isError(res), "unknown code " + res);
        }
    }
}
