package qsl.protocol.entry;

/**
 * Why bytes are not a valid order-entry message: the negative results of {@link EntryDecoder}.
 * Every malformed input maps to exactly one of these; the decoder never throws.
 */
public final class EntryError {
    /** Zero bytes: not even a type. */
    public static final int EMPTY = -1;
    /** A type byte that is no message of this direction. */
    public static final int UNKNOWN_TYPE = -2;
    /** Fewer bytes than the type's fixed length. */
    public static final int SHORT_MESSAGE = -3;
    /** More bytes than the type's fixed length. */
    public static final int LONG_MESSAGE = -4;
    /** A side byte other than 'B' or 'S'. */
    public static final int INVALID_SIDE = -5;
    /** An order type byte other than 'L' or 'M'. */
    public static final int INVALID_ORDER_TYPE = -6;
    /** A time-in-force byte other than 'G', 'D', 'I', 'F'. */
    public static final int INVALID_TIF = -7;
    /** A symbol field that is not 1..8 printable ASCII then spaces (or all spaces where not allowed). */
    public static final int INVALID_SYMBOL = -8;
    /** A liquidity byte other than 'A' or 'R'. */
    public static final int INVALID_LIQUIDITY = -9;
    /** A reason code of 0 in a reject, or an unknown cancel reason. */
    public static final int INVALID_REASON = -10;
    /** A boolean byte other than 0 or 1. */
    public static final int INVALID_FLAG = -11;
    /** Offset and length outside the segment (a caller's mistake, reported rather than thrown). */
    public static final int OUT_OF_BOUNDS = -12;

    private static final String[] NAMES = {
        "OK", "EMPTY", "UNKNOWN_TYPE", "SHORT_MESSAGE", "LONG_MESSAGE", "INVALID_SIDE", "INVALID_ORDER_TYPE",
        "INVALID_TIF", "INVALID_SYMBOL", "INVALID_LIQUIDITY", "INVALID_REASON", "INVALID_FLAG", "OUT_OF_BOUNDS"
    };

    private EntryError() {}

    /** The error's name for logs; not for hot paths. */
    public static String name(int code) {
        return code <= 0 && -code < NAMES.length ? NAMES[-code] : "ENTRY_ERROR_" + code;
    }

    public static boolean isError(int code) {
        return code < 0 && -code < NAMES.length;
    }
}
