package qsl.protocol.soup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a byte stream into SoupBinTCP frames: bytes arrive in any pieces (socket reads that end
 * mid-frame, several frames in one read) and {@link #next()} hands out one whole, validated frame
 * at a time. One framer per connection, one thread; it owns a receive buffer of at least
 * {@code maxPacketLength + 2} bytes (so the largest acceptable frame always fits) and allocates
 * nothing after construction.
 *
 * <pre>{@code
 * framer.read(channel);                 // or append(bytes)
 * int t;
 * while ((t = framer.next()) > 0) {     // t is the packet type
 *     handle(framer.segment(), framer.frameOffset(), framer.frameLength());
 * }
 * if (t < 0) disconnect(SoupError.name(t));
 * }</pre>
 *
 * The frame {@link #next()} returned stays in place until the next call of {@link #next()},
 * {@link #read} or {@link #append}, which consume it (unless {@link #unread()} put it back).
 * An error is sticky: the stream has lost its framing and every later {@link #next()} repeats it.
 */
public final class SoupFramer {
    private final MemorySegment buffer;
    private final ByteBuffer view;
    private final int maxPacketLength;
    private final int from;
    private long head;
    private long tail;
    private long frameAt;
    private int frameLength;
    private int error;

    /**
     * @param buffer receive buffer, at least {@code maxPacketLength + 2} bytes
     * @param maxPacketLength largest packet length accepted (1..65535)
     * @param from {@link SoupPacketType#FROM_CLIENT} for a server's framer,
     *        {@link SoupPacketType#FROM_SERVER} for a client's, or {@link SoupPacketType#EITHER}
     */
    public SoupFramer(MemorySegment buffer, int maxPacketLength, int from) {
        if (maxPacketLength < 1 || maxPacketLength > SoupHeaderDescriptor.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("maxPacketLength out of 1..65535: " + maxPacketLength);
        }
        if (buffer.byteSize() < maxPacketLength + 2L || buffer.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer of " + buffer.byteSize() + " bytes cannot hold a "
                    + (maxPacketLength + 2) + "-byte frame");
        }
        this.buffer = buffer;
        this.view = buffer.asByteBuffer();
        this.maxPacketLength = maxPacketLength;
        this.from = from;
    }

    /**
     * Reads once from {@code channel} into the free space (after compacting).
     *
     * @return bytes read, 0 if the buffer is full or the channel had nothing, -1 at end of stream
     */
    public int read(ReadableByteChannel channel) throws IOException {
        makeRoom();
        if (tail == buffer.byteSize()) return 0;
        view.limit((int) buffer.byteSize()).position((int) tail);
        int n = channel.read(view);
        if (n > 0) tail += n;
        return n;
    }

    /**
     * Copies up to {@code length} bytes from {@code src} into the free space (after compacting).
     *
     * @return bytes taken, less than {@code length} when the buffer filled up
     */
    public long append(MemorySegment src, long offset, long length) {
        makeRoom();
        long n = Math.min(length, buffer.byteSize() - tail);
        if (n > 0) {
            MemorySegment.copy(src, offset, buffer, tail, n);
            tail += n;
        }
        return n;
    }

    /**
     * Consumes the previous frame and decodes the next.
     *
     * @return the packet type (&gt; 0) of a whole valid frame now at {@link #frameOffset()},
     *         {@link SoupDecoder#NEED_MORE} (0), or a negative {@link SoupError} (sticky)
     */
    public int next() {
        if (error != 0) return error;
        consume();
        int r = SoupDecoder.decode(buffer, head, tail - head, maxPacketLength, from);
        if (r > 0) {
            frameAt = head;
            frameLength = r;
            return buffer.get(ValueLayout.JAVA_BYTE, head + SoupHeaderDescriptor.TYPE_OFFSET);
        }
        if (r < 0) error = r;
        return r;
    }

    /** Puts the frame {@link #next()} just returned back: the next call returns it again. */
    public void unread() {
        frameLength = 0;
    }

    /** The receive buffer; frames are read from it in place. */
    public MemorySegment segment() {
        return buffer;
    }

    /** Offset in {@link #segment()} of the current frame (its length field). */
    public long frameOffset() {
        return frameAt;
    }

    /** Bytes of the current frame, length field included; 0 when there is none. */
    public int frameLength() {
        return frameLength;
    }

    /** Offset of the current frame's payload (a data packet's message). */
    public long payloadOffset() {
        return frameAt + SoupHeaderDescriptor.PAYLOAD_OFFSET;
    }

    /** Payload bytes of the current frame. */
    public int payloadLength() {
        return frameLength - SoupHeaderDescriptor.HEADER_LENGTH;
    }

    /** Bytes received and not yet consumed (the current frame included). */
    public long buffered() {
        return tail - head;
    }

    /** The sticky error, or 0. */
    public int error() {
        return error;
    }

    /** Forgets everything buffered and any error (a new connection). */
    public void reset() {
        head = 0;
        tail = 0;
        frameAt = 0;
        frameLength = 0;
        error = 0;
    }

    private void consume() {
        head += frameLength;
        frameLength = 0;
    }

    private void makeRoom() {
        consume();
        if (head == tail) {
            head = 0;
            tail = 0;
        } else if (head > 0) {
            long n = tail - head;
            MemorySegment.copy(buffer, head, buffer, 0, n);
            head = 0;
            tail = n;
        }
    }
}
