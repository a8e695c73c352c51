package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Layout of a response record on the engine -> journal ring (ring record type {@link #TYPE}): one
 * SoupBinTCP Sequenced Data packet for one session, exactly as it will be stored and sent.
 * Belongs to the last session-command record before it on the ring.
 *
 * <pre>
 *   0               4               8       10      11
 *   +---------------+---------------+-------+-------+---------------------+
 *   | session (i32) | reserved (0)  |len u16|  'S'  |  message ...        |
 *   +---------------+---------------+-------+-------+---------------------+
 *                                   |&lt;-- the packet (length BE = 1 + message) --&gt;|
 * </pre>
 */
public final class ResponseRecordDescriptor {
    public static final int TYPE = 1;
    public static final int SESSION_OFFSET = 0;
    public static final int PACKET_OFFSET = 8;
    /** SoupBinTCP packet header: 2-byte length + packet type. */
    public static final int PACKET_HEADER = 3;

    private ResponseRecordDescriptor() {}

    public static int session(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_INT_UNALIGNED, at + SESSION_OFFSET);
    }

    public static void writeSession(MemorySegment s, long at, int session) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + SESSION_OFFSET, session);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + 4, 0);
    }
}
