package qsl.protocol.itch;

/**
 * Why bytes are not a valid market-by-order message: the negative results of
 * {@link ItchDecoder#decode}. Every malformed input maps to exactly one of these.
 */
public final class ItchError {
    /** No bytes at all (or a position outside the segment). */
    public static final int EMPTY = -1;
    /** The first byte is not a known message type. */
    public static final int UNKNOWN_TYPE = -2;
    /** The length is not the fixed length of the type. */
    public static final int BAD_LENGTH = -3;
    /** A side byte other than 'B' or 'S'. */
    public static final int BAD_SIDE = -4;
    /** A quantity that must be positive is not. */
    public static final int BAD_QUANTITY = -5;
    /** A price that must be positive is not. */
    public static final int BAD_PRICE = -6;
    /** A negative symbol id. */
    public static final int BAD_SYMBOL = -7;
    /** A system event code other than 'O' or 'C'. */
    public static final int BAD_EVENT_CODE = -8;
    /** An ASCII field (symbol name, session) with a byte outside printable ASCII. */
    public static final int BAD_ASCII = -9;
    /** A negative engine or feed sequence number. */
    public static final int BAD_SEQUENCE = -10;

    private static final String[] NAMES = {
        "OK", "EMPTY", "UNKNOWN_TYPE", "BAD_LENGTH", "BAD_SIDE", "BAD_QUANTITY", "BAD_PRICE", "BAD_SYMBOL",
        "BAD_EVENT_CODE", "BAD_ASCII", "BAD_SEQUENCE"
    };

    private ItchError() {}

    /** The error's name for logs ({@code code} as returned, negative); not for hot paths. */
    public static String name(int code) {
        return code <= 0 && -code < NAMES.length ? NAMES[-code] : "ITCH_ERROR_" + code;
    }

    /** Whether {@code code} is one of the error codes above. */
    public static boolean isError(int code) {
        return code < 0 && -code < NAMES.length;
    }
}
