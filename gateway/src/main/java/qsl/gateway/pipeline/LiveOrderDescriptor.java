package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Layout of one live-order slot in the {@link SessionMachine}'s order table: who owns a resting
 * engine order and under which client token. Native byte order, 32 bytes.
 *
 * <pre>
 *   0                               8                              16
 *   +-------------------------------+-------------------------------+
 *   |        orderId (i64)          |     client token (i64)        |
 *   +---------------+---------------+-------+-----------------------+
 *   | session (i32) | symbol (i32)  | side  |  reserved (7 bytes)   | 16
 *   +---------------+---------------+-------+-----------------------+ 32
 * </pre>
 */
public final class LiveOrderDescriptor {
    public static final int ORDER_ID_OFFSET = 0;
    public static final int TOKEN_OFFSET = 8;
    public static final int SESSION_OFFSET = 16;
    public static final int SYMBOL_OFFSET = 20;
    public static final int SIDE_OFFSET = 24;
    public static final int LENGTH = 32;

    private LiveOrderDescriptor() {}

    public static long orderId(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_LONG_UNALIGNED, at + ORDER_ID_OFFSET); }
    public static long token(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_LONG_UNALIGNED, at + TOKEN_OFFSET); }
    public static int session(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_INT_UNALIGNED, at + SESSION_OFFSET); }
    public static int symbol(MemorySegment s, long at) { return s.get(ValueLayout.JAVA_INT_UNALIGNED, at + SYMBOL_OFFSET); }

    public static void write(MemorySegment s, long at, long orderId, long token, int session, int symbol, byte side) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + ORDER_ID_OFFSET, orderId);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + TOKEN_OFFSET, token);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + SESSION_OFFSET, session);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + SYMBOL_OFFSET, symbol);
        s.set(ValueLayout.JAVA_BYTE, at + SIDE_OFFSET, side);
    }

    public static void setToken(MemorySegment s, long at, long token) {
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + TOKEN_OFFSET, token);
    }
}
