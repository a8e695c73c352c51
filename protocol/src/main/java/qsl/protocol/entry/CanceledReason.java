package qsl.protocol.entry;

import qsl.book.CancelReason;

/**
 * The reason byte of Canceled: the engine's {@link CancelReason} codes, passed through.
 */
public final class CanceledReason {
    /** The owner asked (Cancel Order). */
    public static final byte USER = CancelReason.USER;
    /** The unfilled rest of an IOC or market order. */
    public static final byte UNFILLED = CancelReason.UNFILLED;
    /** A fill-or-kill order that could not fill in full. */
    public static final byte FOK_KILLED = CancelReason.FOK_KILLED;
    /** A Mass Cancel (the session's, or cancel-on-disconnect) removed it. */
    public static final byte MASS = CancelReason.MASS;
    /** Highest code defined. */
    public static final byte LAST = MASS;

    private CanceledReason() {}
}
