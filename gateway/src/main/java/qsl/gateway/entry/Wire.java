package qsl.gateway.entry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import qsl.protocol.entry.AcceptedDescriptor;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.CancelRejectDescriptor;
import qsl.protocol.entry.CanceledDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.ExecutedDescriptor;
import qsl.protocol.entry.GatewayReason;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.RejectedDescriptor;
import qsl.protocol.entry.ReplaceOrderDescriptor;
import qsl.protocol.entry.ReplaceRejectDescriptor;
import qsl.protocol.entry.ReplacedDescriptor;
import qsl.protocol.soup.LoginAcceptedDescriptor;
import qsl.protocol.soup.LoginRejectedDescriptor;
import qsl.protocol.soup.LoginRequestDescriptor;
import qsl.protocol.soup.SoupPacketType;

/**
 * The gateway's short names for the wire layouts of {@code qsl.protocol.soup} and
 * {@code qsl.protocol.entry} (the descriptors there are the truth; every constant here is one of
 * theirs). Offsets are from the first byte of the order-entry message (its type), which follows
 * the SoupBinTCP packet type. {@code docs/wire.md} gives every byte.
 */
public final class Wire {
    private Wire() {}

    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    // ---- SoupBinTCP packet types
    public static final byte LOGIN_REQUEST = SoupPacketType.LOGIN_REQUEST;
    public static final byte LOGIN_ACCEPTED = SoupPacketType.LOGIN_ACCEPTED;
    public static final byte LOGIN_REJECTED = SoupPacketType.LOGIN_REJECTED;
    public static final byte SEQUENCED = SoupPacketType.SEQUENCED_DATA;
    public static final byte UNSEQUENCED = SoupPacketType.UNSEQUENCED_DATA;
    public static final byte SERVER_HEARTBEAT = SoupPacketType.SERVER_HEARTBEAT;
    public static final byte CLIENT_HEARTBEAT = SoupPacketType.CLIENT_HEARTBEAT;
    public static final byte LOGOUT_REQUEST = SoupPacketType.LOGOUT_REQUEST;
    public static final byte END_OF_SESSION = SoupPacketType.END_OF_SESSION;
    public static final byte DEBUG = SoupPacketType.DEBUG;

    /** Login Request payload: username 6, password 10, session 10, sequence number 20 (ASCII). */
    public static final int LOGIN_REQUEST_LENGTH = LoginRequestDescriptor.PACKET_LENGTH - 1;
    /** Login Accepted payload: session 10, sequence number 20. */
    public static final int LOGIN_ACCEPTED_LENGTH = LoginAcceptedDescriptor.PACKET_LENGTH - 1;
    public static final byte REJECT_NOT_AUTHORIZED = LoginRejectedDescriptor.NOT_AUTHORIZED;
    public static final byte REJECT_SESSION_NOT_AVAILABLE = LoginRejectedDescriptor.SESSION_NOT_AVAILABLE;

    // ---- inbound (inside U)
    public static final byte ENTER_ORDER = EnterOrderDescriptor.TYPE;
    public static final byte CANCEL_ORDER = CancelOrderDescriptor.TYPE;
    public static final byte REPLACE_ORDER = ReplaceOrderDescriptor.TYPE;
    public static final byte MASS_CANCEL = MassCancelDescriptor.TYPE;

    public static final int ENTER_TOKEN = EnterOrderDescriptor.TOKEN_OFFSET, ENTER_SYMBOL = EnterOrderDescriptor.SYMBOL_OFFSET,
            ENTER_SIDE = EnterOrderDescriptor.SIDE_OFFSET, ENTER_TYPE = EnterOrderDescriptor.ORDER_TYPE_OFFSET,
            ENTER_TIF = EnterOrderDescriptor.TIME_IN_FORCE_OFFSET, ENTER_PRICE = EnterOrderDescriptor.PRICE_OFFSET,
            ENTER_QUANTITY = EnterOrderDescriptor.QUANTITY_OFFSET, ENTER_LENGTH = EnterOrderDescriptor.LENGTH;
    public static final int CANCEL_TOKEN = CancelOrderDescriptor.TOKEN_OFFSET, CANCEL_LENGTH = CancelOrderDescriptor.LENGTH;
    public static final int REPLACE_TOKEN = ReplaceOrderDescriptor.EXISTING_TOKEN_OFFSET,
            REPLACE_NEW_TOKEN = ReplaceOrderDescriptor.REPLACEMENT_TOKEN_OFFSET, REPLACE_PRICE = ReplaceOrderDescriptor.PRICE_OFFSET,
            REPLACE_QUANTITY = ReplaceOrderDescriptor.QUANTITY_OFFSET, REPLACE_LENGTH = ReplaceOrderDescriptor.LENGTH;
    public static final int MASS_SYMBOL = MassCancelDescriptor.SYMBOL_OFFSET, MASS_LENGTH = MassCancelDescriptor.LENGTH;

