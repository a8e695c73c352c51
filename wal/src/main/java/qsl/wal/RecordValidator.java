package qsl.wal;

import java.lang.foreign.MemorySegment;

/**
 * The one answer to "is there a valid record here": used by the writer when it reopens a log, by
 * recovery's scan and its search for a valid record after damage, and by the crash harness. A
 * record at {@code pos} is valid when its length is 1..{@link RecordDescriptor#MAX_PAYLOAD} and
 * its frame fits before {@code limit}, its type is non-zero, its reserved word is zero, its
 * sequence is the one expected, and its CRC32C matches. A header of 24 zero bytes is the end of
 * the written part. Allocation-free.
 */
public final class RecordValidator {
    /** A valid record. */
    public static final int VALID = 0;
    /** 24 zero bytes: the end of the written records. */
    public static final int END = 1;
    /** The length field is out of range or the frame does not fit. */
    public static final int BAD_LENGTH = 2;
    /** The checksum does not match. */
    public static final int BAD_CHECKSUM = 3;
    /** Type zero or reserved word non-zero (with a matching checksum). */
    public static final int BAD_FIELDS = 4;
    /** A valid frame with another sequence than expected. */
    public static final int BAD_SEQUENCE = 5;
    /** A frame header does not fit before the limit. */
    public static final int NO_ROOM = 6;

    /** {@link #check}'s {@code expected} when any sequence >= 1 will do. */
    public static final long ANY = -1;

    private RecordValidator() {}

    /**
     * Checks the record at {@code pos} of {@code m} (valid bytes end at {@code limit}).
     *
     * @param expected the sequence it must carry, or {@link #ANY} (then any sequence >= 1)
     */
    static int check(MemorySegment m, Crc crc, long pos, long limit, long expected) {
        if (pos + RecordDescriptor.HEADER_LENGTH > limit) return NO_ROOM;
        int len = RecordDescriptor.length(m, pos);
        int type = RecordDescriptor.type(m, pos);
        long seq = RecordDescriptor.sequence(m, pos);
        int reserved = RecordDescriptor.reserved(m, pos);
        if (len == 0 && type == 0 && seq == 0 && reserved == 0 && RecordDescriptor.crc(m, pos) == 0) return END;
        if (len < 1 || len > RecordDescriptor.MAX_PAYLOAD || pos + RecordDescriptor.frameLength(len) > limit) return BAD_LENGTH;
        if (RecordDescriptor.crc(m, pos) != RecordDescriptor.computeCrc(crc, pos, len)) return BAD_CHECKSUM;
        if (type == 0 || reserved != 0) return BAD_FIELDS;
        if (expected == ANY ? seq < 1 : seq != expected) return BAD_SEQUENCE;
        return VALID;
    }

    /**
     * Offset of the first valid record at or after {@code from} (rounded up to 8) whose frame ends
     * by {@code limit}, with a sequence of at least {@code minSequence} (any such sequence: this
     * searches, it does not continue a chain); -1 if there is none. Allocation-free.
     */
    static long find(MemorySegment m, Crc crc, long from, long limit, long minSequence) {
        long p = (from + RecordDescriptor.ALIGNMENT - 1) & -RecordDescriptor.ALIGNMENT;
        for (; p + RecordDescriptor.HEADER_LENGTH <= limit; p += RecordDescriptor.ALIGNMENT) {
            // Cheap filters first (most offsets are not a frame), then the one check.
            int len = RecordDescriptor.length(m, p);
            if (len < 1 || len > RecordDescriptor.MAX_PAYLOAD || RecordDescriptor.sequence(m, p) < minSequence) continue;
            if (check(m, crc, p, limit, ANY) == VALID) return p;
        }
        return -1;
    }

    /** {@link #check} for a caller without its own checksum helper (the crash harness); slower: allocates one. */
    public static int check(MemorySegment m, long pos, long limit, long expected) {
        return check(m, new Crc(m), pos, limit, expected);
    }

    /** For people. */
    public static String describe(int status) {
        return switch (status) {
            case VALID -> "valid";
            case END -> "end of records";
            case BAD_LENGTH -> "record length out of range";
            case BAD_CHECKSUM -> "record checksum mismatch";
            case BAD_FIELDS -> "record header fields invalid";
            case BAD_SEQUENCE -> "record sequence out of order";
            case NO_ROOM -> "no room for a record header";
            default -> "status " + status;
        };
    }
}
