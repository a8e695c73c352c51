package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one venue response as a FIX session journals it (so a restart replays it into the
 * session's order table). Fixed 64 bytes, little-endian.
 *
 * <pre>
 *   0      1      2      3      4      5      6      7      8
 *   +------+------+------+------+------+------+------+------+
 *   | kind | side | type | tif  |reason| flag | pad  | pad  |
 *   +------+------+------+------+------+------+------+------+
 *   |                  symbol (i32) | count (i32)           |  8
 *   +-------------------------------------------------------+
 *   |                     token (i64)                       | 16
 *   |             token2 (i64) (replace: new token)         | 24
 *   |                    orderId (i64)                      | 32
 *   |                     price (i64)                       | 40
 *   |          quantity (i64) (canceled / open / fill)      | 48
 *   |         leaves (i64) (execution: leaves quantity)     | 56
 *   +-------------------------------------------------------+ 64
 * </pre>
 * Kinds are the order-entry response types: A, J, E, C, U, I, K, M. {@code flag} holds the
 * liquidity byte of an execution and the kept-priority bit of a replace.
 */
public final class FixResponseRecord {
    public static final int KIND = 0, SIDE = 1, TYPE = 2, TIF = 3, REASON = 4, FLAG = 5;
    public static final int SYMBOL = 8, COUNT = 12, TOKEN = 16, TOKEN2 = 24, ORDER_ID = 32, PRICE = 40,
            QUANTITY = 48, LEAVES = 56;
    public static final int LENGTH = 64;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FixResponseRecord() {}

    static void write(MemorySegment s, byte kind, long token, long token2, long orderId, int symbol, byte side,
                      byte type, byte tif, long price, long quantity, long leaves, byte reason, byte flag, int count) {
        s.fill((byte) 0);
        s.set(ValueLayout.JAVA_BYTE, KIND, kind);
        s.set(ValueLayout.JAVA_BYTE, SIDE, side);
        s.set(ValueLayout.JAVA_BYTE, TYPE, type);
        s.set(ValueLayout.JAVA_BYTE, TIF, tif);
        s.set(ValueLayout.JAVA_BYTE, REASON, reason);
        s.set(ValueLayout.JAVA_BYTE, FLAG, flag);
        s.set(I32, SYMBOL, symbol);
        s.set(I32, COUNT, count);
        s.set(I64, TOKEN, token);
        s.set(I64, TOKEN2, token2);
        s.set(I64, ORDER_ID, orderId);
        s.set(I64, PRICE, price);
        s.set(I64, QUANTITY, quantity);
        s.set(I64, LEAVES, leaves);
    }

    /** Calls the matching {@link EntryResponses} method for the record at {@code off}. */
    static void replay(MemorySegment s, long off, EntryResponses to) {
        byte kind = s.get(ValueLayout.JAVA_BYTE, off + KIND);
        long token = s.get(I64, off + TOKEN);
        long token2 = s.get(I64, off + TOKEN2);
        long orderId = s.get(I64, off + ORDER_ID);
        long price = s.get(I64, off + PRICE);
        long qty = s.get(I64, off + QUANTITY);
        byte reason = s.get(ValueLayout.JAVA_BYTE, off + REASON);
        byte flag = s.get(ValueLayout.JAVA_BYTE, off + FLAG);
        switch (kind) {
            case 'A' -> to.onAccepted(token, orderId, s.get(I32, off + SYMBOL), s.get(ValueLayout.JAVA_BYTE, off + SIDE),
                    s.get(ValueLayout.JAVA_BYTE, off + TYPE), s.get(ValueLayout.JAVA_BYTE, off + TIF), price, qty);
            case 'J' -> to.onRejected(token, reason);
            case 'E' -> to.onExecuted(token, orderId, token2, price, qty, s.get(I64, off + LEAVES), flag);
            case 'C' -> to.onCanceled(token, orderId, qty, reason);
            case 'U' -> to.onReplaced(token, token2, orderId, price, qty, flag != 0);
            case 'I' -> to.onCancelReject(token, reason);
            case 'K' -> to.onReplaceReject(token, token2, reason);
            case 'M' -> to.onMassCancelAck(s.get(I32, off + SYMBOL), s.get(I32, off + COUNT));
            default -> { }
        }
    }
}
