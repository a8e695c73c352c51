package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'E'} ORDER_EXECUTED: A resting order traded: its open quantity falls by the executed quantity; at 0 it leaves the book. Fixed 45 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'E'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  orderId (i64): the resting (maker) order
 *   21 + 8  executedQuantity (i64): quantity traded (> 0)
 *   29 + 8  matchId (i64): the trade's match id
 *   37 + 8  price (i64): the trade price: the resting order's price (> 0)
 *   45       end
 *
 *  +-+--------+----+--------+--------+--------+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|xxxxxxxx|mmmmmmmm|pppppppp|
 *  +-+--------+----+--------+--------+--------+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o orderId, x executedQuantity, m matchId, p price)
 * </pre>
 */
public final class OrderExecutedDescriptor {
    public static final byte TYPE = 'E';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 13;
    public static final int EXECUTED_QUANTITY_OFFSET = 21;
    public static final int MATCH_ID_OFFSET = 29;
    public static final int PRICE_OFFSET = 37;
    public static final int LENGTH = 45;

    private OrderExecutedDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ORDER_ID_OFFSET); }
    public static long executedQuantity(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + EXECUTED_QUANTITY_OFFSET); }
    public static long matchId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + MATCH_ID_OFFSET); }
    public static long price(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + PRICE_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long orderId, long executedQuantity, long matchId, long price) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + ORDER_ID_OFFSET, orderId);
        s.set(MoldBytes.I64, at + EXECUTED_QUANTITY_OFFSET, executedQuantity);
        s.set(MoldBytes.I64, at + MATCH_ID_OFFSET, matchId);
        s.set(MoldBytes.I64, at + PRICE_OFFSET, price);
        return LENGTH;
    }
}
