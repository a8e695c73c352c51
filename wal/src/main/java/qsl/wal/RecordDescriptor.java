package qsl.wal;

import java.lang.foreign.MemorySegment;

/**
 * Layout of one log record: a 24-byte header and the payload, padded with zeros to the next
 * 8-byte boundary. Little-endian. A header of 24 zero bytes marks the end of the written part
 * of a segment: the preallocated rest is zeros, or, in a recycled segment
 * ({@link SegmentDescriptor#FLAG_RECYCLED}), the writer stores such a header right after each
 * record (before the record's checksum) and an older segment's bytes may follow it.
 *
 * <pre>
 *   0               4               8                              16
 *   +---------------+---------------+-------------------------------+
 *   | length (i32)  |  type (i32)   |         sequence (i64)        |
 *   +---------------+---------------+-------------------------------+
 *   | CRC32C (i32)  | reserved = 0  |  payload (length bytes) ...     24
 *   +---------------+---------------+-------------------------------+
 *   | ... payload, then zero padding to a multiple of 8             |
 *   +---------------------------------------------------------------+
 * </pre>
 * {@code length} counts payload bytes only (1..{@link #MAX_PAYLOAD}); {@code type} is non-zero
 * and chosen by the writer's user; {@code sequence} is 1 for the log's first record and grows
 * by one per record, across segments. The CRC32C covers bytes [0, 16) and [20, frame end):
 * every header field but itself, the payload and the padding, so every bit of the frame is checked.
 */
public final class RecordDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int CRC_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    public static final int HEADER_LENGTH = 24;
    public static final int ALIGNMENT = 8;
    /** Largest payload of one record (16 MiB); a segment must also have room for it. */
    public static final int MAX_PAYLOAD = 16 << 20;

    private RecordDescriptor() {}

    /** Bytes one record with {@code payloadLength} payload bytes occupies, header and padding included. */
    public static int frameLength(int payloadLength) {
        return (HEADER_LENGTH + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    public static int length(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + LENGTH_OFFSET); }
    public static int type(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + TYPE_OFFSET); }
    public static long sequence(MemorySegment s, long at) { return s.get(SegmentDescriptor.I64, at + SEQUENCE_OFFSET); }
    public static int crc(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + CRC_OFFSET); }
    public static int reserved(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + RESERVED_OFFSET); }

    /** The checksum a record at {@code at} with its current length field should carry. */
    static int computeCrc(Crc crc, long at, int length) {
        return crc.of2(at, at + CRC_OFFSET, at + RESERVED_OFFSET, at + frameLength(length));
    }
}
