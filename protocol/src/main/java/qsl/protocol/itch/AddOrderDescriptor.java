package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'A'} ADD_ORDER: A new order rests on the book, at the back of its price level. Fixed 38 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'A'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  orderId (i64): order id, unique among resting orders
 *   21 + 1  side (side): 'B' buy or 'S' sell
 *   22 + 8  quantity (i64): open quantity (> 0)
 *   30 + 8  price (i64): limit price in ticks (> 0)
 *   38       end
 *
 *  +-+--------+----+--------+-+--------+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|s|qqqqqqqq|pppppppp|
 *  +-+--------+----+--------+-+--------+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o orderId, s side, q quantity, p price)
 * </pre>
 */
public final class AddOrderDescriptor {
    public static final byte TYPE = 'A';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 13;
    public static final int SIDE_OFFSET = 21;
    public static final int QUANTITY_OFFSET = 22;
    public static final int PRICE_OFFSET = 30;
    public static final int LENGTH = 38;

    private AddOrderDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ORDER_ID_OFFSET); }
    public static byte side(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET); }
    public static long quantity(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + QUANTITY_OFFSET); }
    public static long price(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + PRICE_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long orderId, byte side, long quantity, long price) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + ORDER_ID_OFFSET, orderId);
        s.set(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET, side);
        s.set(MoldBytes.I64, at + QUANTITY_OFFSET, quantity);
        s.set(MoldBytes.I64, at + PRICE_OFFSET, price);
        return LENGTH;
    }
}
