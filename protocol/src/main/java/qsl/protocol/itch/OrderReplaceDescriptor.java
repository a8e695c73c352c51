package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'U'} ORDER_REPLACE: A resting order was modified and lost its time priority: it leaves its level and joins the back of the level at the new price with the new open quantity. The order id is kept. Fixed 37 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'U'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  orderId (i64): the order
 *   21 + 8  newQuantity (i64): new open quantity (> 0)
 *   29 + 8  newPrice (i64): new limit price (> 0)
 *   37       end
 *
 *  +-+--------+----+--------+--------+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|qqqqqqqq|pppppppp|
 *  +-+--------+----+--------+--------+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o orderId, q newQuantity, p newPrice)
 * </pre>
 */
public final class OrderReplaceDescriptor {
    public static final byte TYPE = 'U';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 13;
    public static final int NEW_QUANTITY_OFFSET = 21;
    public static final int NEW_PRICE_OFFSET = 29;
    public static final int LENGTH = 37;

    private OrderReplaceDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ORDER_ID_OFFSET); }
    public static long newQuantity(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + NEW_QUANTITY_OFFSET); }
    public static long newPrice(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + NEW_PRICE_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long orderId, long newQuantity, long newPrice) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + ORDER_ID_OFFSET, orderId);
        s.set(MoldBytes.I64, at + NEW_QUANTITY_OFFSET, newQuantity);
        s.set(MoldBytes.I64, at + NEW_PRICE_OFFSET, newPrice);
        return LENGTH;
    }
}
