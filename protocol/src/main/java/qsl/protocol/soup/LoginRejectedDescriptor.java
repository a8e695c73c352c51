package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Login Rejected packet ({@code 'J'}, server to client); the server closes the connection after it.
 *
 * <pre>
 *   0       2     3             4
 *   +-------+-----+-------------+
 *   | 00 02 | 'J' | reason code |
 *   +-------+-----+-------------+
 *     u16 BE        'A' not authorized (bad username or password)
 *     = 2           'S' session not available (unknown session or sequence number)
 * </pre>
 */
public final class LoginRejectedDescriptor {
    public static final byte TYPE = SoupPacketType.LOGIN_REJECTED;
    public static final int REASON_OFFSET = 3;
    public static final int PACKET_LENGTH = 2;
    public static final int FRAME_LENGTH = 4;
    /** Not Authorized: there was an invalid username and password combination. */
    public static final byte NOT_AUTHORIZED = 'A';
    /** Session not available: the requested session is not valid or not available. */
    public static final byte SESSION_NOT_AVAILABLE = 'S';

    private LoginRejectedDescriptor() {}

    public static byte reason(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at + REASON_OFFSET);
    }

    public static boolean isValidReason(byte reason) {
        return reason == NOT_AUTHORIZED || reason == SESSION_NOT_AVAILABLE;
    }

    /** Writes a whole Login Rejected frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at, byte reason) {
        if (!isValidReason(reason)) throw new IllegalArgumentException("reject reason must be 'A' or 'S': " + reason);
        SoupHeaderDescriptor.write(s, at, TYPE, 1);
        s.set(ValueLayout.JAVA_BYTE, at + REASON_OFFSET, reason);
        return FRAME_LENGTH;
    }
}
