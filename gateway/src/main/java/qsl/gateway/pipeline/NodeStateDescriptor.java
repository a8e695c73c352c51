package qsl.gateway.pipeline;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the node's state in the extension section of a journal snapshot: what the engine's
 * own snapshot section does not hold. The session machine's counters, every session (by username,
 * with how many messages and bytes its output store held at the snapshot's log sequence) and the
 * owner of every resting order (session and client token). Little-endian.
 *
 * <pre>
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |  magic "QSLNODE\1" (i64)      | version (i32) | sessions (i32)|  0
 *   +---------------+---------------+---------------+---------------+
 *   | orders (i32)  | reserved (0)  |  last order id (i64)          | 16
 *   +---------------+---------------+-------------------------------+
 *   |  last match id (i64)          |  commands applied (i64)       | 32
 *   +-------------------------------+-------------------------------+ 48
 *   |  session entry x sessions (32 bytes each)                     |
 *   +---------------------------------------------------------------+
 *   |  order entry x orders (32 bytes each)                         |
 *   +---------------------------------------------------------------+ 48 + 32 x (sessions + orders)
 *
 * session entry:
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   |  username key (i64, ASCII BE) | account (i32) | flags (i32)   |  flags bit 0: cancel on disconnect
 *   +-------------------------------+---------------+---------------+
 *   |  store messages (i64)         |  store bytes (i64)            | 16
 *   +-------------------------------+-------------------------------+ 32
 *
 * order entry:
 *   0                               8               16      20      24  25
 *   +-------------------------------+---------------+-------+-------+---+-----------+
 *   |  engine order id (i64)        | token (i64)   |session|symbol |sd | reserved  |
 *   +-------------------------------+---------------+-------+-------+---+-----------+ 32
 *   session: index into this snapshot's session entries; sd: the engine's side code
 * </pre>
 * The length must be exactly {@code 48 + 32 x (sessions + orders)}.
 */
public final class NodeStateDescriptor {
    public static final long MAGIC = 0x0145_444F_4E4C_5351L; // "QSLNODE\1" little-endian
    public static final int VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SESSIONS_OFFSET = 12;
    public static final int ORDERS_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    public static final int LAST_ORDER_ID_OFFSET = 24;
    public static final int LAST_MATCH_ID_OFFSET = 32;
    public static final int COMMANDS_OFFSET = 40;
    public static final int HEADER_LENGTH = 48;

    public static final int SESSION_KEY_OFFSET = 0;
    public static final int SESSION_ACCOUNT_OFFSET = 8;
    public static final int SESSION_FLAGS_OFFSET = 12;
    public static final int SESSION_MESSAGES_OFFSET = 16;
    public static final int SESSION_BYTES_OFFSET = 24;
    public static final int SESSION_LENGTH = 32;
    public static final int FLAG_CANCEL_ON_DISCONNECT = 1;

    public static final int ORDER_ID_OFFSET = 0;
    public static final int ORDER_TOKEN_OFFSET = 8;
    public static final int ORDER_SESSION_OFFSET = 16;
    public static final int ORDER_SYMBOL_OFFSET = 20;
    public static final int ORDER_SIDE_OFFSET = 24;
    public static final int ORDER_LENGTH = 32;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private NodeStateDescriptor() {}

    /** Offset of session entry {@code i}. */
    public static long session(int i) {
        return HEADER_LENGTH + (long) i * SESSION_LENGTH;
    }

    /** Offset of order entry {@code i} when there are {@code sessions} session entries. */
    public static long order(int sessions, int i) {
        return HEADER_LENGTH + (long) sessions * SESSION_LENGTH + (long) i * ORDER_LENGTH;
    }
}
