package qsl.wal;

import java.lang.foreign.MemorySegment;

/**
 * Layout of {@code wal.manifest}: which segment the log has reached, so recovery can tell a log
 * whose last segments are gone (deleted, or lost to a disk that dropped them) from a log that never
 * had them. Two 64-byte slots, in different 4 KiB pages; each update writes the slot its
 * generation selects and syncs, so a write torn by a crash leaves the other slot intact. The valid
 * slot with the higher generation is the manifest. Little-endian.
 *
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |   magic "QSLWMAN\1" (i64)     |  0
 *   +-------------------------------+
 *   |   generation (i64)            |  8    +1 per update; slot = generation % 2
 *   +-------------------------------+
 *   |   last segment index (i64)    | 16    the newest segment created (its file and entry synced first)
 *   +-------------------------------+
 *   |   its first sequence (i64)    | 24    every sequence before it was synced before it was created
 *   +-------------------------------+
 *   |   reserved = 0 (28 bytes)     | 32
 *   +               +---------------+
 *   |               | CRC32C (i32)  | 60    over bytes [0, 60)
 *   +---------------+---------------+ 64
 * </pre>
 * Slot 0 is at file offset 0, slot 1 at {@link #SLOT_STRIDE}; the file is {@link #FILE_LENGTH} bytes.
 */
public final class ManifestDescriptor {
    public static final String FILE_NAME = "wal.manifest";
    public static final long MAGIC = 0x014E_414D_574C_5351L; // "QSLWMAN\1" little-endian
    public static final int MAGIC_OFFSET = 0;
    public static final int GENERATION_OFFSET = 8;
    public static final int LAST_SEGMENT_OFFSET = 16;
    public static final int FIRST_SEQUENCE_OFFSET = 24;
    public static final int CRC_OFFSET = 60;
    public static final int LENGTH = 64;
    public static final int SLOT_STRIDE = 4096;
    public static final int FILE_LENGTH = 2 * SLOT_STRIDE;

    private ManifestDescriptor() {}

    /** One manifest read back. */
    public record Manifest(long generation, long lastSegment, long firstSequence) {}

    static void write(MemorySegment slot, long generation, long lastSegment, long firstSequence) {
        slot.fill((byte) 0);
        slot.set(SegmentDescriptor.I64, MAGIC_OFFSET, MAGIC);
        slot.set(SegmentDescriptor.I64, GENERATION_OFFSET, generation);
        slot.set(SegmentDescriptor.I64, LAST_SEGMENT_OFFSET, lastSegment);
        slot.set(SegmentDescriptor.I64, FIRST_SEQUENCE_OFFSET, firstSequence);
        slot.set(SegmentDescriptor.I32, CRC_OFFSET, new Crc(slot).of(0, CRC_OFFSET));
    }

    /** The slot at {@code at} of {@code file} if it verifies, else null. Never throws. */
    static Manifest read(MemorySegment file, long at) {
        if (at + LENGTH > file.byteSize()) return null;
        MemorySegment s = file.asSlice(at, LENGTH);
        if (s.get(SegmentDescriptor.I64, MAGIC_OFFSET) != MAGIC) return null;
        if (s.get(SegmentDescriptor.I32, CRC_OFFSET) != new Crc(s).of(0, CRC_OFFSET)) return null;
        long gen = s.get(SegmentDescriptor.I64, GENERATION_OFFSET);
        long last = s.get(SegmentDescriptor.I64, LAST_SEGMENT_OFFSET);
        long first = s.get(SegmentDescriptor.I64, FIRST_SEQUENCE_OFFSET);
        if (gen < 1 || last < 0 || first < 1) return null;
        return new Manifest(gen, last, first);
    }
}
