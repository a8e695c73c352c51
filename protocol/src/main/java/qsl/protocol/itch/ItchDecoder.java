package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The total market-by-order message decoder. Given any bytes it returns the message's type byte
 * (a positive ASCII letter: read the fields through that type's descriptor or flyweight) or a
 * negative {@link ItchError}; it never throws and never allocates. Lengths are exact (a message
 * has the fixed length of its type), and every field with a constrained range is checked, so a
 * caller can apply an accepted message without further checks.
 */
public final class ItchDecoder {
    /** The longest message of this layout ({@link TradeDescriptor#LENGTH}). */
    public static final int MAX_LENGTH = TradeDescriptor.LENGTH;

    private ItchDecoder() {}

    /** Checks the {@code length} bytes at {@code at}; returns the type byte or a negative {@link ItchError}. */
    public static int decode(MemorySegment s, long at, int length) {
        if (length <= 0 || at < 0 || at > s.byteSize() - length) return ItchError.EMPTY;
        byte type = s.get(ValueLayout.JAVA_BYTE, at);
        int expected = lengthOf(type);
        if (expected == 0) return ItchError.UNKNOWN_TYPE;
        if (length != expected) return ItchError.BAD_LENGTH;
        if (s.get(qsl.protocol.mold.MoldBytes.I64, at + 1) < 0) return ItchError.BAD_SEQUENCE;
        int r = switch (type) {
            case SystemEventDescriptor.TYPE -> SystemEventCode.isValid(SystemEventDescriptor.eventCode(s, at)) ? 0 : ItchError.BAD_EVENT_CODE;
            case SymbolDirectoryDescriptor.TYPE -> SymbolDirectoryDescriptor.symbol(s, at) < 0 ? ItchError.BAD_SYMBOL
                    : ascii(s, SymbolDirectoryDescriptor.nameAt(at), SymbolDirectoryDescriptor.NAME_LENGTH);
            case AddOrderDescriptor.TYPE -> symbolSidePositive(s, at, AddOrderDescriptor.symbol(s, at),
                    AddOrderDescriptor.side(s, at), AddOrderDescriptor.quantity(s, at), AddOrderDescriptor.price(s, at));
            case OrderExecutedDescriptor.TYPE -> symbolSidePositive(s, at, OrderExecutedDescriptor.symbol(s, at), ItchSide.BUY,
                    OrderExecutedDescriptor.executedQuantity(s, at), OrderExecutedDescriptor.price(s, at));
            case OrderCancelDescriptor.TYPE -> symbolSidePositive(s, at, OrderCancelDescriptor.symbol(s, at), ItchSide.BUY,
                    OrderCancelDescriptor.cancelledQuantity(s, at), 1);
            case OrderDeleteDescriptor.TYPE -> OrderDeleteDescriptor.symbol(s, at) < 0 ? ItchError.BAD_SYMBOL : 0;
            case OrderReplaceDescriptor.TYPE -> symbolSidePositive(s, at, OrderReplaceDescriptor.symbol(s, at), ItchSide.BUY,
                    OrderReplaceDescriptor.newQuantity(s, at), OrderReplaceDescriptor.newPrice(s, at));
            case TradeDescriptor.TYPE -> symbolSidePositive(s, at, TradeDescriptor.symbol(s, at), TradeDescriptor.side(s, at),
                    TradeDescriptor.quantity(s, at), TradeDescriptor.price(s, at));
            case EndOfSnapshotDescriptor.TYPE -> EndOfSnapshotDescriptor.feedSequence(s, at) < 0 ? ItchError.BAD_SEQUENCE
                    : ascii(s, EndOfSnapshotDescriptor.sessionAt(at), EndOfSnapshotDescriptor.SESSION_LENGTH);
            default -> ItchError.UNKNOWN_TYPE;
        };
        return r < 0 ? r : type;
    }

    /** The fixed length of message type {@code type}, or 0 for an unknown type. */
    public static int lengthOf(byte type) {
        return switch (type) {
            case SystemEventDescriptor.TYPE -> SystemEventDescriptor.LENGTH;
            case SymbolDirectoryDescriptor.TYPE -> SymbolDirectoryDescriptor.LENGTH;
            case AddOrderDescriptor.TYPE -> AddOrderDescriptor.LENGTH;
            case OrderExecutedDescriptor.TYPE -> OrderExecutedDescriptor.LENGTH;
            case OrderCancelDescriptor.TYPE -> OrderCancelDescriptor.LENGTH;
            case OrderDeleteDescriptor.TYPE -> OrderDeleteDescriptor.LENGTH;
            case OrderReplaceDescriptor.TYPE -> OrderReplaceDescriptor.LENGTH;
            case TradeDescriptor.TYPE -> TradeDescriptor.LENGTH;
            case EndOfSnapshotDescriptor.TYPE -> EndOfSnapshotDescriptor.LENGTH;
            default -> 0;
        };
    }

    private static int symbolSidePositive(MemorySegment s, long at, int symbol, byte side, long quantity, long price) {
        if (symbol < 0) return ItchError.BAD_SYMBOL;
        if (!ItchSide.isValid(side)) return ItchError.BAD_SIDE;
        if (quantity <= 0) return ItchError.BAD_QUANTITY;
        if (price <= 0) return ItchError.BAD_PRICE;
        return 0;
    }

    private static int ascii(MemorySegment s, long at, int length) {
        for (int i = 0; i < length; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, at + i);
            if (b < 0x20 || b > 0x7e) return ItchError.BAD_ASCII;
        }
        return 0;
    }
}
