package qsl.protocol.itch;

import qsl.book.Side;

/** Side codes on the feed ('B' / 'S') and their engine {@link Side} counterparts. */
public final class ItchSide {
    public static final byte BUY = 'B';
    public static final byte SELL = 'S';

    private ItchSide() {}

    public static byte fromEngine(byte side) {
        return side == Side.BUY ? BUY : SELL;
    }

    public static byte toEngine(byte wire) {
        return wire == BUY ? Side.BUY : Side.SELL;
    }

    public static boolean isValid(byte wire) {
        return wire == BUY || wire == SELL;
    }
}
