package qsl.protocol.soup;

/**
 * Why bytes are not a valid SoupBinTCP frame: the negative results of {@link SoupDecoder#decode}
 * and {@link SoupFramer#next}. Every malformed input maps to exactly one of these; the decoders
 * never throw.
 */
public final class SoupError {
    /** The packet length field is 0: there is not even a type byte. */
    public static final int LENGTH_ZERO = -1;
    /** The packet length is above the receiver's maximum (a protection against huge frames). */
    public static final int LENGTH_ABOVE_MAX = -2;
    /** The type byte is not a SoupBinTCP 3.0 packet type. */
    public static final int UNKNOWN_TYPE = -3;
    /** A known type that the other side never sends (e.g. Login Accepted from a client). */
    public static final int WRONG_DIRECTION = -4;
    /** The packet length is below the fixed length of its type. */
    public static final int LENGTH_TOO_SMALL = -5;
    /** The packet length is above the fixed length of its type. */
    public static final int LENGTH_TOO_LARGE = -6;
    /** A numeric field (sequence number) that is not spaces and ASCII digits, or above 2^63 - 1. */
    public static final int BAD_NUMERIC = -7;
    /** An alpha field (username, password, session) with a byte outside printable ASCII. */
    public static final int BAD_ALPHA = -8;
    /** A Login Rejected reason code other than 'A' or 'S'. */
    public static final int BAD_REJECT_CODE = -9;

    private static final String[] NAMES = {
        "OK", "LENGTH_ZERO", "LENGTH_ABOVE_MAX", "UNKNOWN_TYPE", "WRONG_DIRECTION", "LENGTH_TOO_SMALL",
        "LENGTH_TOO_LARGE", "BAD_NUMERIC", "BAD_ALPHA", "BAD_REJECT_CODE"
    };

    private SoupError() {}

    /** The error's name for logs ({@code code} as returned, negative); not for hot paths. */
    public static String name(int code) {
        return code <= 0 && -code < NAMES.length ? NAMES[-code] : "SOUP_ERROR_" + code;
    }

    /** Whether {@code code} is one of the error codes above. */
    public static boolean isError(int code) {
        return code < 0 && -code < NAMES.length;
    }
}
