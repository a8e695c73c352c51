package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * Sequenced Data packet ({@code 'S'}, server to client): one higher-level message
 * (here a qsl order-entry response). It carries no sequence number: both sides count them, the
 * first after Login Accepted having the number that packet announced.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+-------------------------------------------+
 *   |  len  | 'S' | message (len - 1 bytes, any byte values)  |
 *   +-------+-----+-------------------------------------------+
 *     u16 BE = 1 + message length
 * </pre>
 */
public final class SequencedDataDescriptor {
    public static final byte TYPE = SoupPacketType.SEQUENCED_DATA;
    public static final int MESSAGE_OFFSET = SoupHeaderDescriptor.PAYLOAD_OFFSET;
    /** Header bytes before the message. */
    public static final int HEADER_LENGTH = SoupHeaderDescriptor.HEADER_LENGTH;

    private SequencedDataDescriptor() {}

    /** Bytes of the message carried by the frame at {@code at}. */
    public static int messageLength(MemorySegment s, long at) {
        return SoupHeaderDescriptor.payloadLength(s, at);
    }

    /**
     * Writes the header of a frame carrying a {@code messageLength}-byte message; the caller
     * writes the message at {@code at + MESSAGE_OFFSET} (before or after this call).
     *
     * @return the frame length, {@code HEADER_LENGTH + messageLength}
     */
    public static int writeHeader(MemorySegment s, long at, int messageLength) {
        return SoupHeaderDescriptor.write(s, at, TYPE, messageLength);
    }

    /** Writes a whole frame, copying the message from {@code src}; returns the frame length. */
    public static int write(MemorySegment s, long at, MemorySegment src, long srcOffset, int messageLength) {
        int n = SoupHeaderDescriptor.write(s, at, TYPE, messageLength);
        MemorySegment.copy(src, srcOffset, s, at + MESSAGE_OFFSET, messageLength);
        return n;
    }
}
