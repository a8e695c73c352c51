package qsl.book;

/** Why an order left the book without trading in full. */
public final class CancelReason {
    /** The owner asked for it (a cancel command). */
    public static final byte USER = 0;
    /** The unfilled rest of an IOC or market order. */
    public static final byte UNFILLED = 1;
    /** A fill-or-kill order that could not fill in full; the book is unchanged. */
    public static final byte FOK_KILLED = 2;
    /** A mass cancel of the order's account ({@link Engine#massCancel}). */
    public static final byte MASS = 3;

    private CancelReason() {}
}
