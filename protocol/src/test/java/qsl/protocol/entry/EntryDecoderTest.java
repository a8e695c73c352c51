package qsl.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

class EntryDecoderTest {
    private final MemorySegment s = Arena.ofAuto().allocate(256);
    private static final long AAPL = Symbols.key("AAPL");

    @Test
    void enterOrderRoundTripsAndIsBigEndian() {
        int n = EnterOrderDescriptor.write(s, 0, 0x0102030405060708L, AAPL, EntryCodes.SIDE_BUY,
                EntryCodes.TYPE_LIMIT, EntryCodes.TIF_DAY, 12345, 100);
        assertEquals(36, n);
        assertEquals('O', EntryDecoder.decodeRequest(s, 0, n));
        assertEquals(0x01, s.get(ValueLayout.JAVA_BYTE, 1));
        assertEquals('A', s.get(ValueLayout.JAVA_BYTE, 9));
        assertEquals(' ', s.get(ValueLayout.JAVA_BYTE, 16));
        assertEquals(0x0102030405060708L, EnterOrderDescriptor.token(s, 0));
        assertEquals(AAPL, EnterOrderDescriptor.symbol(s, 0));
        assertEquals(12345, EnterOrderDescriptor.price(s, 0));
        assertEquals(100, EnterOrderDescriptor.quantity(s, 0));
        assertEquals(Side.BUY, EntryCodes.toEngineSide(EnterOrderDescriptor.side(s, 0)));
        assertEquals(OrderType.LIMIT, EntryCodes.toEngineOrderType(EnterOrderDescriptor.orderType(s, 0)));
        assertEquals(TimeInForce.GTC, EntryCodes.toEngineTimeInForce(EnterOrderDescriptor.timeInForce(s, 0)));
    }

