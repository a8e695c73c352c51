package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Cancel Order (client to server): cancel the rest of a live order of this session.
 * Fixed 9 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'X'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *     9
 * </pre>
 * <ul>
 *   <li>{@code token}: token of the order to cancel</li>
 * </ul>
 */
public final class CancelOrderDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'X';
    public static final int TOKEN_OFFSET = 1;
    /** Bytes of the message. */
    public static final int LENGTH = 9;

    private CancelOrderDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long token) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        return LENGTH;
    }
}
