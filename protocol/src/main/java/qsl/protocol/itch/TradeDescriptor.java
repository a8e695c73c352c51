package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'P'} TRADE: A trade print from the aggressor's side. No effect on the book (the resting side is the ORDER_EXECUTED with the same match id). Fixed 46 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'P'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  takerOrderId (i64): the aggressing order
 *   21 + 1  side (side): the aggressor's side, 'B' or 'S'
 *   22 + 8  quantity (i64): quantity traded (> 0)
 *   30 + 8  price (i64): trade price (> 0)
 *   38 + 8  matchId (i64): the trade's match id
 *   46       end
 *
 *  +-+--------+----+--------+-+--------+--------+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|s|qqqqqqqq|pppppppp|mmmmmmmm|
 *  +-+--------+----+--------+-+--------+--------+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o takerOrderId, s side, q quantity, p price, m matchId)
 * </pre>
 */
public final class TradeDescriptor {
    public static final byte TYPE = 'P';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int TAKER_ORDER_ID_OFFSET = 13;
    public static final int SIDE_OFFSET = 21;
    public static final int QUANTITY_OFFSET = 22;
    public static final int PRICE_OFFSET = 30;
    public static final int MATCH_ID_OFFSET = 38;
    public static final int LENGTH = 46;

    private TradeDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long takerOrderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + TAKER_ORDER_ID_OFFSET); }
    public static byte side(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET); }
    public static long quantity(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + QUANTITY_OFFSET); }
    public static long price(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + PRICE_OFFSET); }
    public static long matchId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + MATCH_ID_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long takerOrderId, byte side, long quantity, long price, long matchId) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + TAKER_ORDER_ID_OFFSET, takerOrderId);
        s.set(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET, side);
        s.set(MoldBytes.I64, at + QUANTITY_OFFSET, quantity);
        s.set(MoldBytes.I64, at + PRICE_OFFSET, price);
        s.set(MoldBytes.I64, at + MATCH_ID_OFFSET, matchId);
        return LENGTH;
    }
}
