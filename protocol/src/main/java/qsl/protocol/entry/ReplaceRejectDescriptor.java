package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Replace Reject (server to client): a Replace Order refused; the order (if any) is unchanged.
 * Fixed 18 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'K'                                           |
 *   |   1 |   8 | existingToken (i64)                                        |
 *   |   9 |   8 | replacementToken (i64)                                     |
 *   |  17 |   1 | reason (u8)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *    18
 * </pre>
 * <ul>
 *   <li>{@code existingToken}: token the replace named</li>
 *   <li>{@code replacementToken}: replacement token it asked for</li>
 *   <li>{@code reason}: reason code</li>
 * </ul>
 */
public final class ReplaceRejectDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'K';
    public static final int EXISTING_TOKEN_OFFSET = 1;
    public static final int REPLACEMENT_TOKEN_OFFSET = 9;
    public static final int REASON_OFFSET = 17;
    /** Bytes of the message. */
    public static final int LENGTH = 18;

    private ReplaceRejectDescriptor() {}

    public static long existingToken(MemorySegment s, long at) {
        return Wire.i64(s, at + EXISTING_TOKEN_OFFSET);
    }

    public static long replacementToken(MemorySegment s, long at) {
        return Wire.i64(s, at + REPLACEMENT_TOKEN_OFFSET);
    }

    public static byte reason(MemorySegment s, long at) {
        return Wire.u8(s, at + REASON_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long existingToken, long replacementToken, byte reason) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + EXISTING_TOKEN_OFFSET, existingToken);
        Wire.i64(s, at + REPLACEMENT_TOKEN_OFFSET, replacementToken);
        Wire.u8(s, at + REASON_OFFSET, reason);
        return LENGTH;
    }
}
