package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Mass Cancel (client to server): cancel every live order of the session's account on one
 * symbol, or on every symbol when the symbol is all spaces.
 * Fixed 9 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'C'                                           |
 *   |   1 |   8 | symbol (8 ASCII)                                           |
 *   +-----+-----+------------------------------------------------------------+
 *     9
 * </pre>
 * <ul>
 *   <li>{@code symbol}: symbol, or 8 spaces for every symbol</li>
 * </ul>
 */
public final class MassCancelDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'C';
    public static final int SYMBOL_OFFSET = 1;
    /** Bytes of the message. */
    public static final int LENGTH = 9;

    private MassCancelDescriptor() {}

    public static long symbol(MemorySegment s, long at) {
        return Wire.i64(s, at + SYMBOL_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long symbol) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + SYMBOL_OFFSET, symbol);
        return LENGTH;
    }
}
