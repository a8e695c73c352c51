package qsl.gateway.fix;

/**
 * Layout of a set of FIX sessions' complete state ({@link FixState}): what a front end that
 * drives its sessions from a replicated log (the clustered node) snapshots, so that a member
 * restored from it continues exactly as the members that never stopped. Little-endian.
 *
 * <pre>
 *   0                               4                               8
 *   +-------------------------------+-------------------------------+
 *   |   session count (i32)         |   connection count (i32)      |
 *   +-------------------------------+-------------------------------+
 *   | session count x session block, then connection count x connection  |  8
 *   +---------------------------------------------------------------+
 *
 *   session block: fixed part (SESSION_LENGTH bytes)
 *   +---------------------------------------------------------------+
 *   | nextOut | nextIn | execIds | link (connection id, -1: none)    |  0 .. 31 (i64 each)
 *   | logoutSentAt | heartbeatMillis | lastReceived | lastSent        | 32 .. 63
 *   | testRequestSentAt | testRequestId | resendUpTo | now            | 64 .. 95
 *   | loggedOn (u8) | logoutSent (u8) | 6 zero bytes                  | 96
 *   | orders' token counter (i64)                                   |104
 *   | free slot count (i32)         | live order count (i32)        |112
 *   | outbox bytes written (i64)                                    |120
 *   | kept message count (i32)      | 4 zero bytes                  |128
 *   | resendFrom (i64)                                              |136
 *   +---------------------------------------------------------------+144
 *   then: free slot count x slot (i32), in free-list order
 *   then: live order count x order (ORDER_LENGTH bytes):
 *   | slot (i32) | symbol (i32) | token | pendingToken | price | pendingPrice | orderQty |
 *   | pendingQty | cumQty | notional | orderId (i64 each, from 8)                       |
 *   | idLen | pendingIdLen | pending | side | type | tif | acked (u8 each) | 1 zero  | 80
 *   | ClOrdID (40 bytes) | pending ClOrdID (40 bytes)                                 | 88 .. 167
 *   then: kept message count x (MESSAGE_HEADER_LENGTH bytes + body):
 *   | entry (i32) | body length (i32) | seq (i64) | start (i64) | sendingTime (i64)  |
 *   | MsgType (u8) | 7 zero bytes | body                                             | 40
 *
 *   connection (CONNECTION_LENGTH bytes):
 *   | id (i64) | openedAt (i64) | bound session (i32, -1: none) | closed (u8) | 3 zero |
 * </pre>
 */
public final class FixStateDescriptor {
    public static final int HEADER_LENGTH = 8;

    public static final int NEXT_OUT_OFFSET = 0;
    public static final int NEXT_IN_OFFSET = 8;
    public static final int EXEC_IDS_OFFSET = 16;
    public static final int LINK_OFFSET = 24;
    public static final int LOGOUT_SENT_AT_OFFSET = 32;
    public static final int HEARTBEAT_OFFSET = 40;
    public static final int LAST_RECEIVED_OFFSET = 48;
    public static final int LAST_SENT_OFFSET = 56;
    public static final int TEST_REQUEST_SENT_AT_OFFSET = 64;
    public static final int TEST_REQUEST_ID_OFFSET = 72;
    public static final int RESEND_UP_TO_OFFSET = 80;
    public static final int NOW_OFFSET = 88;
    public static final int LOGGED_ON_OFFSET = 96;
    public static final int LOGOUT_SENT_OFFSET = 97;
    public static final int TOKEN_COUNTER_OFFSET = 104;
    public static final int FREE_COUNT_OFFSET = 112;
    public static final int LIVE_COUNT_OFFSET = 116;
    public static final int OUTBOX_WRITTEN_OFFSET = 120;
    public static final int KEPT_COUNT_OFFSET = 128;
    public static final int RESEND_FROM_OFFSET = 136;
    public static final int SESSION_LENGTH = 144;

    public static final int ORDER_SLOT_OFFSET = 0;
    public static final int ORDER_SYMBOL_OFFSET = 4;
    public static final int ORDER_LONGS_OFFSET = 8; // token, pendingToken, price, pendingPrice, orderQty, pendingQty, cumQty, notional, orderId
    public static final int ORDER_BYTES_OFFSET = 80; // idLen, pendingIdLen, pending, side, type, tif, acked
    public static final int ORDER_ID_OFFSET = 88;
    public static final int ORDER_PENDING_ID_OFFSET = ORDER_ID_OFFSET + FixOrders.MAX_ID;
    public static final int ORDER_LENGTH = ORDER_PENDING_ID_OFFSET + FixOrders.MAX_ID;

    public static final int MESSAGE_ENTRY_OFFSET = 0;
    public static final int MESSAGE_LENGTH_OFFSET = 4;
    public static final int MESSAGE_SEQ_OFFSET = 8;
    public static final int MESSAGE_START_OFFSET = 16;
    public static final int MESSAGE_TIME_OFFSET = 24;
    public static final int MESSAGE_TYPE_OFFSET = 32;
    public static final int MESSAGE_HEADER_LENGTH = 40;

    public static final int CONNECTION_ID_OFFSET = 0;
    public static final int CONNECTION_OPENED_OFFSET = 8;
    public static final int CONNECTION_SESSION_OFFSET = 16;
    public static final int CONNECTION_CLOSED_OFFSET = 20;
    public static final int CONNECTION_LENGTH = 24;

    private FixStateDescriptor() {}
}
