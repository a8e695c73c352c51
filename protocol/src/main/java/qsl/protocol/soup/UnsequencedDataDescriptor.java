package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;

/**
 * Unsequenced Data packet ({@code 'U'}, client to server): one higher-level message
 * (here a qsl order-entry request). Not sequenced; may be lost if the connection fails.
 *
 * <pre>
 *   0       2     3
 *   +-------+-----+-------------------------------------------+
 *   |  len  | 'U' | message (len - 1 bytes, any byte values)  |
 *   +-------+-----+-------------------------------------------+
 *     u16 BE = 1 + message length
 * </pre>
 */
public final class UnsequencedDataDescriptor {
    public static final byte TYPE = SoupPacketType.UNSEQUENCED_DATA;
    public static final int MESSAGE_OFFSET = SoupHeaderDescriptor.PAYLOAD_OFFSET;
    /** Header bytes before the message. */
    public static final int HEADER_LENGTH = SoupHeaderDescriptor.HEADER_LENGTH;

    private UnsequencedDataDescriptor() {}

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
