package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * Login Accepted packet ({@code 'A'}, server to client). Offsets from the start of the frame.
 *
 * <pre>
 *   0       2     3                   13                                 33
 *   +-------+-----+-------------------+----------------------------------+
 *   | 00 1F | 'A' | session (10)      | sequence number (20)             |
 *   +-------+-----+-------------------+----------------------------------+
 *     u16 BE        alpha, right-        numeric, right-justified,
 *     = 31          justified, padded    padded on the left with spaces
 *                   on the left with
 *                   spaces
 * </pre>
 * The sequence number is that of the next sequenced message the server will send on this
 * connection: the first Sequenced Data packet after this one carries it, the next one it + 1.
 */
public final class LoginAcceptedDescriptor {
    public static final byte TYPE = SoupPacketType.LOGIN_ACCEPTED;
    public static final int SESSION_OFFSET = 3;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_OFFSET = 13;
    public static final int SEQUENCE_LENGTH = 20;
    public static final int PACKET_LENGTH = 31;
    public static final int FRAME_LENGTH = 33;

    private LoginAcceptedDescriptor() {}

    /** The next sequence number, or {@link SoupAscii#BAD_NUMERIC} (never for a decoded packet). */
    public static long sequenceNumber(MemorySegment s, long at) {
        return SoupAscii.parseNumeric(s, at + SEQUENCE_OFFSET, SEQUENCE_LENGTH);
    }

    /** The session without padding; allocates. */
    public static String session(MemorySegment s, long at) {
        return SoupAscii.trimmed(s, at + SESSION_OFFSET, SESSION_LENGTH);
    }

    /** Compares the session with {@code session}, padding ignored, without allocating. */
    public static boolean sessionEquals(MemorySegment s, long at, CharSequence session) {
        return SoupAscii.equalsTrimmed(s, at + SESSION_OFFSET, SESSION_LENGTH, session);
    }

    /** Writes a whole Login Accepted frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at, CharSequence session, long sequenceNumber) {
        SoupHeaderDescriptor.write(s, at, TYPE, PACKET_LENGTH - 1);
        SoupAscii.putAlphaRight(s, at + SESSION_OFFSET, SESSION_LENGTH, session);
        SoupAscii.putNumeric(s, at + SEQUENCE_OFFSET, SEQUENCE_LENGTH, sequenceNumber);
        return FRAME_LENGTH;
    }
}
