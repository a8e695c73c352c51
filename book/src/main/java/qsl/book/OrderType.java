package qsl.book;

/** Order type codes: a limit order carries a price, a market order never rests. */
public final class OrderType {
    public static final byte LIMIT = 0;
    public static final byte MARKET = 1;

    private OrderType() {}

    public static boolean isValid(byte type) {
        return type == LIMIT || type == MARKET;
    }
}
