package qsl.gateway.entry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The order-entry messages the gateway reads and writes, big-endian like OUCH. Offsets are from
 * the first byte of the application message (the message type), which follows the SoupBinTCP
 * packet type. {@code docs/wire.md} gives every byte.
 */
public final class Wire {
    private Wire() {}

    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    // ---- SoupBinTCP packet types
    public static final byte LOGIN_REQUEST = 'L';
    public static final byte LOGIN_ACCEPTED = 'A';
    public static final byte LOGIN_REJECTED = 'J';
    public static final byte SEQUENCED = 'S';
    public static final byte UNSEQUENCED = 'U';
    public static final byte SERVER_HEARTBEAT = 'H';
    public static final byte CLIENT_HEARTBEAT = 'R';
    public static final byte LOGOUT_REQUEST = 'O';
    public static final byte END_OF_SESSION = 'Z';
    public static final byte DEBUG = '+';

    /** Login Request payload: username 6, password 10, session 10, sequence number 20 (ASCII). */
    public static final int LOGIN_REQUEST_LENGTH = 46;
    /** Login Accepted payload: session 10, sequence number 20. */
    public static final int LOGIN_ACCEPTED_LENGTH = 30;
    public static final byte REJECT_NOT_AUTHORIZED = 'A';
    public static final byte REJECT_SESSION_NOT_AVAILABLE = 'S';

    // ---- inbound (inside U)
    public static final byte ENTER_ORDER = 'O';
    public static final byte CANCEL_ORDER = 'X';
    public static final byte REPLACE_ORDER = 'U';
    public static final byte MASS_CANCEL = 'C';

    public static final int ENTER_TOKEN = 1, ENTER_SYMBOL = 9, ENTER_SIDE = 17, ENTER_TYPE = 18, ENTER_TIF = 19,
            ENTER_PRICE = 20, ENTER_QUANTITY = 28, ENTER_LENGTH = 36;
    public static final int CANCEL_TOKEN = 1, CANCEL_LENGTH = 9;
    public static final int REPLACE_TOKEN = 1, REPLACE_NEW_TOKEN = 9, REPLACE_PRICE = 17, REPLACE_QUANTITY = 25, REPLACE_LENGTH = 33;
    public static final int MASS_SYMBOL = 1, MASS_LENGTH = 9;

    // ---- outbound (inside S)
    public static final byte ACCEPTED = 'A';
    public static final byte REJECTED = 'J';
    public static final byte EXECUTED = 'E';
    public static final byte CANCELED = 'C';
    public static final byte REPLACED = 'U';
    public static final byte CANCEL_REJECT = 'I';
    public static final byte REPLACE_REJECT = 'K';
    public static final byte MASS_CANCEL_ACK = 'M';

    public static final int ACC_TOKEN = 1, ACC_ORDER_ID = 9, ACC_SYMBOL = 17, ACC_SIDE = 25, ACC_TYPE = 26, ACC_TIF = 27,
            ACC_PRICE = 28, ACC_QUANTITY = 36, ACC_LENGTH = 44;
    public static final int REJ_TOKEN = 1, REJ_REASON = 9, REJ_LENGTH = 10;
    public static final int EXE_TOKEN = 1, EXE_ORDER_ID = 9, EXE_MATCH_ID = 17, EXE_PRICE = 25, EXE_QUANTITY = 33,
            EXE_LEAVES = 41, EXE_LIQUIDITY = 49, EXE_LENGTH = 50;
    public static final int CAN_TOKEN = 1, CAN_ORDER_ID = 9, CAN_QUANTITY = 17, CAN_REASON = 25, CAN_LENGTH = 26;
    public static final int REP_OLD_TOKEN = 1, REP_NEW_TOKEN = 9, REP_ORDER_ID = 17, REP_PRICE = 25, REP_QUANTITY = 33,
            REP_KEPT = 41, REP_LENGTH = 42;
    public static final int CREJ_TOKEN = 1, CREJ_REASON = 9, CREJ_LENGTH = 10;
    public static final int RREJ_OLD_TOKEN = 1, RREJ_NEW_TOKEN = 9, RREJ_REASON = 17, RREJ_LENGTH = 18;
    public static final int MACK_SYMBOL = 1, MACK_COUNT = 9, MACK_LENGTH = 13;

    public static final byte LIQUIDITY_ADDED = 'A';
    public static final byte LIQUIDITY_REMOVED = 'R';

    // ---- gateway reason codes (engine RejectReason codes are 1..16)
    public static final byte REASON_UNKNOWN_TOKEN = 32;
    public static final byte REASON_DUPLICATE_TOKEN = 33;
    public static final byte REASON_UNKNOWN_SYMBOL = 34;
    public static final byte REASON_TOO_MANY_ORDERS = 35;

    /** Length of an inbound message of this type, -1 for an unknown type. */
    public static int inboundLength(byte type) {
        return switch (type) {
            case ENTER_ORDER -> ENTER_LENGTH;
            case CANCEL_ORDER -> CANCEL_LENGTH;
            case REPLACE_ORDER -> REPLACE_LENGTH;
            case MASS_CANCEL -> MASS_LENGTH;
            default -> -1;
        };
    }

    public static long getLong(MemorySegment s, long at) { return s.get(I64, at); }
    public static void putLong(MemorySegment s, long at, long v) { s.set(I64, at, v); }
    public static byte getByte(MemorySegment s, long at) { return s.get(I8, at); }
    public static void putByte(MemorySegment s, long at, byte v) { s.set(I8, at, v); }
}
