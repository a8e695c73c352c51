package qsl.ringbuffer;

/**
 * The consumer found a record header that cannot be right (a length running past the committed
 * data or the end of the region), or a producer position that cannot be right (behind the
 * consumer, more than the capacity ahead, or not a multiple of 8): the ring was written by
 * something other than a {@link RingProducer} of this layout. Thrown, not skipped: the position
 * names where the consumer stopped.
 */
public final class RingCorruptedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long position;

    public RingCorruptedException(long position, int length, int type, long committed) {
        super("corrupt record at position " + position + " (length " + length + ", type " + type
                + ", producer position " + committed + ")");
        this.position = position;
    }

    /** A producer position read from the segment that no producer could have published. */
    public RingCorruptedException(long position, long committed, int capacity) {
        super("corrupt producer position " + committed + " at consumer position " + position + " (capacity "
                + capacity + ")");
        this.position = position;
    }

    /** Consumer position of the bad record header (or where the consumer stood). */
    public long position() {
        return position;
    }
}
