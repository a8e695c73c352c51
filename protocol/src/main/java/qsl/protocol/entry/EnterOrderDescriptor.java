package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Enter Order (client to server, in Unsequenced Data): a new order. The token names it in
 * every later request and response of the session.
 * Fixed 36 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'O'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   8 | symbol (8 ASCII)                                           |
 *   |  17 |   1 | side (u8)                                                  |
 *   |  18 |   1 | orderType (u8)                                             |
 *   |  19 |   1 | timeInForce (u8)                                           |
 *   |  20 |   8 | price (i64)                                                |
 *   |  28 |   8 | quantity (i64)                                             |
 *   +-----+-----+------------------------------------------------------------+
 *    36
 * </pre>
 * <ul>
 *   <li>{@code token}: client order token (u64), unique among the session's live orders</li>
 *   <li>{@code symbol}: symbol, 8 ASCII, space padded</li>
 *   <li>{@code side}: 'B' buy, 'S' sell</li>
 *   <li>{@code orderType}: 'L' limit, 'M' market</li>
 *   <li>{@code timeInForce}: 'G' GTC, 'D' day (as GTC), 'I' IOC, 'F' FOK</li>
 *   <li>{@code price}: limit price in ticks (i64; ignored for market)</li>
 *   <li>{@code quantity}: quantity (i64)</li>
 * </ul>
 */
public final class EnterOrderDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'O';
    public static final int TOKEN_OFFSET = 1;
    public static final int SYMBOL_OFFSET = 9;
    public static final int SIDE_OFFSET = 17;
    public static final int ORDER_TYPE_OFFSET = 18;
    public static final int TIME_IN_FORCE_OFFSET = 19;
    public static final int PRICE_OFFSET = 20;
    public static final int QUANTITY_OFFSET = 28;
    /** Bytes of the message. */
    public static final int LENGTH = 36;

    private EnterOrderDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
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
    public static int write(MemorySegment s, long at, long token, long symbol, byte side, byte orderType,
                            byte timeInForce, long price, long quantity) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        Wire.i64(s, at + SYMBOL_OFFSET, symbol);
        Wire.u8(s, at + SIDE_OFFSET, side);
        Wire.u8(s, at + ORDER_TYPE_OFFSET, orderType);
        Wire.u8(s, at + TIME_IN_FORCE_OFFSET, timeInForce);
        Wire.i64(s, at + PRICE_OFFSET, price);
        Wire.i64(s, at + QUANTITY_OFFSET, quantity);
        return LENGTH;
    }
}
