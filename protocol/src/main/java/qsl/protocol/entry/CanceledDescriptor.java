package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Canceled (server to client): an order left the book without trading in full.
 * Fixed 26 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'C'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   8 | orderId (i64)                                              |
 *   |  17 |   8 | canceledQuantity (i64)                                     |
 *   |  25 |   1 | reason (u8)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *    26
 * </pre>
 * <ul>
 *   <li>{@code token}: client order token</li>
 *   <li>{@code orderId}: engine order id</li>
 *   <li>{@code canceledQuantity}: quantity removed</li>
 *   <li>{@code reason}: 0 user, 1 unfilled IOC/market rest, 2 FOK killed, 3 mass cancel</li>
 * </ul>
 */
public final class CanceledDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'C';
    public static final int TOKEN_OFFSET = 1;
    public static final int ORDER_ID_OFFSET = 9;
    public static final int CANCELED_QUANTITY_OFFSET = 17;
    public static final int REASON_OFFSET = 25;
    /** Bytes of the message. */
    public static final int LENGTH = 26;

    private CanceledDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
    }

    public static long orderId(MemorySegment s, long at) {
        return Wire.i64(s, at + ORDER_ID_OFFSET);
    }

    public static long canceledQuantity(MemorySegment s, long at) {
        return Wire.i64(s, at + CANCELED_QUANTITY_OFFSET);
    }

    public static byte reason(MemorySegment s, long at) {
        return Wire.u8(s, at + REASON_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long token, long orderId, long canceledQuantity, byte reason) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        Wire.i64(s, at + ORDER_ID_OFFSET, orderId);
        Wire.i64(s, at + CANCELED_QUANTITY_OFFSET, canceledQuantity);
        Wire.u8(s, at + REASON_OFFSET, reason);
        return LENGTH;
    }
}
