package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * ServerHeartbeat packet ({@code 'H'}, server to client): sent when the server has sent nothing else for 1 second. No payload.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+
 *   | 00 01 | 'H' |
 *   +-------+-----+
 * </pre>
 */
public final class ServerHeartbeatDescriptor {
    public static final byte TYPE = SoupPacketType.SERVER_HEARTBEAT;
    public static final int PACKET_LENGTH = 1;
    public static final int FRAME_LENGTH = 3;

    private ServerHeartbeatDescriptor() {}

    /** Writes the whole frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at) {
        SoupHeaderDescriptor.write(s, at, TYPE, 0);
        return FRAME_LENGTH;
    }
}
