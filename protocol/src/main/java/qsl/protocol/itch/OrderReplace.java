package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a ORDER_REPLACE message ({@link OrderReplaceDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class OrderReplace {
    private MemorySegment segment;
    private long at;

    public OrderReplace wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return OrderReplaceDescriptor.engineSeq(segment, at); }
    public int symbol() { return OrderReplaceDescriptor.symbol(segment, at); }
    public long orderId() { return OrderReplaceDescriptor.orderId(segment, at); }
    public long newQuantity() { return OrderReplaceDescriptor.newQuantity(segment, at); }
    public long newPrice() { return OrderReplaceDescriptor.newPrice(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
