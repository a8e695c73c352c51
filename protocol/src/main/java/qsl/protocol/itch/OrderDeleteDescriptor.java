package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.mold.MoldBytes;

/**
 * Market-by-order message {@code 'D'} ORDER_DELETE: A resting order left the book (cancelled by its owner, by a mass cancel, or replaced after trading). Fixed 21 bytes, big-endian.
 *
 * <pre>
 *  off len  field
 *    0 + 1  type 'D'
 *    1 + 8  engineSeq (i64): the engine command sequence number that caused it
 *    9 + 4  symbol (i32): symbol id
 *   13 + 8  orderId (i64): the order
 *   21       end
 *
 *  +-+--------+----+--------+
 *  |T|eeeeeeee|yyyy|oooooooo|
 *  +-+--------+----+--------+
 *  (one character a byte: T type, e engineSeq, y symbol, o orderId)
 * </pre>
 */
public final class OrderDeleteDescriptor {
    public static final byte TYPE = 'D';
    public static final int TYPE_OFFSET = 0;
    public static final int ENGINE_SEQ_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 13;
    public static final int LENGTH = 21;

    private OrderDeleteDescriptor() {}

    public static long engineSeq(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ENGINE_SEQ_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(MoldBytes.I32, at + SYMBOL_OFFSET); }
    public static long orderId(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + ORDER_ID_OFFSET); }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long engineSeq, int symbol, long orderId) {
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, TYPE);
        s.set(MoldBytes.I64, at + ENGINE_SEQ_OFFSET, engineSeq);
        s.set(MoldBytes.I32, at + SYMBOL_OFFSET, symbol);
        s.set(MoldBytes.I64, at + ORDER_ID_OFFSET, orderId);
        return LENGTH;
    }
}
