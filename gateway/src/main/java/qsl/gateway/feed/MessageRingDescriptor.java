package qsl.gateway.feed;

/**
 * One slot of a {@link MessageRing}: a feed message keyed by its sequence number. Native byte
 * order (the ring never leaves the process). 64 bytes per slot, slot {@code seq & (capacity - 1)}.
 *
 * <pre>
 *   0                               8       10                                           64
 *   +-------------------------------+-------+--------------------------------------------+
 *   |      sequence (i64, 0 empty)  |len u16|  message bytes (up to 54)                  |
 *   +-------------------------------+-------+--------------------------------------------+
 * </pre>
 */
public final class MessageRingDescriptor {
    public static final int SEQUENCE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int DATA_OFFSET = 10;
    public static final int SLOT_BYTES = 64;
    public static final int MAX_MESSAGE = SLOT_BYTES - DATA_OFFSET;

    private MessageRingDescriptor() {}
}
