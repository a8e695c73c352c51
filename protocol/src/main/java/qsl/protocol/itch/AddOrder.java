package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a ADD_ORDER message ({@link AddOrderDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class AddOrder {
    private MemorySegment segment;
    private long at;

    public AddOrder wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return AddOrderDescriptor.engineSeq(segment, at); }
    public int symbol() { return AddOrderDescriptor.symbol(segment, at); }
    public long orderId() { return AddOrderDescriptor.orderId(segment, at); }
    public byte side() { return AddOrderDescriptor.side(segment, at); }
    public long quantity() { return AddOrderDescriptor.quantity(segment, at); }
    public long price() { return AddOrderDescriptor.price(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
