package qsl.book;

/** Order side codes as they travel in commands, events and off-heap records. */
public final class Side {
    public static final byte BUY = 0;
    public static final byte SELL = 1;

    private Side() {}

    public static boolean isValid(byte side) {
        return side == BUY || side == SELL;
    }

    public static byte opposite(byte side) {
        return (byte) (side ^ 1);
    }
}
