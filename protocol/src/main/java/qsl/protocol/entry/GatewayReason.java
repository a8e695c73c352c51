package qsl.protocol.entry;

/**
 * Reason codes (u8) of Rejected, Cancel Reject and Replace Reject. Codes 1..31 are the
 * engine's {@code qsl.book.RejectReason} codes, passed through unchanged (1 UNKNOWN_SYMBOL ..
 * 16 NOT_OWNER); codes from 32 up are the gateway's own, for requests refused before they
 * reach the engine. 0 is never a reason.
 */
public final class GatewayReason {
    /** Lowest gateway code; below it the code is the engine's. */
    public static final byte FIRST = 32;
    /** Cancel or Replace names a token that is not a live order of this session. */
    public static final byte UNKNOWN_TOKEN = 32;
    /** Enter Order (or a Replace's replacement token) reuses a token live in this session. */
    public static final byte DUPLICATE_TOKEN = 33;
    /** A well-formed symbol that this node does not trade. */
    public static final byte UNKNOWN_SYMBOL = 34;
    /** The session exceeded its limits (message rate or live orders). */
    public static final byte THROTTLED = 35;
    /** A field value the wire format does not allow, such as a symbol with an embedded space or a non-ASCII byte. */
    public static final byte INVALID_MESSAGE = 36;
    /** The node is draining for shutdown and accepts no new commands. */
    public static final byte NOT_ACCEPTING = 37;
    /** The token's previous request is still being processed. */
    public static final byte REQUEST_PENDING = 38;
    /** The account may not trade (disabled in the accounts file). */
    public static final byte ACCOUNT_DISABLED = 39;
    /** Highest gateway code defined. */
    public static final byte LAST = 39;

    private static final String[] NAMES = {
        "UNKNOWN_TOKEN", "DUPLICATE_TOKEN", "UNKNOWN_SYMBOL", "THROTTLED", "INVALID_MESSAGE",
        "NOT_ACCEPTING", "REQUEST_PENDING", "ACCOUNT_DISABLED"
    };

    private static final String[] ENGINE_NAMES = {
        "NONE", "UNKNOWN_SYMBOL", "INVALID_SIDE", "INVALID_TYPE", "INVALID_TIF", "INVALID_PRICE",
        "TICK_SIZE", "INVALID_QUANTITY", "QUANTITY_BELOW_MIN", "QUANTITY_ABOVE_MAX",
        "NOTIONAL_ABOVE_MAX", "PRICE_COLLAR", "DUPLICATE_ORDER_ID", "UNKNOWN_ORDER", "BOOK_FULL",
        "UNKNOWN_COMMAND", "NOT_OWNER"
    };

    private GatewayReason() {}

    /** Whether {@code code} comes from the gateway (32 up) rather than the engine. */
    public static boolean isGateway(byte code) {
        return (code & 0xFF) >= FIRST;
    }

    /** Name of any reason code, engine or gateway; for logs, not hot paths. */
    public static String name(byte code) {
        int c = code & 0xFF;
        if (c >= FIRST && c <= LAST) return "GW_" + NAMES[c - FIRST];
        if (c > 0 && c < ENGINE_NAMES.length) return ENGINE_NAMES[c];
        return "REASON_" + c;
    }
}
