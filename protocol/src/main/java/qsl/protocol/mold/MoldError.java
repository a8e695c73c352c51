package qsl.protocol.mold;

/**
 * Why bytes are not a valid MoldUDP64 packet or request: the negative results of
 * {@link MoldDecoder}. Every malformed input maps to exactly one of these; the decoder never throws.
 */
public final class MoldError {
    /** Fewer bytes than the 20-byte header. */
    public static final int TOO_SHORT = -1;
    /** A message block's length field runs past the end of the datagram. */
    public static final int TRUNCATED_BLOCK = -2;
    /** Bytes remain after the last counted block (or after a header that carries no blocks). */
    public static final int TRAILING_BYTES = -3;
    /** A message block longer than the receiver's maximum. */
    public static final int BLOCK_TOO_LONG = -4;
    /** A data packet whose sequence number is 0 or so large that its messages would overflow. */
    public static final int BAD_SEQUENCE = -5;
    /** A request whose length is not exactly 20 bytes. */
    public static final int BAD_REQUEST_LENGTH = -6;
    /** A session field with a byte outside printable ASCII. */
    public static final int BAD_SESSION = -7;

    private static final String[] NAMES = {
        "OK", "TOO_SHORT", "TRUNCATED_BLOCK", "TRAILING_BYTES", "BLOCK_TOO_LONG", "BAD_SEQUENCE",
        "BAD_REQUEST_LENGTH", "BAD_SESSION"
    };

    private MoldError() {}

    /** The error's name for logs ({@code code} as returned, negative); not for hot paths. */
    public static String name(int code) {
        return code <= 0 && -code < NAMES.length ? NAMES[-code] : "MOLD_ERROR_" + code;
    }

    /** Whether {@code code} is one of the error codes above. */
    public static boolean isError(int code) {
        return code < 0 && -code < NAMES.length;
    }
}
