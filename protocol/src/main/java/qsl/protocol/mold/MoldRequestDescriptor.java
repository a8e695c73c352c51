package qsl.protocol.mold;

import java.lang.foreign.MemorySegment;

/**
 * The MoldUDP64 request packet a listener sends to the re-request server (MoldUDP64 v1.00):
 * retransmit {@code count} messages of {@code session} starting at {@code sequence}. Big-endian.
 *
 * <pre>
 *   0                                      10                              18      20
 *   +--------------------------------------+-------------------------------+-------+
 *   |        session (10 ASCII bytes)      |  sequence number (u64)        | count |
 *   +--------------------------------------+-------------------------------+-------+
 * </pre>
 * qsl's server also treats a request with count 0 as a subscription (or its renewal): the sender's
 * address joins the unicast stream. Its session and sequence are then ignored.
 */
public final class MoldRequestDescriptor {
    public static final int SESSION_OFFSET = 0;
    public static final int SEQUENCE_OFFSET = 10;
    public static final int COUNT_OFFSET = 18;
    public static final int LENGTH = 20;

    private MoldRequestDescriptor() {}

    public static long sequence(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + SEQUENCE_OFFSET); }

    public static int count(MemorySegment s, long at) { return Short.toUnsignedInt(s.get(MoldBytes.U16, at + COUNT_OFFSET)); }

    public static void write(MemorySegment s, long at, MemorySegment session, long sessionAt, long sequence, int count) {
        MemorySegment.copy(session, sessionAt, s, at + SESSION_OFFSET, MoldPacketDescriptor.SESSION_LENGTH);
        s.set(MoldBytes.I64, at + SEQUENCE_OFFSET, sequence);
        s.set(MoldBytes.U16, at + COUNT_OFFSET, (short) count);
    }
}
