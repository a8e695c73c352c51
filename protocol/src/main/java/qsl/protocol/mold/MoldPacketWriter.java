package qsl.protocol.mold;

import java.lang.foreign.MemorySegment;

/**
 * Builds one MoldUDP64 downstream packet at a time in a caller's buffer, never longer than a
 * maximum size (the MTU's UDP payload). A flyweight: it holds positions, not data.
 */
public final class MoldPacketWriter {
    private final MemorySegment buffer;
    private final int maxLength;
    private int length;
    private int count;

    /** @param maxLength the largest packet, header included (at most the buffer's size, at least 20 + 2) */
    public MoldPacketWriter(MemorySegment buffer, int maxLength) {
        if (maxLength < MoldPacketDescriptor.HEADER_LENGTH + MoldPacketDescriptor.BLOCK_HEADER_LENGTH
                || maxLength > buffer.byteSize() || maxLength > 65_535) {
            throw new IllegalArgumentException("bad packet size " + maxLength + " for a buffer of " + buffer.byteSize());
        }
        this.buffer = buffer;
        this.maxLength = maxLength;
    }

    /** Starts a packet whose first message will be {@code sequence}. */
    public void begin(MemorySegment session, long sessionAt, long sequence) {
        MoldPacketDescriptor.writeHeader(buffer, 0, session, sessionAt, sequence, 0);
        length = MoldPacketDescriptor.HEADER_LENGTH;
        count = 0;
    }

    /** Whether a message of {@code messageLength} bytes still fits. */
    public boolean fits(int messageLength) {
        return length + MoldPacketDescriptor.BLOCK_HEADER_LENGTH + messageLength <= maxLength && count < MoldPacketDescriptor.NOT_AVAILABLE - 1;
    }

    /** Appends one message block; the caller checked {@link #fits}. */
    public void append(MemorySegment message, long at, int messageLength) {
        buffer.set(MoldBytes.U16, length, (short) messageLength);
        MemorySegment.copy(message, at, buffer, length + MoldPacketDescriptor.BLOCK_HEADER_LENGTH, messageLength);
        length += MoldPacketDescriptor.BLOCK_HEADER_LENGTH + messageLength;
        count++;
        MoldPacketDescriptor.writeCount(buffer, 0, count);
    }

    /** Writes a header-only packet (heartbeat, end of session, not available) and returns its length. */
    public int control(MemorySegment session, long sessionAt, long sequence, int controlCount) {
        MoldPacketDescriptor.writeHeader(buffer, 0, session, sessionAt, sequence, controlCount);
        length = MoldPacketDescriptor.HEADER_LENGTH;
        count = 0;
        return length;
    }

    public int count() { return count; }

    public int length() { return length; }

    public int maxLength() { return maxLength; }

    public MemorySegment buffer() { return buffer; }
}
