package qsl.ringbuffer;

/**
 * A segment or file that is not a ring this code can attach to: the reason says which check
 * failed, the message gives the values seen and expected.
 */
public final class RingLayoutException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which check refused the segment. */
    public enum Reason {
        /** Shorter than the metadata or than metadata plus the capacity it declares. */
        TOO_SMALL,
        /** Base address not aligned to {@link RingBufferDescriptor#SEGMENT_ALIGNMENT}. */
        MISALIGNED,
        /** Not formatted as a ring (or formatted by something else). */
        BAD_MAGIC,
        /** Formatted by a different layout version. */
        UNSUPPORTED_VERSION,
        /** Declared capacity is not a legal power of two. */
        BAD_CAPACITY,
        /** Declared capacity differs from the one the caller expects. */
        CAPACITY_MISMATCH,
        /** Producer and consumer positions cannot both be right (misaligned, or further apart than the capacity). */
        INCONSISTENT_POSITIONS
    }

    private final Reason reason;

    public RingLayoutException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
