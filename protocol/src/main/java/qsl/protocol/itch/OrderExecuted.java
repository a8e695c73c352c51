package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a ORDER_EXECUTED message ({@link OrderExecutedDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class OrderExecuted {
    private MemorySegment segment;
    private long at;

    public OrderExecuted wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return OrderExecutedDescriptor.engineSeq(segment, at); }
    public int symbol() { return OrderExecutedDescriptor.symbol(segment, at); }
    public long orderId() { return OrderExecutedDescriptor.orderId(segment, at); }
    public long executedQuantity() { return OrderExecutedDescriptor.executedQuantity(segment, at); }
    public long matchId() { return OrderExecutedDescriptor.matchId(segment, at); }
    public long price() { return OrderExecutedDescriptor.price(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
