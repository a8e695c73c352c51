package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * ClientHeartbeat packet ({@code 'R'}, client to server): sent when the logged-in client has sent nothing else for 1 second. No payload.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+
 *   | 00 01 | 'R' |
 *   +-------+-----+
 * </pre>
 */
public final class ClientHeartbeatDescriptor {
    public static final byte TYPE = SoupPacketType.CLIENT_HEARTBEAT;
    public static final int PACKET_LENGTH = 1;
    public static final int FRAME_LENGTH = 3;

    private ClientHeartbeatDescriptor() {}

    /** Writes the whole frame; returns {@link #FRAME_LENGTH}. */
    public static int write(MemorySegment s, long at) {
        SoupHeaderDescriptor.write(s, at, TYPE, 0);
        return FRAME_LENGTH;
    }
}
