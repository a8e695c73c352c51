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
 *   | flags (i32)   |               | 40   {@link #FLAG_RECYCLED}; other bits zero
 *   +---------------+               +
 *   |     reserved (zero, 16 B)     | 44
 *   +               +---------------+
 *   |               | hdr CRC32C    | 60   CRC32C of bytes [0, 60)
 *   +---------------+---------------+ 64
 * </pre>
 *
 * <p>{@link #FLAG_RECYCLED}: the file is a recycled segment ({@link SegmentPreparer}) that was not
 * zeroed, so bytes after the written part may be an earlier segment's records. Its writer keeps an
 * end marker (a {@link RecordDescriptor} header of 24 zero bytes) right after every record it
 * writes, so the written part still ends at the first zero header. Readers do not require zeros after
 * it (in a segment without the flag every byte after the written part must be zero); a valid record
 * there with a sequence after the last one read is damage (a hole left by a power loss), as non-zero
 * bytes are in a zeroed segment. Old records there carry sequences below this header's first
 * sequence: never a record of this segment.
 * The flag was a reserved zero word before it existed, so every older file reads as flags 0.
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
    public static final int FLAGS_OFFSET = 40;
    public static final int CRC_OFFSET = 60;
    /** Flag bit: a recycled, unzeroed file; the written part ends at the first zero record header, old bytes may follow it. */
    public static final int FLAG_RECYCLED = 1;
    /** Header size; also the offset of the first record. */
    public static final int LENGTH = 64;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SegmentDescriptor() {}

    /** Writes a complete header (CRC included) at offset 0 of {@code s}. */
    static void write(MemorySegment s, Crc crc, long index, long firstSequence, long segmentLength, int flags) {
        s.asSlice(0, LENGTH).fill((byte) 0);
        s.set(I64, MAGIC_OFFSET, MAGIC);
        s.set(I32, VERSION_OFFSET, VERSION);
        s.set(I32, HEADER_LENGTH_OFFSET, LENGTH);
        s.set(I64, INDEX_OFFSET, index);
        s.set(I64, FIRST_SEQUENCE_OFFSET, firstSequence);
        s.set(I64, SEGMENT_LENGTH_OFFSET, segmentLength);
        s.set(I32, FLAGS_OFFSET, flags);
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
        if ((flags(s) & ~FLAG_RECYCLED) != 0) return "unknown segment flags " + flags(s);
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
    public static int flags(MemorySegment s) { return s.get(I32, FLAGS_OFFSET); }

    /** Whether the (checked) header marks a recycled file: old bytes may follow its written part. */
    public static boolean recycled(MemorySegment s) { return (flags(s) & FLAG_RECYCLED) != 0; }
}
