package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Rejected (server to client): an Enter Order refused; nothing entered the book.
 * Fixed 10 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'J'                                           |
 *   |   1 |   8 | token (i64)                                                |
 *   |   9 |   1 | reason (u8)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *    10
 * </pre>
 * <ul>
 *   <li>{@code token}: client order token</li>
 *   <li>{@code reason}: reason code: engine 1..31, gateway 32 up (GatewayReason)</li>
 * </ul>
 */
public final class RejectedDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'J';
    public static final int TOKEN_OFFSET = 1;
    public static final int REASON_OFFSET = 9;
    /** Bytes of the message. */
    public static final int LENGTH = 10;

    private RejectedDescriptor() {}

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