    // ---- outbound (inside S)
    public static final byte ACCEPTED = AcceptedDescriptor.TYPE;
    public static final byte REJECTED = RejectedDescriptor.TYPE;
    public static final byte EXECUTED = ExecutedDescriptor.TYPE;
    public static final byte CANCELED = CanceledDescriptor.TYPE;
    public static final byte REPLACED = ReplacedDescriptor.TYPE;
    public static final byte CANCEL_REJECT = CancelRejectDescriptor.TYPE;
    public static final byte REPLACE_REJECT = ReplaceRejectDescriptor.TYPE;
    public static final byte MASS_CANCEL_ACK = MassCancelAckDescriptor.TYPE;

    public static final int ACC_TOKEN = AcceptedDescriptor.TOKEN_OFFSET, ACC_ORDER_ID = AcceptedDescriptor.ORDER_ID_OFFSET,
            ACC_SYMBOL = AcceptedDescriptor.SYMBOL_OFFSET, ACC_SIDE = AcceptedDescriptor.SIDE_OFFSET,
            ACC_TYPE = AcceptedDescriptor.ORDER_TYPE_OFFSET, ACC_TIF = AcceptedDescriptor.TIME_IN_FORCE_OFFSET,
            ACC_PRICE = AcceptedDescriptor.PRICE_OFFSET, ACC_QUANTITY = AcceptedDescriptor.QUANTITY_OFFSET, ACC_LENGTH = AcceptedDescriptor.LENGTH;
    public static final int REJ_TOKEN = RejectedDescriptor.TOKEN_OFFSET, REJ_REASON = RejectedDescriptor.REASON_OFFSET, REJ_LENGTH = RejectedDescriptor.LENGTH;
    public static final int EXE_TOKEN = ExecutedDescriptor.TOKEN_OFFSET, EXE_ORDER_ID = ExecutedDescriptor.ORDER_ID_OFFSET,
            EXE_MATCH_ID = ExecutedDescriptor.MATCH_ID_OFFSET, EXE_PRICE = ExecutedDescriptor.PRICE_OFFSET,
            EXE_QUANTITY = ExecutedDescriptor.QUANTITY_OFFSET, EXE_LEAVES = ExecutedDescriptor.LEAVES_QUANTITY_OFFSET,
            EXE_LIQUIDITY = ExecutedDescriptor.LIQUIDITY_OFFSET, EXE_LENGTH = ExecutedDescriptor.LENGTH;
    public static final int CAN_TOKEN = CanceledDescriptor.TOKEN_OFFSET, CAN_ORDER_ID = CanceledDescriptor.ORDER_ID_OFFSET,
            CAN_QUANTITY = CanceledDescriptor.CANCELED_QUANTITY_OFFSET, CAN_REASON = CanceledDescriptor.REASON_OFFSET,
            CAN_LENGTH = CanceledDescriptor.LENGTH;
    public static final int REP_OLD_TOKEN = ReplacedDescriptor.OLD_TOKEN_OFFSET, REP_NEW_TOKEN = ReplacedDescriptor.NEW_TOKEN_OFFSET,
            REP_ORDER_ID = ReplacedDescriptor.ORDER_ID_OFFSET, REP_PRICE = ReplacedDescriptor.PRICE_OFFSET,
            REP_QUANTITY = ReplacedDescriptor.QUANTITY_OFFSET, REP_KEPT = ReplacedDescriptor.KEPT_PRIORITY_OFFSET,
            REP_LENGTH = ReplacedDescriptor.LENGTH;
    public static final int CREJ_TOKEN = CancelRejectDescriptor.TOKEN_OFFSET, CREJ_REASON = CancelRejectDescriptor.REASON_OFFSET,
            CREJ_LENGTH = CancelRejectDescriptor.LENGTH;
    public static final int RREJ_OLD_TOKEN = ReplaceRejectDescriptor.EXISTING_TOKEN_OFFSET,
            RREJ_NEW_TOKEN = ReplaceRejectDescriptor.REPLACEMENT_TOKEN_OFFSET, RREJ_REASON = ReplaceRejectDescriptor.REASON_OFFSET,
            RREJ_LENGTH = ReplaceRejectDescriptor.LENGTH;
    public static final int MACK_SYMBOL = MassCancelAckDescriptor.SYMBOL_OFFSET,
            MACK_COUNT = MassCancelAckDescriptor.CANCELED_COUNT_OFFSET, MACK_LENGTH = MassCancelAckDescriptor.LENGTH;

    public static final byte LIQUIDITY_ADDED = EntryCodes.LIQUIDITY_ADDED;
    public static final byte LIQUIDITY_REMOVED = EntryCodes.LIQUIDITY_REMOVED;

    // ---- gateway reason codes (engine RejectReason codes are 1..16)
    public static final byte REASON_UNKNOWN_TOKEN = GatewayReason.UNKNOWN_TOKEN;
    public static final byte REASON_DUPLICATE_TOKEN = GatewayReason.DUPLICATE_TOKEN;
    public static final byte REASON_UNKNOWN_SYMBOL = GatewayReason.UNKNOWN_SYMBOL;
    public static final byte REASON_TOO_MANY_ORDERS = GatewayReason.THROTTLED;

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
