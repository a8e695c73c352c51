package qsl.ringbuffer;

/**
 * Layout of an SPSC ring segment and of the records inside it.
 *
 * <p>The segment starts with three blocks of 128 bytes (a pair of 64-byte cache lines each, so an
 * adjacent-line prefetcher never drags one side's hot line into the other side's pair), then the
 * data region of {@code capacity} bytes (a power of two):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+  0
 *  |                      magic "QSLRING1" (long)                  |
 *  |                                                               |
 *  +-------------------------------+-------------------------------+  8
 *  |       layout version (int)    |        capacity (int)         |
 *  +-------------------------------+-------------------------------+ 16
 *  |          (reserved, zero, up to byte 128: read-only line)     |
 *  +---------------------------------------------------------------+ 128
 *  |      producer position (long, published by producer)          |
 *  |                   (rest of the 128-byte block)                |
 *  +---------------------------------------------------------------+ 256
 *  |           consumer position (long, written by consumer)       |
 *  |                   (rest of the 128-byte block)                |
 *  +---------------------------------------------------------------+ 384 = DATA_OFFSET
 *  |                 data: capacity bytes of records               |
 *  +---------------------------------------------------------------+ 384 + capacity
 * </pre>
 *
 * <p>Positions are byte counters that only grow; a record's place in the data region is
 * {@code position & (capacity - 1)}. Each record is aligned to 8 bytes:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  payload length (int, bytes)                  |
 *  +---------------------------------------------------------------+
 *  |             type (int, &gt;= 0; PADDING_TYPE = -1)               |
 *  +---------------------------------------------------------------+
 *  |                      payload ...                             ...
 *  +---------------------------------------------------------------+
 *  |            zero to seven bytes to the next multiple of 8      |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A record never wraps: when one does not fit before the end of the data region, the producer
 * fills the rest with a padding record (type {@link #PADDING_TYPE}) and puts the record at index 0.
 * Header fields are in the platform's native byte order (the ring never leaves the machine).
 *
 * <p>The producer position in the segment is the published one: every record below it is
 * complete. It is release-stored by {@link RingProducer#commit} or, for a run of records completed
 * with {@link RingProducer#commitDeferred}, once by {@link RingProducer#publish()}; the consumer's
 * {@link RingConsumer#poll} acquires it. Deferred records already sit in the data region above it
 * (and count against free space on the producer side) but are not part of the ring's content
 * until published; the layout is the same either way.
 */
public final class RingBufferDescriptor {
    private RingBufferDescriptor() {}

    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    /** "QSLRING1" as a big-endian long: the first 8 bytes of a formatted ring. */
    public static final long MAGIC = 0x51534C52494E4731L;
    /** Bumped on any change of this layout; a peer with another version is refused. */
    public static final int LAYOUT_VERSION = 1;

    /** Distance between the blocks written by different sides: two 64-byte cache lines. */
    public static final int BLOCK_LENGTH = 128;
    public static final long MAGIC_OFFSET = 0;
    public static final long LAYOUT_VERSION_OFFSET = 8;
    public static final long CAPACITY_OFFSET = 12;
    public static final long PRODUCER_POSITION_OFFSET = BLOCK_LENGTH;
    public static final long CONSUMER_POSITION_OFFSET = 2L * BLOCK_LENGTH;
    /** Start of the data region; also the length of the metadata in front of it. */
    public static final long DATA_OFFSET = 3L * BLOCK_LENGTH;
    /** Alignment the segment's base address must have (the blocks above assume it). */
    public static final long SEGMENT_ALIGNMENT = BLOCK_LENGTH;

    public static final int RECORD_HEADER_LENGTH = 8;
    public static final int RECORD_ALIGNMENT = 8;
    public static final int LENGTH_FIELD_OFFSET = 0;
    public static final int TYPE_FIELD_OFFSET = 4;
    /** Type of the record that fills the end of the data region at wrap-around; never handed to a consumer. */
    public static final int PADDING_TYPE = -1;

    /**
     * The record header as one 8-byte word in native order: length in the int at offset 0, type
     * in the int at offset 4, on either byte order.
     */
    public static long header(int length, int type) {
        return LITTLE_ENDIAN
                ? ((long) type << 32) | (length & 0xFFFF_FFFFL)
                : ((long) length << 32) | (type & 0xFFFF_FFFFL);
    }

    /** Payload length from a header word read as one native-order long. */
    public static int headerLength(long header) {
        return LITTLE_ENDIAN ? (int) header : (int) (header >>> 32);
    }

    /** Type from a header word read as one native-order long. */
    public static int headerType(long header) {
        return LITTLE_ENDIAN ? (int) (header >>> 32) : (int) header;
    }

    /** Smallest data region: one cache line. */
    public static final int MIN_CAPACITY = 64;
    /** Largest data region: 1 GiB (indexes stay in an int). */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Bytes a record with {@code payloadLength} bytes of payload takes in the data region. */
    public static int recordLength(int payloadLength) {
        return (payloadLength + RECORD_HEADER_LENGTH + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /**
     * Largest payload a ring of {@code capacity} accepts: records up to half the data region, so a
     * record plus the padding in front of it always fits an empty ring (the producer can never be
     * stuck on an empty ring).
     */
    public static int maxPayloadLength(int capacity) {
        return capacity / 2 - RECORD_HEADER_LENGTH;
    }

    /** Bytes of segment a ring with this data capacity needs. */
    public static long segmentLength(int capacity) {
        return DATA_OFFSET + capacity;
    }

    /** True when {@code capacity} is a power of two in [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]. */
    public static boolean isValidCapacity(int capacity) {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    /** Throws {@link IllegalArgumentException} naming the rule when {@code capacity} is not valid. */
    public static void checkCapacity(int capacity) {
        if (!isValidCapacity(capacity)) {
            throw new IllegalArgumentException("ring capacity must be a power of two in [" + MIN_CAPACITY + ", "
                    + MAX_CAPACITY + "], got " + capacity);
        }
    }
}
