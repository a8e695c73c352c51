package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Total decoders of the order-entry messages. Given any bytes (the payload of one SoupBinTCP
 * data packet) they answer the message type (a positive ASCII byte: the message is whole and
 * every enumerated field valid, read it through its descriptor) or a negative
 * {@link EntryError}; they never throw and never allocate.
 *
 * <p>Lengths are exact: a message shorter or longer than its type's fixed length is refused.
 * The decoders check what the wire format defines (enumerated bytes, symbol syntax, flags);
 * prices, quantities and tokens are any 64-bit values here and are judged by the gateway and the
 * engine. Requests and responses reuse some type letters ({@code 'C'}, {@code 'U'}), so the
 * direction picks the decoder.
 */
public final class EntryDecoder {
    private EntryDecoder() {}

    /** Decodes a client-to-server request: Enter Order, Cancel Order, Replace Order, Mass Cancel. */
    public static int decodeRequest(MemorySegment s, long at, int length) {
        int b = bounds(s, at, length);
        if (b != 0) return b;
        byte type = Wire.u8(s, at);
        return switch (type) {
            case EnterOrderDescriptor.TYPE -> {
                int r = exact(length, EnterOrderDescriptor.LENGTH);
                if (r != 0) yield r;
                if (!Symbols.isValid(EnterOrderDescriptor.symbol(s, at))) yield EntryError.INVALID_SYMBOL;
                if (!EntryCodes.isSide(EnterOrderDescriptor.side(s, at))) yield EntryError.INVALID_SIDE;
                if (!EntryCodes.isOrderType(EnterOrderDescriptor.orderType(s, at))) yield EntryError.INVALID_ORDER_TYPE;
                if (!EntryCodes.isTimeInForce(EnterOrderDescriptor.timeInForce(s, at))) yield EntryError.INVALID_TIF;
                yield type;
            }
            case CancelOrderDescriptor.TYPE -> orType(exact(length, CancelOrderDescriptor.LENGTH), type);
            case ReplaceOrderDescriptor.TYPE -> orType(exact(length, ReplaceOrderDescriptor.LENGTH), type);
            case MassCancelDescriptor.TYPE -> {
                int r = exact(length, MassCancelDescriptor.LENGTH);
                if (r != 0) yield r;
                yield Symbols.isValidOrAll(MassCancelDescriptor.symbol(s, at)) ? type : EntryError.INVALID_SYMBOL;
            }
            default -> EntryError.UNKNOWN_TYPE;
        };
    }

