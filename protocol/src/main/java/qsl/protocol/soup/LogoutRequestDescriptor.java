package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * LogoutRequest packet ({@code 'O'}, client to server): the client ends the session; the server closes the connection. No payload.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+
 *   | 00 01 | 'O' |
 *   +-------+-----+
 * </pre>
 */
public final class LogoutRequestDescriptor {
    public static final byte TYPE = SoupPacketType.LOGOUT_REQUEST;
    public static final int PACKET_LENGTH = 1;
    public static final int FRAME_LENGTH = 3;

    private LogoutRequestDescriptor() {}

    /** Writes the whole frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at) {
        SoupHeaderDescriptor.write(s, at, TYPE, 0);
        return FRAME_LENGTH;
    }
}
