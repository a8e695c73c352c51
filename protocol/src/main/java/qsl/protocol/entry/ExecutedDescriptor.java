package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Executed (server to client): one fill of one of the session's orders.
 * Fixed 50 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'E'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   8 | orderId (i64)                                              |
 *   |  17 |   8 | matchId (i64)                                              |
 *   |  25 |   8 | price (i64)                                                |
 *   |  33 |   8 | quantity (i64)                                             |
 *   |  41 |   8 | leavesQuantity (i64)                                       |
 *   |  49 |   1 | liquidity (u8)                                             |
 *   +-----+-----+------------------------------------------------------------+
 *    50
 * </pre>
 * <ul>
 *   <li>{@code token}: client order token</li>
 *   <li>{@code orderId}: engine order id</li>
 *   <li>{@code matchId}: match id (u64), the same in both sides' Executed</li>
 *   <li>{@code price}: execution price in ticks (the resting order's price)</li>
 *   <li>{@code quantity}: executed quantity</li>
 *   <li>{@code leavesQuantity}: open quantity left after this fill</li>
 *   <li>{@code liquidity}: 'A' added (was resting), 'R' removed (took)</li>
 * </ul>
 */
public final class ExecutedDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'E';
    public static final int TOKEN_OFFSET = 1;
    public static final int ORDER_ID_OFFSET = 9;
    public static final int MATCH_ID_OFFSET = 17;
    public static final int PRICE_OFFSET = 25;
    public static final int QUANTITY_OFFSET = 33;
    public static final int LEAVES_QUANTITY_OFFSET = 41;
    public static final int LIQUIDITY_OFFSET = 49;
    /** Bytes of the message. */
    public static final int LENGTH = 50;

    private ExecutedDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
    }

    public static long orderId(MemorySegment s, long at) {
        return Wire.i64(s, at + ORDER_ID_OFFSET);
    }

    public static long matchId(MemorySegment s, long at) {
        return Wire.i64(s, at + MATCH_ID_OFFSET);
    }

    public static long price(MemorySegment s, long at) {
        return Wire.i64(s, at + PRICE_OFFSET);
    }

    public static long quantity(MemorySegment s, long at) {
        return Wire.i64(s, at + QUANTITY_OFFSET);
    }

    public static long leavesQuantity(MemorySegment s, long at) {
        return Wire.i64(s, at + LEAVES_QUANTITY_OFFSET);
    }

    public static byte liquidity(MemorySegment s, long at) {
        return Wire.u8(s, at + LIQUIDITY_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long token, long orderId, long matchId, long price,
                            long quantity, long leavesQuantity, byte liquidity) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        Wire.i64(s, at + ORDER_ID_OFFSET, orderId);
        Wire.i64(s, at + MATCH_ID_OFFSET, matchId);
        Wire.i64(s, at + PRICE_OFFSET, price);
        Wire.i64(s, at + QUANTITY_OFFSET, quantity);
        Wire.i64(s, at + LEAVES_QUANTITY_OFFSET, leavesQuantity);
        Wire.u8(s, at + LIQUIDITY_OFFSET, liquidity);
        return LENGTH;
    }
}
