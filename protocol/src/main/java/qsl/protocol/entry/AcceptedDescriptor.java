package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Accepted (server to client, in Sequenced Data): the order is in the engine under an order
 * id; executions, if any, follow.
 * Fixed 44 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'A'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   8 | orderId (i64)                                              |
 *   |  17 |   8 | symbol (8 ASCII)                                           |
 *   |  25 |   1 | side (u8)                                                  |
 *   |  26 |   1 | orderType (u8)                                             |
 *   |  27 |   1 | timeInForce (u8)                                           |
 *   |  28 |   8 | price (i64)                                                |
 *   |  36 |   8 | quantity (i64)                                             |
 *   +-----+-----+------------------------------------------------------------+
 *    44
 * </pre>
 * <ul>
 *   <li>{@code token}: client order token</li>
 *   <li>{@code orderId}: engine order id</li>
 *   <li>{@code symbol}: symbol</li>
 *   <li>{@code side}: 'B' / 'S'</li>
 *   <li>{@code orderType}: 'L' / 'M'</li>
 *   <li>{@code timeInForce}: 'G' / 'D' / 'I' / 'F'</li>
 *   <li>{@code price}: price in ticks</li>
 *   <li>{@code quantity}: accepted quantity</li>
 * </ul>
 */
public final class AcceptedDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'A';
    public static final int TOKEN_OFFSET = 1;
    public static final int ORDER_ID_OFFSET = 9;
    public static final int SYMBOL_OFFSET = 17;
    public static final int SIDE_OFFSET = 25;
    public static final int ORDER_TYPE_OFFSET = 26;
    public static final int TIME_IN_FORCE_OFFSET = 27;
    public static final int PRICE_OFFSET = 28;
    public static final int QUANTITY_OFFSET = 36;
    /** Bytes of the message. */
    public static final int LENGTH = 44;

    private AcceptedDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
    }

    public static long orderId(MemorySegment s, long at) {
        return Wire.i64(s, at + ORDER_ID_OFFSET);
    }

    public static long symbol(MemorySegment s, long at) {
        return Wire.i64(s, at + SYMBOL_OFFSET);
    }

    public static byte side(MemorySegment s, long at) {
        return Wire.u8(s, at + SIDE_OFFSET);
    }

    public static byte orderType(MemorySegment s, long at) {
        return Wire.u8(s, at + ORDER_TYPE_OFFSET);
    }

    public static byte timeInForce(MemorySegment s, long at) {
        return Wire.u8(s, at + TIME_IN_FORCE_OFFSET);
    }

    public static long price(MemorySegment s, long at) {
        return Wire.i64(s, at + PRICE_OFFSET);
    }

    public static long quantity(MemorySegment s, long at) {
        return Wire.i64(s, at + QUANTITY_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long token, long orderId, long symbol, byte side,
                            byte orderType, byte timeInForce, long price, long quantity) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        Wire.i64(s, at + ORDER_ID_OFFSET, orderId);
        Wire.i64(s, at + SYMBOL_OFFSET, symbol);
        Wire.u8(s, at + SIDE_OFFSET, side);
        Wire.u8(s, at + ORDER_TYPE_OFFSET, orderType);
        Wire.u8(s, at + TIME_IN_FORCE_OFFSET, timeInForce);
        Wire.i64(s, at + PRICE_OFFSET, price);
        Wire.i64(s, at + QUANTITY_OFFSET, quantity);
        return LENGTH;
    }
}
