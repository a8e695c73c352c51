package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Command records written over stale bytes read back field for field with every unused field and
 * the reserved word zero; code validity and names at their boundaries; the value types' checks at
 * their boundaries.
 */
class CodesAndRecordsTest {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Two records back to back, filled with 0xFF; the record under test is the second. */
    private static MemorySegment dirty(Arena arena) {
        MemorySegment s = arena.allocate(2L * CommandDescriptor.LENGTH);
        s.fill((byte) -1);
        return s;
    }

    private static void assertRecord(MemorySegment s, long at, byte type, byte side, byte otype, byte tif, int symbol,
                                     long orderId, long price, long quantity, int account) {
        assertEquals(type, CommandDescriptor.type(s, at));
        assertEquals(side, CommandDescriptor.side(s, at));
        assertEquals(otype, CommandDescriptor.orderType(s, at));
        assertEquals(tif, CommandDescriptor.tif(s, at));
        assertEquals(symbol, CommandDescriptor.symbol(s, at));
        assertEquals(orderId, CommandDescriptor.orderId(s, at));
        assertEquals(price, CommandDescriptor.price(s, at));
        assertEquals(quantity, CommandDescriptor.quantity(s, at));
        assertEquals(account, CommandDescriptor.account(s, at));
        assertEquals(0, s.get(I32, at + CommandDescriptor.RESERVED_OFFSET), "reserved word");
        // The layout as documented, little-endian, independently of the accessors.
        assertEquals(type, s.get(ValueLayout.JAVA_BYTE, at));
        assertEquals(symbol, s.get(I32, at + 4));
        assertEquals(orderId, s.get(I64, at + 8));
        assertEquals(price, s.get(I64, at + 16));
        assertEquals(quantity, s.get(I64, at + 24));
        assertEquals(account, s.get(I32, at + 32));
        assertEquals(-1L, s.get(I64, 0), "the record before is untouched");
    }

    @Test
    void everyRecordKindRoundTripsOverStaleBytes() {
        try (Arena arena = Arena.ofConfined()) {
            long at = CommandDescriptor.LENGTH;
            MemorySegment s = dirty(arena);
            CommandDescriptor.writeNewOrder(s, at, 3, 0x1122334455667788L, 9, Side.SELL, OrderType.MARKET, TimeInForce.FOK,
                    -5, Long.MAX_VALUE);
            assertRecord(s, at, CommandType.NEW_ORDER, Side.SELL, OrderType.MARKET, TimeInForce.FOK, 3, 0x1122334455667788L,
                    -5, Long.MAX_VALUE, 9);
            s = dirty(arena);
            CommandDescriptor.writeCancel(s, at, 7, 42, -3);
            assertRecord(s, at, CommandType.CANCEL, (byte) 0, (byte) 0, (byte) 0, 7, 42, 0, 0, -3);
            s = dirty(arena);
            CommandDescriptor.writeModify(s, at, Integer.MAX_VALUE, -42, 1, 105, 6);
            assertRecord(s, at, CommandType.MODIFY, (byte) 0, (byte) 0, (byte) 0, Integer.MAX_VALUE, -42, 105, 6, 1);
            s = dirty(arena);
            CommandDescriptor.writeMassCancel(s, at, 12, Engine.ALL_SYMBOLS);
            assertRecord(s, at, CommandType.MASS_CANCEL, (byte) 0, (byte) 0, (byte) 0, Engine.ALL_SYMBOLS, 0, 0, 0, 12);
        }
    }

    @Test
    void codesAndTheirNames() {
        assertTrue(Side.isValid(Side.BUY));
        assertTrue(Side.isValid(Side.SELL));
        assertFalse(Side.isValid((byte) 2));
        assertFalse(Side.isValid((byte) -1));
        assertEquals(Side.SELL, Side.opposite(Side.BUY));
        assertEquals(Side.BUY, Side.opposite(Side.SELL));
        assertTrue(TimeInForce.isValid(TimeInForce.GTC));
        assertTrue(TimeInForce.isValid(TimeInForce.IOC));
        assertTrue(TimeInForce.isValid(TimeInForce.FOK));
        assertFalse(TimeInForce.isValid((byte) 3));
        assertFalse(TimeInForce.isValid((byte) -1));
        assertEquals("REASON_0", RejectReason.name((byte) 0));
        assertEquals("UNKNOWN_SYMBOL", RejectReason.name(RejectReason.UNKNOWN_SYMBOL));
        assertEquals("NOTIONAL_ABOVE_MAX", RejectReason.name(RejectReason.NOTIONAL_ABOVE_MAX));
        assertEquals("NOT_OWNER", RejectReason.name(RejectReason.NOT_OWNER));
        assertEquals("REASON_17", RejectReason.name((byte) 17));
        assertEquals("REASON_-1", RejectReason.name((byte) -1));
    }

    @Test
    void exactlyTheFourCommandCodesAreValid() {
        int valid = 0;
        for (int b = Byte.MIN_VALUE; b <= Byte.MAX_VALUE; b++) {
            boolean expected = b == CommandType.NEW_ORDER || b == CommandType.CANCEL
                    || b == CommandType.MODIFY || b == CommandType.MASS_CANCEL;
            assertEquals(expected, CommandType.isValid((byte) b), "code " + b);
            if (expected) valid++;
        }
        assertEquals(4, valid);
        assertEquals(1, CommandType.NEW_ORDER);
        assertEquals(2, CommandType.CANCEL);
        assertEquals(3, CommandType.MODIFY);
        assertEquals(4, CommandType.MASS_CANCEL);
    }

    @Test
    void valueTypesCheckTheirBoundaries() {
        new SymbolSpec(0, 1, 1, 1, 1, 0, 0); // every smallest accepted value, min == max quantity
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(-1, 1, 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 0, 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 1, 0, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 1, 2, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 1, 1, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 1, 1, 1, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(0, 1, 1, 1, 1, 0, -1));
        assertEquals(new SymbolSpec(4, 1, 1, 1_000_000_000L, Long.MAX_VALUE, 0, 77), SymbolSpec.open(4, 77));

        new EngineConfig(1, 1, 64);
        new EngineConfig(1, 1, 1 << 30);
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(0, 1, 64));
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(1, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(1, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig(1, 1, 96));
        assertEquals(new EngineConfig(1 << 20, 64, 4096), EngineConfig.defaults());
    }
}
