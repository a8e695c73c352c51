package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** One market-by-order message as a line of text, for dumps and logs (allocates: not for hot paths). */
public final class ItchFormat {
    private ItchFormat() {}

    /** The message at {@code at} as {@code TYPE field=value ...}, or {@code INVALID <error>}. */
    public static String format(MemorySegment s, long at, int length) {
        int type = ItchDecoder.decode(s, at, length);
        if (type < 0) return "INVALID " + ItchError.name(type);
        long seq = s.get(qsl.protocol.mold.MoldBytes.I64, at + 1);
        return switch (type) {
            case SystemEventDescriptor.TYPE -> "SYSTEM_EVENT engineSeq=" + seq + " code=" + (char) SystemEventDescriptor.eventCode(s, at);
            case SymbolDirectoryDescriptor.TYPE -> "SYMBOL_DIRECTORY engineSeq=" + seq + " symbol=" + SymbolDirectoryDescriptor.symbol(s, at)
                    + " name=" + ascii(s, SymbolDirectoryDescriptor.nameAt(at), SymbolDirectoryDescriptor.NAME_LENGTH).strip();
            case AddOrderDescriptor.TYPE -> "ADD_ORDER engineSeq=" + seq + " symbol=" + AddOrderDescriptor.symbol(s, at)
                    + " order=" + AddOrderDescriptor.orderId(s, at) + " side=" + (char) AddOrderDescriptor.side(s, at)
                    + " qty=" + AddOrderDescriptor.quantity(s, at) + " price=" + AddOrderDescriptor.price(s, at);
            case OrderExecutedDescriptor.TYPE -> "ORDER_EXECUTED engineSeq=" + seq + " symbol=" + OrderExecutedDescriptor.symbol(s, at)
                    + " order=" + OrderExecutedDescriptor.orderId(s, at) + " qty=" + OrderExecutedDescriptor.executedQuantity(s, at)
                    + " match=" + OrderExecutedDescriptor.matchId(s, at) + " price=" + OrderExecutedDescriptor.price(s, at);
            case OrderCancelDescriptor.TYPE -> "ORDER_CANCEL engineSeq=" + seq + " symbol=" + OrderCancelDescriptor.symbol(s, at)
                    + " order=" + OrderCancelDescriptor.orderId(s, at) + " cancelled=" + OrderCancelDescriptor.cancelledQuantity(s, at);
            case OrderDeleteDescriptor.TYPE -> "ORDER_DELETE engineSeq=" + seq + " symbol=" + OrderDeleteDescriptor.symbol(s, at)
                    + " order=" + OrderDeleteDescriptor.orderId(s, at);
            case OrderReplaceDescriptor.TYPE -> "ORDER_REPLACE engineSeq=" + seq + " symbol=" + OrderReplaceDescriptor.symbol(s, at)
                    + " order=" + OrderReplaceDescriptor.orderId(s, at) + " qty=" + OrderReplaceDescriptor.newQuantity(s, at)
                    + " price=" + OrderReplaceDescriptor.newPrice(s, at);
            case TradeDescriptor.TYPE -> "TRADE engineSeq=" + seq + " symbol=" + TradeDescriptor.symbol(s, at)
                    + " taker=" + TradeDescriptor.takerOrderId(s, at) + " side=" + (char) TradeDescriptor.side(s, at)
                    + " qty=" + TradeDescriptor.quantity(s, at) + " price=" + TradeDescriptor.price(s, at)
                    + " match=" + TradeDescriptor.matchId(s, at);
            case EndOfSnapshotDescriptor.TYPE -> "END_OF_SNAPSHOT engineSeq=" + seq + " feedSequence=" + EndOfSnapshotDescriptor.feedSequence(s, at)
                    + " session=" + ascii(s, EndOfSnapshotDescriptor.sessionAt(at), EndOfSnapshotDescriptor.SESSION_LENGTH);
            default -> "INVALID UNKNOWN_TYPE";
        };
    }

    private static String ascii(MemorySegment s, long at, int len) {
        return new String(s.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }
}
