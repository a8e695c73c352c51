package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Replace Order (client to server): change a live order's price and/or quantity; from then on
 * the order answers to the replacement token (which may equal the existing one).
 * Fixed 33 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'U'                                           |
 *   |   1 |   8 | existingToken (i64)                                        |
 *   |   9 |   8 | replacementToken (i64)                                     |
 *   |  17 |   8 | price (i64)                                                |
 *   |  25 |   8 | quantity (i64)                                             |
 *   +-----+-----+------------------------------------------------------------+
 *    33
 * </pre>
 * <ul>
 *   <li>{@code existingToken}: token of the live order</li>
 *   <li>{@code replacementToken}: token the order takes</li>
 *   <li>{@code price}: new limit price in ticks</li>
 *   <li>{@code quantity}: new total open quantity</li>
 * </ul>
 */
public final class ReplaceOrderDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'U';
    public static final int EXISTING_TOKEN_OFFSET = 1;
    public static final int REPLACEMENT_TOKEN_OFFSET = 9;
    public static final int PRICE_OFFSET = 17;
    public static final int QUANTITY_OFFSET = 25;
    /** Bytes of the message. */
    public static final int LENGTH = 33;

    private ReplaceOrderDescriptor() {}

    public static long existingToken(MemorySegment s, long at) {
        return Wire.i64(s, at + EXISTING_TOKEN_OFFSET);
    }

    public static long replacementToken(MemorySegment s, long at) {
        return Wire.i64(s, at + REPLACEMENT_TOKEN_OFFSET);
    }

    public static long price(MemorySegment s, long at) {
        return Wire.i64(s, at + PRICE_OFFSET);
    }

    public static long quantity(MemorySegment s, long at) {
        return Wire.i64(s, at + QUANTITY_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long existingToken, long replacementToken, long price,
                            long quantity) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + EXISTING_TOKEN_OFFSET, existingToken);
        Wire.i64(s, at + REPLACEMENT_TOKEN_OFFSET, replacementToken);
        Wire.i64(s, at + PRICE_OFFSET, price);
        Wire.i64(s, at + QUANTITY_OFFSET, quantity);
        return LENGTH;
    }
}
