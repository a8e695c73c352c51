package qsl.gateway.feed;

import java.lang.foreign.MemorySegment;
import qsl.protocol.itch.AddOrderDescriptor;
import qsl.protocol.itch.ItchDecoder;
import qsl.protocol.itch.ItchSide;
import qsl.protocol.itch.OrderCancelDescriptor;
import qsl.protocol.itch.OrderDeleteDescriptor;
import qsl.protocol.itch.OrderExecutedDescriptor;
import qsl.protocol.itch.OrderReplaceDescriptor;
import qsl.protocol.itch.SymbolDirectoryDescriptor;
import qsl.protocol.itch.TradeDescriptor;

/**
 * Applies one market-by-order message to an {@link MboBook}: the single definition of what each
 * message does to a book, shared by the publisher's mirror and every client.
 */
public final class MboApplier {
    /** A message that decoded but does not fit the book (unknown order, duplicate id, full): the book can no longer be trusted. */
    public static final int INCONSISTENT = -100;

    private MboApplier() {}

    /**
     * Decodes and applies the {@code length} bytes at {@code at}.
     *
     * @return the message type byte, a negative {@code ItchError}, or {@link #INCONSISTENT}
     */
    public static int apply(MboBook book, SymbolNames names, MemorySegment s, long at, int length, FeedListener listener) {
        int type = ItchDecoder.decode(s, at, length);
        if (type < 0) return type;
        int r = MboBook.OK;
        switch (type) {
            case AddOrderDescriptor.TYPE -> r = book.add(AddOrderDescriptor.symbol(s, at), AddOrderDescriptor.orderId(s, at),
                    ItchSide.toEngine(AddOrderDescriptor.side(s, at)), AddOrderDescriptor.price(s, at), AddOrderDescriptor.quantity(s, at));
            case OrderExecutedDescriptor.TYPE -> r = book.execute(OrderExecutedDescriptor.orderId(s, at), OrderExecutedDescriptor.executedQuantity(s, at));
            case OrderCancelDescriptor.TYPE -> r = book.reduce(OrderCancelDescriptor.orderId(s, at), OrderCancelDescriptor.cancelledQuantity(s, at));
            case OrderDeleteDescriptor.TYPE -> r = book.delete(OrderDeleteDescriptor.orderId(s, at));
            case OrderReplaceDescriptor.TYPE -> r = book.replace(OrderReplaceDescriptor.orderId(s, at), OrderReplaceDescriptor.newPrice(s, at),
                    OrderReplaceDescriptor.newQuantity(s, at));
            case TradeDescriptor.TYPE -> {
                if (listener != null) listener.onTrade(TradeDescriptor.symbol(s, at), TradeDescriptor.price(s, at), TradeDescriptor.quantity(s, at),
                        ItchSide.toEngine(TradeDescriptor.side(s, at)), TradeDescriptor.matchId(s, at));
            }
            case SymbolDirectoryDescriptor.TYPE -> {
                if (names != null) names.set(SymbolDirectoryDescriptor.symbol(s, at), s, SymbolDirectoryDescriptor.nameAt(at));
            }
            default -> { } // system events and end-of-snapshot change no book
        }
        return r == MboBook.OK ? type : INCONSISTENT;
    }
}
