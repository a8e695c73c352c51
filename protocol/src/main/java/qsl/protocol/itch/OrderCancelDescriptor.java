package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'X'} ORDER_CANCEL: A resting order's open quantity was reduced in place (it keeps its time priority). Fixed 29 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'X'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  orderId (i64): the order
 *   21 + 8  cancelledQuantity (i64): quantity removed (> 0, less than the open quantity)
 *   29       end
 *
 *  +-+--------+----+--------+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|cccccccc|
 *  +-+--------+----+--------+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o orderId, c cancelledQuantity)
 * </pre>
 */
public final class OrderCancelDescriptor {
    public static final byte TYPE = 'X';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 13;
    public static final int CANCELLED_QUANTITY_OFFSET = 21;
    public static final int LENGTH = 29;

    private OrderCancelDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ORDER_ID_OFFSET); }
    public static long cancelledQuantity(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + CANCELLED_QUANTITY_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long orderId, long cancelledQuantity) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + ORDER_ID_OFFSET, orderId);
        s.set(MoldBytes.I64, at + CANCELLED_QUANTITY_OFFSET, cancelledQuantity);
        return LENGTH;
    }
}
