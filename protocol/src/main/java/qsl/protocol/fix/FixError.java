package qsl.protocol.fix;

/**
 * Why the {@link FixParser} refused bytes. Each error names the tag it concerns
 * ({@link FixParser#errorTag()}) and one of these reasons ({@link FixParser#errorReason()}).
 *
 * <p>Two families: <em>garbled</em> reasons (the frame itself is broken: BeginString,
 * BodyLength, CheckSum, oversize) after which FIX says the message is ignored as if never
 * received; and <em>field</em> reasons, found in a frame whose BodyLength and CheckSum were
 * right, which a session answers with a session-level Reject (35=3).
 */
public final class FixError {
    /** The bytes do not start with {@code 8=FIX.4.4<SOH>}. Garbled. */
    public static final byte BAD_BEGIN_STRING = 1;
    /** {@code 9=} is missing, not a decimal, or too large. Garbled. */
    public static final byte BAD_BODY_LENGTH = 2;
    /** BodyLength does not end at a well-formed {@code 10=nnn<SOH>} trailer. Garbled. */
    public static final byte BODY_LENGTH_MISMATCH = 3;
    /** The trailer's value is not three digits or differs from the byte sum. Garbled. */
    public static final byte BAD_CHECKSUM = 4;
    /** A frame larger than {@link FixParser#MAX_MESSAGE}. Garbled. */
    public static final byte TOO_LARGE = 5;
    /** A tag that is not 1..999999999 written in plain decimal. Field error. */
    public static final byte BAD_TAG = 16;
    /** {@code tag=} followed directly by SOH. Field error. */
    public static final byte EMPTY_VALUE = 17;
    /** A field without '=' before its SOH. Field error. */
    public static final byte NO_EQUALS = 18;
    /** More fields than {@link FixMessage#MAX_FIELDS}. Field error. */
    public static final byte TOO_MANY_FIELDS = 19;
    /** The third field is not MsgType (35). Field error. */
    public static final byte MSG_TYPE_NOT_THIRD = 20;
    /** A header tag (8, 9, 10) repeated inside the body. Field error. */
    public static final byte MISPLACED_HEADER = 21;

    private FixError() {}

    /** True for reasons after which the message is ignored (no Reject, no sequence number). */
    public static boolean isGarbled(byte reason) {
        return reason > 0 && reason < BAD_TAG;
    }

    /** The reason's name, for reports and logs; not for hot paths. */
    public static String name(byte reason) {
        return switch (reason) {
            case BAD_BEGIN_STRING -> "BAD_BEGIN_STRING";
            case BAD_BODY_LENGTH -> "BAD_BODY_LENGTH";
            case BODY_LENGTH_MISMATCH -> "BODY_LENGTH_MISMATCH";
            case BAD_CHECKSUM -> "BAD_CHECKSUM";
            case TOO_LARGE -> "TOO_LARGE";
            case BAD_TAG -> "BAD_TAG";
            case EMPTY_VALUE -> "EMPTY_VALUE";
            case NO_EQUALS -> "NO_EQUALS";
            case TOO_MANY_FIELDS -> "TOO_MANY_FIELDS";
            case MSG_TYPE_NOT_THIRD -> "MSG_TYPE_NOT_THIRD";
            case MISPLACED_HEADER -> "MISPLACED_HEADER";
            default -> "REASON_" + reason;
        };
    }
}
