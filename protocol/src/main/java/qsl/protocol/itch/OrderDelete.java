package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a ORDER_DELETE message ({@link OrderDeleteDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class OrderDelete {
    private MemorySegment segment;
    private long at;

    public OrderDelete wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return OrderDeleteDescriptor.engineSeq(segment, at); }
    public int symbol() { return OrderDeleteDescriptor.symbol(segment, at); }
    public long orderId() { return OrderDeleteDescriptor.orderId(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
