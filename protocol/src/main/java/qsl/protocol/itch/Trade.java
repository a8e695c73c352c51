package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a TRADE message ({@link TradeDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class Trade {
    private MemorySegment segment;
    private long at;

    public Trade wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return TradeDescriptor.engineSeq(segment, at); }
    public int symbol() { return TradeDescriptor.symbol(segment, at); }
    public long takerOrderId() { return TradeDescriptor.takerOrderId(segment, at); }
    public byte side() { return TradeDescriptor.side(segment, at); }
    public long quantity() { return TradeDescriptor.quantity(segment, at); }
    public long price() { return TradeDescriptor.price(segment, at); }
    public long matchId() { return TradeDescriptor.matchId(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
