package qsl.protocol.mold;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The MoldUDP64 downstream packet: a 20-byte header followed by {@code messageCount} message
 * blocks (MoldUDP64 v1.00). Big-endian.
 *
 * <pre>
 *   0                                      10                              18      20
 *   +--------------------------------------+-------------------------------+-------+
 *   |        session (10 ASCII bytes)      |  sequence number (u64)        | count |
 *   +--------------------------------------+-------------------------------+-------+
 *   then count message blocks:
 *   +-------+-----------------------------+
 *   |len u16| len bytes of message data   |  ...
 *   +-------+-----------------------------+
 * </pre>
 * The sequence number is that of the first message in the packet (messages are numbered from 1
 * within a session). A count of {@link #HEARTBEAT} (0) is a heartbeat, {@link #END_OF_SESSION}
 * (0xFFFF) marks the end of the session; both carry no blocks and their sequence number is the
 * next one expected. {@link #NOT_AVAILABLE} (0xFFFE) is qsl's answer to a re-request for
 * messages no longer retained: it is sent only to the requester, never on the stream, carries
 * no blocks, and its sequence number is the oldest one the server still has (0 if none).
 */
public final class MoldPacketDescriptor {
    public static final int SESSION_OFFSET = 0;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_OFFSET = 10;
    public static final int COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;
    /** Size of a message block's length field. */
    public static final int BLOCK_HEADER_LENGTH = 2;

    public static final int HEARTBEAT = 0;
    public static final int END_OF_SESSION = 0xFFFF;
    /** qsl extension, re-request answers only: the requested messages are no longer retained. */
    public static final int NOT_AVAILABLE = 0xFFFE;

    private MoldPacketDescriptor() {}

    public static long sequence(MemorySegment s, long at) { return s.get(MoldBytes.I64, at + SEQUENCE_OFFSET); }

    public static int count(MemorySegment s, long at) { return Short.toUnsignedInt(s.get(MoldBytes.U16, at + COUNT_OFFSET)); }

    /** The session byte {@code i} (0..9). */
    public static byte sessionByte(MemorySegment s, long at, int i) { return s.get(ValueLayout.JAVA_BYTE, at + SESSION_OFFSET + i); }

    /** Whether the packet at {@code at} carries the session {@code session} (10 bytes at {@code sessionAt}). */
    public static boolean sameSession(MemorySegment s, long at, MemorySegment session, long sessionAt) {
        return MemorySegment.mismatch(s, at + SESSION_OFFSET, at + SESSION_OFFSET + SESSION_LENGTH,
                session, sessionAt, sessionAt + SESSION_LENGTH) == -1;
    }

    /** Writes the header; {@code session} holds 10 bytes at {@code sessionAt}. */
    public static void writeHeader(MemorySegment s, long at, MemorySegment session, long sessionAt, long sequence, int count) {
        MemorySegment.copy(session, sessionAt, s, at + SESSION_OFFSET, SESSION_LENGTH);
        s.set(MoldBytes.I64, at + SEQUENCE_OFFSET, sequence);
        s.set(MoldBytes.U16, at + COUNT_OFFSET, (short) count);
    }

    public static void writeCount(MemorySegment s, long at, int count) { s.set(MoldBytes.U16, at + COUNT_OFFSET, (short) count); }

    /** A message block's length field at {@code blockAt}. */
    public static int blockLength(MemorySegment s, long blockAt) { return Short.toUnsignedInt(s.get(MoldBytes.U16, blockAt)); }
}
