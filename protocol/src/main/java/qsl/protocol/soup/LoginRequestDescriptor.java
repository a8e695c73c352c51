package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * Login Request packet ({@code 'L'}, client to server), the first packet a client sends.
 * Offsets count from the start of the frame (the length field).
 *
 * <pre>
 *   0       2     3              9                   19                  29                                 49
 *   +-------+-----+--------------+-------------------+-------------------+----------------------------------+
 *   | 00 2F | 'L' | username (6) | password (10)     | req. session (10) | requested sequence number (20)   |
 *   +-------+-----+--------------+-------------------+-------------------+----------------------------------+
 *     u16 BE        alpha, left-    alpha, left-        alpha, right-       numeric, right-justified,
 *     = 47          justified,      justified,          justified,          padded on the left with
 *                   space padded    space padded        space padded        spaces
 * </pre>
 * An all-blank requested session asks for the currently active session. The requested sequence
 * number is the next sequenced message the client wants: 1 replays the session from its start,
 * N resumes after N - 1, and 0 asks for no replay (the next message generated from now on).
 */
public final class LoginRequestDescriptor {
    public static final byte TYPE = SoupPacketType.LOGIN_REQUEST;
    public static final int USERNAME_OFFSET = 3;
    public static final int USERNAME_LENGTH = 6;
    public static final int PASSWORD_OFFSET = 9;
    public static final int PASSWORD_LENGTH = 10;
    public static final int REQUESTED_SESSION_OFFSET = 19;
    public static final int REQUESTED_SESSION_LENGTH = 10;
    public static final int REQUESTED_SEQUENCE_OFFSET = 29;
    public static final int REQUESTED_SEQUENCE_LENGTH = 20;
    /** The length field's value: type byte plus 46 payload bytes. */
    public static final int PACKET_LENGTH = 47;
    /** Bytes of the whole frame. */
    public static final int FRAME_LENGTH = 49;

    private LoginRequestDescriptor() {}

    /** The requested sequence number, or {@link SoupAscii#BAD_NUMERIC} (never for a decoded packet). */
    public static long requestedSequenceNumber(MemorySegment s, long at) {
        return SoupAscii.parseNumeric(s, at + REQUESTED_SEQUENCE_OFFSET, REQUESTED_SEQUENCE_LENGTH);
    }

    /** Whether the requested session is all blanks (log into the current session). */
    public static boolean requestsCurrentSession(MemorySegment s, long at) {
        return SoupAscii.isBlank(s, at + REQUESTED_SESSION_OFFSET, REQUESTED_SESSION_LENGTH);
    }

    /** Compares the username with {@code name}, padding ignored, without allocating. */
    public static boolean usernameEquals(MemorySegment s, long at, CharSequence name) {
        return SoupAscii.equalsTrimmed(s, at + USERNAME_OFFSET, USERNAME_LENGTH, name);
    }

    /** Compares the password with {@code password}, padding ignored, without allocating. */
    public static boolean passwordEquals(MemorySegment s, long at, CharSequence password) {
        return SoupAscii.equalsTrimmed(s, at + PASSWORD_OFFSET, PASSWORD_LENGTH, password);
    }

    /** Compares the requested session with {@code session}, padding ignored, without allocating. */
    public static boolean requestedSessionEquals(MemorySegment s, long at, CharSequence session) {
        return SoupAscii.equalsTrimmed(s, at + REQUESTED_SESSION_OFFSET, REQUESTED_SESSION_LENGTH, session);
    }

    /** The username without padding; allocates (logs, setup). */
    public static String username(MemorySegment s, long at) {
        return SoupAscii.trimmed(s, at + USERNAME_OFFSET, USERNAME_LENGTH);
    }

    /** The password without padding; allocates. Never log it. */
    public static String password(MemorySegment s, long at) {
        return SoupAscii.trimmed(s, at + PASSWORD_OFFSET, PASSWORD_LENGTH);
    }

    /** The requested session without padding (empty = current session); allocates. */
    public static String requestedSession(MemorySegment s, long at) {
        return SoupAscii.trimmed(s, at + REQUESTED_SESSION_OFFSET, REQUESTED_SESSION_LENGTH);
    }

    /**
     * Writes a whole Login Request frame.
     *
     * @param session the requested session, empty for the current one
     * @param requestedSequenceNumber 0, 1 or the next expected sequence number
     * @return {@link #FRAME_LENGTH}
     */
    public static int write(MemorySegment s, long at, CharSequence username, CharSequence password,
                            CharSequence session, long requestedSequenceNumber) {
        SoupHeaderDescriptor.write(s, at, TYPE, PACKET_LENGTH - 1);
        SoupAscii.putAlphaLeft(s, at + USERNAME_OFFSET, USERNAME_LENGTH, username);
        SoupAscii.putAlphaLeft(s, at + PASSWORD_OFFSET, PASSWORD_LENGTH, password);
        SoupAscii.putAlphaRight(s, at + REQUESTED_SESSION_OFFSET, REQUESTED_SESSION_LENGTH, session);
        SoupAscii.putNumeric(s, at + REQUESTED_SEQUENCE_OFFSET, REQUESTED_SEQUENCE_LENGTH, requestedSequenceNumber);
        return FRAME_LENGTH;
    }

    /** Rewrites only the requested sequence number of a frame already written at {@code at}. */
    public static void writeRequestedSequenceNumber(MemorySegment s, long at, long requestedSequenceNumber) {
        SoupAscii.putNumeric(s, at + REQUESTED_SEQUENCE_OFFSET, REQUESTED_SEQUENCE_LENGTH, requestedSequenceNumber);
    }
}