    /**
     * Decodes a server-to-client response: Accepted, Rejected, Executed, Canceled, Replaced,
     * Cancel Reject, Replace Reject, Mass Cancel Ack.
     */
    public static int decodeResponse(MemorySegment s, long at, int length) {
        int b = bounds(s, at, length);
        if (b != 0) return b;
        byte type = Wire.u8(s, at);
        return switch (type) {
            case AcceptedDescriptor.TYPE -> {
                int r = exact(length, AcceptedDescriptor.LENGTH);
                if (r != 0) yield r;
                if (!Symbols.isValid(AcceptedDescriptor.symbol(s, at))) yield EntryError.INVALID_SYMBOL;
                if (!EntryCodes.isSide(AcceptedDescriptor.side(s, at))) yield EntryError.INVALID_SIDE;
                if (!EntryCodes.isOrderType(AcceptedDescriptor.orderType(s, at))) yield EntryError.INVALID_ORDER_TYPE;
                if (!EntryCodes.isTimeInForce(AcceptedDescriptor.timeInForce(s, at))) yield EntryError.INVALID_TIF;
                yield type;
            }
            case RejectedDescriptor.TYPE -> {
                int r = exact(length, RejectedDescriptor.LENGTH);
                if (r != 0) yield r;
                yield RejectedDescriptor.reason(s, at) != 0 ? type : EntryError.INVALID_REASON;
            }
            case ExecutedDescriptor.TYPE -> {
                int r = exact(length, ExecutedDescriptor.LENGTH);
                if (r != 0) yield r;
                yield EntryCodes.isLiquidity(ExecutedDescriptor.liquidity(s, at)) ? type : EntryError.INVALID_LIQUIDITY;
            }
            case CanceledDescriptor.TYPE -> {
                int r = exact(length, CanceledDescriptor.LENGTH);
                if (r != 0) yield r;
                byte reason = CanceledDescriptor.reason(s, at);
                yield reason >= 0 && reason <= CanceledReason.LAST ? type : EntryError.INVALID_REASON;
            }
            case ReplacedDescriptor.TYPE -> {
                int r = exact(length, ReplacedDescriptor.LENGTH);
                if (r != 0) yield r;
                byte kept = ReplacedDescriptor.keptPriority(s, at);
                yield kept == 0 || kept == 1 ? type : EntryError.INVALID_FLAG;
            }
            case CancelRejectDescriptor.TYPE -> {
                int r = exact(length, CancelRejectDescriptor.LENGTH);
                if (r != 0) yield r;
                yield CancelRejectDescriptor.reason(s, at) != 0 ? type : EntryError.INVALID_REASON;
            }
            case ReplaceRejectDescriptor.TYPE -> {
                int r = exact(length, ReplaceRejectDescriptor.LENGTH);
                if (r != 0) yield r;
                yield ReplaceRejectDescriptor.reason(s, at) != 0 ? type : EntryError.INVALID_REASON;
            }
            case MassCancelAckDescriptor.TYPE -> {
                int r = exact(length, MassCancelAckDescriptor.LENGTH);
                if (r != 0) yield r;
                // a refusal echoes the request's symbol bytes as they came, valid or not
                if (MassCancelAckDescriptor.reason(s, at) != 0) yield type;
                yield Symbols.isValidOrAll(MassCancelAckDescriptor.symbol(s, at)) ? type : EntryError.INVALID_SYMBOL;
            }
            default -> EntryError.UNKNOWN_TYPE;
        };
    }

    /** The fixed length of a request type, or -1 if it is none. */
    public static int requestLength(byte type) {
        return switch (type) {
            case EnterOrderDescriptor.TYPE -> EnterOrderDescriptor.LENGTH;
            case CancelOrderDescriptor.TYPE -> CancelOrderDescriptor.LENGTH;
            case ReplaceOrderDescriptor.TYPE -> ReplaceOrderDescriptor.LENGTH;
            case MassCancelDescriptor.TYPE -> MassCancelDescriptor.LENGTH;
            default -> -1;
        };
    }

    /** The fixed length of a response type, or -1 if it is none. */
    public static int responseLength(byte type) {
        return switch (type) {
            case AcceptedDescriptor.TYPE -> AcceptedDescriptor.LENGTH;
            case RejectedDescriptor.TYPE -> RejectedDescriptor.LENGTH;
            case ExecutedDescriptor.TYPE -> ExecutedDescriptor.LENGTH;
            case CanceledDescriptor.TYPE -> CanceledDescriptor.LENGTH;
            case ReplacedDescriptor.TYPE -> ReplacedDescriptor.LENGTH;
            case CancelRejectDescriptor.TYPE -> CancelRejectDescriptor.LENGTH;
            case ReplaceRejectDescriptor.TYPE -> ReplaceRejectDescriptor.LENGTH;
            case MassCancelAckDescriptor.TYPE -> MassCancelAckDescriptor.LENGTH;
            default -> -1;
        };
    }

    private static int bounds(MemorySegment s, long at, int length) {
        if (at < 0 || length < 0 || at > s.byteSize() - length) return EntryError.OUT_OF_BOUNDS;
        return length == 0 ? EntryError.EMPTY : 0;
    }

    private static int exact(int length, int expected) {
        if (length < expected) return EntryError.SHORT_MESSAGE;
        if (length > expected) return EntryError.LONG_MESSAGE;
        return 0;
    }

    private static int orType(int r, byte type) {
        return r != 0 ? r : type;
    }
}
