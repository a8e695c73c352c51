package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Replaced (server to client): a Replace Order took effect.
 * Fixed 42 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'U'                                           |
 *   |   1 |   8 | oldToken (i64)                                             |
 *   |   9 |   8 | newToken (i64)                                             |
 *   |  17 |   8 | orderId (i64)                                              |
 *   |  25 |   8 | price (i64)                                                |
 *   |  33 |   8 | quantity (i64)                                             |
 *   |  41 |   1 | keptPriority (u8)                                          |
 *   +-----+-----+------------------------------------------------------------+
 *    42
 * </pre>
 * <ul>
 *   <li>{@code oldToken}: the order's token before</li>
 *   <li>{@code newToken}: its token from now on</li>
 *   <li>{@code orderId}: engine order id (unchanged)</li>
 *   <li>{@code price}: price in ticks now</li>
 *   <li>{@code quantity}: open quantity now</li>
 *   <li>{@code keptPriority}: 1 the order kept its time priority, 0 it lost it</li>
 * </ul>
 */
public final class ReplacedDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'U';
    public static final int OLD_TOKEN_OFFSET = 1;
    public static final int NEW_TOKEN_OFFSET = 9;
    public static final int ORDER_ID_OFFSET = 17;
    public static final int PRICE_OFFSET = 25;
    public static final int QUANTITY_OFFSET = 33;
    public static final int KEPT_PRIORITY_OFFSET = 41;
    /** Bytes of the message. */
    public static final int LENGTH = 42;

    private ReplacedDescriptor() {}

    public static long oldToken(MemorySegment s, long at) {
        return Wire.i64(s, at + OLD_TOKEN_OFFSET);
    }

    public static long newToken(MemorySegment s, long at) {
        return Wire.i64(s, at + NEW_TOKEN_OFFSET);
    }

    public static long orderId(MemorySegment s, long at) {
        return Wire.i64(s, at + ORDER_ID_OFFSET);
    }

    public static long price(MemorySegment s, long at) {
        return Wire.i64(s, at + PRICE_OFFSET);
    }

    public static long quantity(MemorySegment s, long at) {
        return Wire.i64(s, at + QUANTITY_OFFSET);
    }

    public static byte keptPriority(MemorySegment s, long at) {
        return Wire.u8(s, at + KEPT_PRIORITY_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long oldToken, long newToken, long orderId, long price,
                            long quantity, byte keptPriority) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + OLD_TOKEN_OFFSET, oldToken);
        Wire.i64(s, at + NEW_TOKEN_OFFSET, newToken);
        Wire.i64(s, at + ORDER_ID_OFFSET, orderId);
        Wire.i64(s, at + PRICE_OFFSET, price);
        Wire.i64(s, at + QUANTITY_OFFSET, quantity);
        Wire.u8(s, at + KEPT_PRIORITY_OFFSET, keptPriority);
        return LENGTH;
    }
}
