package qsl.book;

/**
 * Reject reason codes. Checks run in the order of the codes below and the first failing
 * check names the reject; a rejected command consumes no sequence number and changes nothing.
 * Two exceptions: a modify checks {@link #UNKNOWN_ORDER} right after {@link #UNKNOWN_SYMBOL},
 * before the price and quantity checks, which need the resting order (the collar applies only
 * when the new price differs from its price); and cancel and modify check {@link #NOT_OWNER}
 * right after {@link #UNKNOWN_ORDER}. So a cancel checks UNKNOWN_SYMBOL, UNKNOWN_ORDER,
 * NOT_OWNER; a modify UNKNOWN_SYMBOL, UNKNOWN_ORDER, NOT_OWNER, then the price and quantity
 * checks; a mass cancel only UNKNOWN_SYMBOL (a symbol other than {@link Engine#ALL_SYMBOLS}
 * that is not registered).
 */
public final class RejectReason {
    public static final byte UNKNOWN_SYMBOL = 1;
    public static final byte INVALID_SIDE = 2;
    public static final byte INVALID_TYPE = 3;
    /** Not a known time-in-force code, or a market order with GTC. */
    public static final byte INVALID_TIF = 4;
    /** A limit price that is zero or negative. */
    public static final byte INVALID_PRICE = 5;
    /** A limit price that is not a multiple of the symbol's tick size. */
    public static final byte TICK_SIZE = 6;
    /** A quantity that is zero or negative. */
    public static final byte INVALID_QUANTITY = 7;
    public static final byte QUANTITY_BELOW_MIN = 8;
    public static final byte QUANTITY_ABOVE_MAX = 9;
    /** price x quantity above the symbol's maximum notional (checked without overflow). */
    public static final byte NOTIONAL_ABOVE_MAX = 10;
    /** A limit price further than the collar from the symbol's last trade price. */
    public static final byte PRICE_COLLAR = 11;
    /** A new order whose id is already live (resting) anywhere in the engine. */
    public static final byte DUPLICATE_ORDER_ID = 12;
    /** Cancel or modify of an id that is not resting on that symbol (filled, cancelled, never seen). */
    public static final byte UNKNOWN_ORDER = 13;
    /** A GTC limit order arriving while every order slot is in use. */
    public static final byte BOOK_FULL = 14;
    /** A command record whose type byte is not a known command. */
    public static final byte UNKNOWN_COMMAND = 15;
    /** Cancel or modify of a live order that another account entered. */
    public static final byte NOT_OWNER = 16;

    private static final String[] NAMES = {
        "NONE", "UNKNOWN_SYMBOL", "INVALID_SIDE", "INVALID_TYPE", "INVALID_TIF", "INVALID_PRICE",
        "TICK_SIZE", "INVALID_QUANTITY", "QUANTITY_BELOW_MIN", "QUANTITY_ABOVE_MAX",
        "NOTIONAL_ABOVE_MAX", "PRICE_COLLAR", "DUPLICATE_ORDER_ID", "UNKNOWN_ORDER", "BOOK_FULL",
        "UNKNOWN_COMMAND", "NOT_OWNER"
    };

    private RejectReason() {}

    /** The code's name, for reports; not for hot paths. */
    public static String name(byte reason) {
        return reason > 0 && reason < NAMES.length ? NAMES[reason] : "REASON_" + reason;
    }
}
