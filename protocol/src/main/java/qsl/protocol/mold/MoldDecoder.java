package qsl.protocol.mold;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Total decoders for MoldUDP64 datagrams. Given any bytes they return either the number of
 * message blocks (&gt;= 0; 0 also for heartbeat, end-of-session and not-available packets) or a
 * negative {@link MoldError}; they never throw and never allocate. After a non-negative answer
 * every block lies inside the datagram: walk them with {@link #firstBlock} / {@link #nextBlock}.
 */
public final class MoldDecoder {
    private MoldDecoder() {}

    /**
     * Checks a downstream packet of {@code length} bytes at {@code at}.
     *
     * @param maxBlock the longest message block accepted (a larger one is {@link MoldError#BLOCK_TOO_LONG})
     * @return the number of message blocks, or a negative {@link MoldError}
     */
    public static int decodePacket(MemorySegment s, long at, int length, int maxBlock) {
        if (at < 0 || length < MoldPacketDescriptor.HEADER_LENGTH || at > s.byteSize() - length) return MoldError.TOO_SHORT;
        if (!printable(s, at + MoldPacketDescriptor.SESSION_OFFSET)) return MoldError.BAD_SESSION;
        int count = MoldPacketDescriptor.count(s, at);
        long end = at + length;
        if (count == MoldPacketDescriptor.HEARTBEAT || count == MoldPacketDescriptor.END_OF_SESSION
                || count == MoldPacketDescriptor.NOT_AVAILABLE) {
            return length == MoldPacketDescriptor.HEADER_LENGTH ? 0 : MoldError.TRAILING_BYTES;
        }
        long seq = MoldPacketDescriptor.sequence(s, at);
        if (seq <= 0 || seq > Long.MAX_VALUE - count) return MoldError.BAD_SEQUENCE;
        long p = at + MoldPacketDescriptor.HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            if (end - p < MoldPacketDescriptor.BLOCK_HEADER_LENGTH) return MoldError.TRUNCATED_BLOCK;
            int len = MoldPacketDescriptor.blockLength(s, p);
            if (len > maxBlock) return MoldError.BLOCK_TOO_LONG;
            p += MoldPacketDescriptor.BLOCK_HEADER_LENGTH;
            if (end - p < len) return MoldError.TRUNCATED_BLOCK;
            p += len;
        }
        return p == end ? count : MoldError.TRAILING_BYTES;
    }

    /** Checks a request packet; returns 0 or a negative {@link MoldError}. */
    public static int decodeRequest(MemorySegment s, long at, int length) {
        if (at < 0 || length != MoldRequestDescriptor.LENGTH || at > s.byteSize() - length) {
            return length < MoldRequestDescriptor.LENGTH ? MoldError.TOO_SHORT : MoldError.BAD_REQUEST_LENGTH;
        }
        if (!printable(s, at + MoldRequestDescriptor.SESSION_OFFSET)) return MoldError.BAD_SESSION;
        return 0;
    }

    /** Offset of the first message block's length field of a checked packet. */
    public static long firstBlock(long packetAt) {
        return packetAt + MoldPacketDescriptor.HEADER_LENGTH;
    }

    /** Offset of the block after the one at {@code blockAt} (of a checked packet). */
    public static long nextBlock(MemorySegment s, long blockAt) {
        return blockAt + MoldPacketDescriptor.BLOCK_HEADER_LENGTH + MoldPacketDescriptor.blockLength(s, blockAt);
    }

    /** Offset of the message data of the block at {@code blockAt}. */
    public static long blockData(long blockAt) {
        return blockAt + MoldPacketDescriptor.BLOCK_HEADER_LENGTH;
    }

    private static boolean printable(MemorySegment s, long at) {
        for (int i = 0; i < MoldPacketDescriptor.SESSION_LENGTH; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, at + i);
            if (b < 0x20 || b > 0x7e) return false;
        }
        return true;
    }
}
