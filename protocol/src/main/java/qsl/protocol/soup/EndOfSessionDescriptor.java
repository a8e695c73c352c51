package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * EndOfSession packet ({@code 'Z'}, server to client): the session is over (no more sequenced messages will ever be sent on it); the server closes the connection. No payload.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+
 *   | 00 01 | 'Z' |
 *   +-------+-----+
 * </pre>
 */
public final class EndOfSessionDescriptor {
    public static final byte TYPE = SoupPacketType.END_OF_SESSION;
    public static final int PACKET_LENGTH = 1;
    public static final int FRAME_LENGTH = 3;

    private EndOfSessionDescriptor() {}

    /** Writes the whole frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at) {
        SoupHeaderDescriptor.write(s, at, TYPE, 0);
        return FRAME_LENGTH;
    }
}
