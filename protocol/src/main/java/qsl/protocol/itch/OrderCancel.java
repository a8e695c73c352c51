package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a ORDER_CANCEL message ({@link OrderCancelDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class OrderCancel {
    private MemorySegment segment;
    private long at;

    public OrderCancel wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return OrderCancelDescriptor.engineSeq(segment, at); }
    public int symbol() { return OrderCancelDescriptor.symbol(segment, at); }
    public long orderId() { return OrderCancelDescriptor.orderId(segment, at); }
    public long cancelledQuantity() { return OrderCancelDescriptor.cancelledQuantity(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
