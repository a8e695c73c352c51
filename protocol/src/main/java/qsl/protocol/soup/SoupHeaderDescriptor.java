package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The header every SoupBinTCP packet starts with: a two-byte big-endian packet length that
 * counts the packet type byte and the payload (never itself), then the packet type.
 *
 * <pre>
 *   0               1               2               3
 *   +---------------+---------------+---------------+---------------- - -
 *   |  packet length (u16, big-endian) |  packet type  |  payload (length - 1 bytes)
 *   +---------------+---------------+---------------+---------------- - -
 * </pre>
 * A frame on the wire is {@code 2 + packet length} bytes. The packet length is at least 1 (the
 * type byte) and at most 65535.
 */
public final class SoupHeaderDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 2;
    /** Where the payload starts, from the start of the frame. */
    public static final int PAYLOAD_OFFSET = 3;
    /** Bytes of the length field, which the packet length does not count. */
    public static final int LENGTH_FIELD_SIZE = 2;
    /** Header bytes: length field plus type byte. */
    public static final int HEADER_LENGTH = 3;
    /** The largest packet length the two-byte field can carry. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SoupHeaderDescriptor() {}

    /** The packet length field (type byte + payload), 0..65535. */
    public static int packetLength(MemorySegment s, long at) {
        return s.get(U16, at + LENGTH_OFFSET) & 0xFFFF;
    }

    public static byte packetType(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET);
    }

    /** Payload bytes of the frame at {@code at}: packet length minus the type byte. */
    public static int payloadLength(MemorySegment s, long at) {
        return packetLength(s, at) - 1;
    }

    /** Bytes of the whole frame at {@code at}: the length field plus the packet length. */
    public static int frameLength(MemorySegment s, long at) {
        return LENGTH_FIELD_SIZE + packetLength(s, at);
    }

    /**
     * Writes a header for a packet of {@code type} with {@code payloadLength} payload bytes;
     * the caller writes the payload at {@code at + PAYLOAD_OFFSET}.
     *
     * @return the frame length, {@code HEADER_LENGTH + payloadLength}
     * @throws IllegalArgumentException if the payload does not fit a packet (an encoder misuse)
     */
    public static int write(MemorySegment s, long at, byte type, int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_PACKET_LENGTH - 1) {
            throw new IllegalArgumentException("payload length out of range: " + payloadLength);
        }
        s.set(U16, at + LENGTH_OFFSET, (short) (payloadLength + 1));
        s.set(ValueLayout.JAVA_BYTE, at + TYPE_OFFSET, type);
        return HEADER_LENGTH + payloadLength;
    }
}
