package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Mass Cancel Ack (server to client): the answer to a Mass Cancel. Carried out (reason 0): the
 * Canceled messages of the orders it removed precede it. Refused (reason non-zero): nothing
 * was cancelled.
 * Fixed 14 bytes, big-endian; offsets from the message's first byte (the type).
 *
 * <pre>
 *   offset size  field
 *   +-----+-----+------------------------------------------------------------+
 *   |   0 |   1 | message type 'M'                                           |
 *   |   1 |   8 | symbol (8 ASCII)                                           |
 *   |   9 |   4 | canceledCount (u32)                                        |
 *   |  13 |   1 | reason (u8)                                                |
 *   +-----+-----+------------------------------------------------------------+
 *    14
 * </pre>
 * <ul>
 *   <li>{@code symbol}: symbol as requested (8 spaces = every symbol)</li>
 *   <li>{@code canceledCount}: orders cancelled (u32); 0 when refused</li>
 *   <li>{@code reason}: 0 carried out; otherwise why it was refused (a reason code, e.g. 34 unknown symbol)</li>
 * </ul>
 */
public final class MassCancelAckDescriptor {
    /** The message type byte. */
    public static final byte TYPE = 'M';
    public static final int SYMBOL_OFFSET = 1;
    public static final int CANCELED_COUNT_OFFSET = 9;
    public static final int REASON_OFFSET = 13;
    /** Bytes of the message. */
    public static final int LENGTH = 14;

    private MassCancelAckDescriptor() {}

    public static long symbol(MemorySegment s, long at) {
        return Wire.i64(s, at + SYMBOL_OFFSET);
    }

    public static int canceledCount(MemorySegment s, long at) {
        return Wire.i32(s, at + CANCELED_COUNT_OFFSET);
    }

    public static byte reason(MemorySegment s, long at) {
        return Wire.u8(s, at + REASON_OFFSET);
    }

    /** Writes the whole message at {@code at}; returns {@link #LENGTH}. */
    public static int write(MemorySegment s, long at, long symbol, int canceledCount, byte reason) {
        Wire.u8(s, at, TYPE);
        Wire.i64(s, at + SYMBOL_OFFSET, symbol);
        Wire.i32(s, at + CANCELED_COUNT_OFFSET, canceledCount);
        Wire.u8(s, at + REASON_OFFSET, reason);
        return LENGTH;
    }
}
