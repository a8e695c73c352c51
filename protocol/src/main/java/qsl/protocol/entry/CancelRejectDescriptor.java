package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Cancel Reject (server to client): a Cancel Order refused; the order (if any) is unchanged.
 * Fixed 10 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'I'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   1 | reason (u8)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *    10
 * </pre>
 * <ul>
 *   <li>{@code token}: token the cancel named</li>
 *   <li>{@code reason}: reason code</li>
 * </ul>
 */
public final class CancelRejectDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'I';
    public static final int TOKEN_OFFSET = 1;
    public static final int REASON_OFFSET = 9;
    /** Bytes of the message. */
    public static final int LENGTH = 10;

    private CancelRejectDescriptor() {}

    public static long token(MemorySegment s, long at) {
        return Wire.i64(s, at + TOKEN_OFFSET);
    }

    public static byte reason(MemorySegment s, long at) {
        return Wire.u8(s, at + REASON_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long token, byte reason) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + TOKEN_OFFSET, token);
        Wire.u8(s, at + REASON_OFFSET, reason);
        return LENGTH;
    }
}