    @Test
    void enterOrderTypedErrors() {
        EnterOrderDescriptor.write(s, 0, 1, AAPL, EntryCodes.SIDE_SELL, EntryCodes.TYPE_MARKET, EntryCodes.TIF_IOC, 0, 1);
        assertEquals(EntryError.SHORT_MESSAGE, EntryDecoder.decodeRequest(s, 0, 35));
        assertEquals(EntryError.LONG_MESSAGE, EntryDecoder.decodeRequest(s, 0, 37));
        assertEquals(EntryError.EMPTY, EntryDecoder.decodeRequest(s, 0, 0));
        assertEquals(EntryError.OUT_OF_BOUNDS, EntryDecoder.decodeRequest(s, 250, 36));
        assertEquals(EntryError.OUT_OF_BOUNDS, EntryDecoder.decodeRequest(s, -1, 36));
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.SIDE_OFFSET, (byte) 'X');
        assertEquals(EntryError.INVALID_SIDE, EntryDecoder.decodeRequest(s, 0, 36));
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.SIDE_OFFSET, (byte) 'S');
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.ORDER_TYPE_OFFSET, (byte) 'Q');
        assertEquals(EntryError.INVALID_ORDER_TYPE, EntryDecoder.decodeRequest(s, 0, 36));
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.ORDER_TYPE_OFFSET, (byte) 'L');
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.TIME_IN_FORCE_OFFSET, (byte) 0);
        assertEquals(EntryError.INVALID_TIF, EntryDecoder.decodeRequest(s, 0, 36));
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.TIME_IN_FORCE_OFFSET, (byte) 'F');
        assertEquals('O', EntryDecoder.decodeRequest(s, 0, 36));
        s.set(ValueLayout.JAVA_BYTE, EnterOrderDescriptor.SYMBOL_OFFSET + 1, (byte) 0xC3);
        assertEquals(EntryError.INVALID_SYMBOL, EntryDecoder.decodeRequest(s, 0, 36));
        Symbols.write(s, EnterOrderDescriptor.SYMBOL_OFFSET, Symbols.ALL);
        assertEquals(EntryError.INVALID_SYMBOL, EntryDecoder.decodeRequest(s, 0, 36));
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) 'Q');
        assertEquals(EntryError.UNKNOWN_TYPE, EntryDecoder.decodeRequest(s, 0, 36));
    }

    @Test
    void otherRequests() {
        assertEquals(9, CancelOrderDescriptor.write(s, 0, -1L));
        assertEquals('X', EntryDecoder.decodeRequest(s, 0, 9));
        assertEquals(-1L, CancelOrderDescriptor.token(s, 0));
        assertEquals(33, ReplaceOrderDescriptor.write(s, 0, 5, 6, 700, 800));
        assertEquals('U', EntryDecoder.decodeRequest(s, 0, 33));
        assertEquals(6, ReplaceOrderDescriptor.replacementToken(s, 0));
        assertEquals(800, ReplaceOrderDescriptor.quantity(s, 0));
        assertEquals(EntryError.SHORT_MESSAGE, EntryDecoder.decodeRequest(s, 0, 32));
        assertEquals(9, MassCancelDescriptor.write(s, 0, Symbols.ALL));
        assertEquals('C', EntryDecoder.decodeRequest(s, 0, 9));
        MassCancelDescriptor.write(s, 0, Symbols.key("MSFT"));
        assertEquals('C', EntryDecoder.decodeRequest(s, 0, 9));
        s.set(ValueLayout.JAVA_BYTE, 1, (byte) ' ');
        assertEquals(EntryError.INVALID_SYMBOL, EntryDecoder.decodeRequest(s, 0, 9));
        // responses are not requests
        AcceptedDescriptor.write(s, 0, 1, 2, AAPL, (byte) 'B', (byte) 'L', (byte) 'G', 3, 4);
        assertEquals(EntryError.UNKNOWN_TYPE, EntryDecoder.decodeRequest(s, 0, 44));
    }

    @Test
    void responsesRoundTrip() {
        assertEquals(44, AcceptedDescriptor.write(s, 0, 1, 2, AAPL, (byte) 'S', (byte) 'M', (byte) 'F', 3, 4));
        assertEquals('A', EntryDecoder.decodeResponse(s, 0, 44));
        assertEquals(2, AcceptedDescriptor.orderId(s, 0));
        assertEquals('F', AcceptedDescriptor.timeInForce(s, 0));

        assertEquals(10, RejectedDescriptor.write(s, 0, 9, GatewayReason.DUPLICATE_TOKEN));
        assertEquals('J', EntryDecoder.decodeResponse(s, 0, 10));
        RejectedDescriptor.write(s, 0, 9, (byte) 0);
        assertEquals(EntryError.INVALID_REASON, EntryDecoder.decodeResponse(s, 0, 10));

        assertEquals(50, ExecutedDescriptor.write(s, 0, 1, 2, 3, 4, 5, 6, EntryCodes.LIQUIDITY_ADDED));
        assertEquals('E', EntryDecoder.decodeResponse(s, 0, 50));
        assertEquals(6, ExecutedDescriptor.leavesQuantity(s, 0));
        ExecutedDescriptor.write(s, 0, 1, 2, 3, 4, 5, 6, (byte) 'Z');
        assertEquals(EntryError.INVALID_LIQUIDITY, EntryDecoder.decodeResponse(s, 0, 50));

        assertEquals(26, CanceledDescriptor.write(s, 0, 1, 2, 3, CanceledReason.MASS));
        assertEquals('C', EntryDecoder.decodeResponse(s, 0, 26));
        CanceledDescriptor.write(s, 0, 1, 2, 3, (byte) 4);
        assertEquals(EntryError.INVALID_REASON, EntryDecoder.decodeResponse(s, 0, 26));

        assertEquals(42, ReplacedDescriptor.write(s, 0, 1, 2, 3, 4, 5, (byte) 1));
        assertEquals('U', EntryDecoder.decodeResponse(s, 0, 42));
        ReplacedDescriptor.write(s, 0, 1, 2, 3, 4, 5, (byte) 2);
        assertEquals(EntryError.INVALID_FLAG, EntryDecoder.decodeResponse(s, 0, 42));

        assertEquals(10, CancelRejectDescriptor.write(s, 0, 1, GatewayReason.UNKNOWN_TOKEN));
        assertEquals('I', EntryDecoder.decodeResponse(s, 0, 10));
        assertEquals(18, ReplaceRejectDescriptor.write(s, 0, 1, 2, (byte) 13));
        assertEquals('K', EntryDecoder.decodeResponse(s, 0, 18));
        assertEquals(14, MassCancelAckDescriptor.write(s, 0, Symbols.ALL, 17, (byte) 0));
        assertEquals('M', EntryDecoder.decodeResponse(s, 0, 14));
        assertEquals(17, MassCancelAckDescriptor.canceledCount(s, 0));
        assertEquals(EntryError.LONG_MESSAGE, EntryDecoder.decodeResponse(s, 0, 15));
    }

    @Test
    void symbols() {
        assertEquals(0x4141504C20202020L, AAPL);
        assertEquals("AAPL", Symbols.toString(AAPL));
        assertTrue(Symbols.isValid(Symbols.key("ABCDEFGH")));
        assertTrue(Symbols.isValid(Symbols.key("X")));
        assertFalse(Symbols.isValid(Symbols.ALL));
        assertTrue(Symbols.isValidOrAll(Symbols.ALL));
        assertFalse(Symbols.isValid(0x4120422020202020L)); // "A B"
        assertFalse(Symbols.isValid(0x2041202020202020L)); // " A"
        assertFalse(Symbols.isValid(0L));
        assertThrows(IllegalArgumentException.class, () -> Symbols.key("A B"));
        assertThrows(IllegalArgumentException.class, () -> Symbols.key("TOOLONGXX"));
    }

    @Test
    void reasonNames() {
        assertEquals("UNKNOWN_ORDER", GatewayReason.name((byte) 13));
        assertEquals("NOT_OWNER", GatewayReason.name((byte) 16));
        assertEquals("GW_THROTTLED", GatewayReason.name(GatewayReason.THROTTLED));
        assertTrue(GatewayReason.isGateway(GatewayReason.UNKNOWN_TOKEN));
        assertFalse(GatewayReason.isGateway((byte) 16));
    }
}
