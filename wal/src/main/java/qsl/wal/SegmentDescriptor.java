package qsl.wal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the header at the start of every log segment file. 64 bytes, little-endian; the
 * first record starts right after it at {@link #LENGTH}.
 *
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |     magic "QSLWAL\0\1" (i64)  |  0
 *   +---------------+---------------+
 *   | version (i32) | hdrLen (i32)  |  8
 *   +---------------+---------------+
 *   |     segment index (i64)       | 16   file name carries the same index
 *   +-------------------------------+
 *   |     first sequence (i64)      | 24   sequence of the first record in this file
 *   +-------------------------------+
 *   |  segment length (i64, bytes)  | 32   the preallocated file size
 *   +-------------------------------+
 *   |     reserved (zero, 20 B)     | 40
 *   +               +---------------+
 *   |               | hdr CRC32C    | 60   CRC32C of bytes [0, 60)
 *   +---------------+---------------+ 64
 * </pre>
 */
public final class SegmentDescriptor {
    public static final long MAGIC = 0x0100_4C41_574C_5351L; // "QSLWAL\0\1" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int INDEX_OFFSET = 16;
    public static final int FIRST_SEQUENCE_OFFSET = 24;
    public static final int SEGMENT_LENGTH_OFFSET = 32;
    public static final int CRC_OFFSET = 60;
    /** Header size; also the offset of the first record. */
    public static final int LENGTH = 64;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SegmentDescriptor() {}

    /** Writes a complete header (CRC included) at offset 0 of {@code s}. */
    static void write(MemorySegment s, Crc crc, long index, long firstSequence, long segmentLength) {
        s.asSlice(0, LENGTH).fill((byte) 0);
        s.set(I64, MAGIC_OFFSET, MAGIC);
        s.set(I32, VERSION_OFFSET, VERSION);
        s.set(I32, HEADER_LENGTH_OFFSET, LENGTH);
        s.set(I64, INDEX_OFFSET, index);
        s.set(I64, FIRST_SEQUENCE_OFFSET, firstSequence);
        s.set(I64, SEGMENT_LENGTH_OFFSET, segmentLength);
        s.set(I32, CRC_OFFSET, crc.of(0, CRC_OFFSET));
    }

    /** Why the header at offset 0 of {@code s} is unusable, or {@code null} if it is valid. */
    static String check(MemorySegment s, Crc crc, long expectedIndex) {
        if (s.byteSize() < LENGTH) return "file shorter than a segment header (" + s.byteSize() + " bytes)";
        if (s.get(I64, MAGIC_OFFSET) != MAGIC) {
            return isZero(s, 0, LENGTH) ? "segment header is all zeros" : "bad segment magic";
        }
        if (s.get(I32, CRC_OFFSET) != crc.of(0, CRC_OFFSET)) return "segment header checksum mismatch";
        if (s.get(I32, VERSION_OFFSET) != VERSION) return "unknown segment version " + s.get(I32, VERSION_OFFSET);
        if (s.get(I32, HEADER_LENGTH_OFFSET) != LENGTH) return "unknown segment header length";
        if (index(s) != expectedIndex) return "header names segment " + index(s) + ", file name " + expectedIndex;
        if (firstSequence(s) < 1) return "first sequence < 1";
        // A file shorter than its preallocated length (truncated, or copied without its zeros) reads as zeros past its end.
        if (segmentLength(s) < s.byteSize()) return "file size " + s.byteSize() + " exceeds header length " + segmentLength(s);
        return null;
    }

    static boolean isZero(MemorySegment s, long from, long to) {
        for (long p = from; p < to; p++) if (s.get(ValueLayout.JAVA_BYTE, p) != 0) return false;
        return true;
    }

    public static long index(MemorySegment s) { return s.get(I64, INDEX_OFFSET); }
    public static long firstSequence(MemorySegment s) { return s.get(I64, FIRST_SEQUENCE_OFFSET); }
    public static long segmentLength(MemorySegment s) { return s.get(I64, SEGMENT_LENGTH_OFFSET); }
}
