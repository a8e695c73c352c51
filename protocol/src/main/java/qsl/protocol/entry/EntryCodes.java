package qsl.protocol.entry;

import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/**
 * The one-byte ASCII enumerations of the order-entry messages and their mapping to the
 * engine's codes ({@link Side}, {@link OrderType}, {@link TimeInForce}). The {@code toEngine}
 * methods answer -1 for a byte that is not a valid wire code.
 */
public final class EntryCodes {
    public static final byte SIDE_BUY = 'B';
    public static final byte SIDE_SELL = 'S';
    public static final byte TYPE_LIMIT = 'L';
    public static final byte TYPE_MARKET = 'M';
    /** Good till cancelled. */
    public static final byte TIF_GTC = 'G';
    /** Day: accepted and treated as GTC (the engine has no sessions). */
    public static final byte TIF_DAY = 'D';
    /** Immediate or cancel. */
    public static final byte TIF_IOC = 'I';
    /** Fill or kill. */
    public static final byte TIF_FOK = 'F';
    /** Executed: the order was resting (maker). */
    public static final byte LIQUIDITY_ADDED = 'A';
    /** Executed: the order took liquidity (taker). */
    public static final byte LIQUIDITY_REMOVED = 'R';

    private EntryCodes() {}

    public static boolean isSide(byte b) {
        return b == SIDE_BUY || b == SIDE_SELL;
    }

    public static boolean isOrderType(byte b) {
        return b == TYPE_LIMIT || b == TYPE_MARKET;
    }

    public static boolean isTimeInForce(byte b) {
        return b == TIF_GTC || b == TIF_DAY || b == TIF_IOC || b == TIF_FOK;
    }

    public static boolean isLiquidity(byte b) {
        return b == LIQUIDITY_ADDED || b == LIQUIDITY_REMOVED;
    }

    public static byte toEngineSide(byte wire) {
        return switch (wire) {
            case SIDE_BUY -> Side.BUY;
            case SIDE_SELL -> Side.SELL;
            default -> -1;
        };
    }

    public static byte fromEngineSide(byte side) {
        return side == Side.BUY ? SIDE_BUY : SIDE_SELL;
    }

    public static byte toEngineOrderType(byte wire) {
        return switch (wire) {
            case TYPE_LIMIT -> OrderType.LIMIT;
            case TYPE_MARKET -> OrderType.MARKET;
            default -> -1;
        };
    }

    public static byte fromEngineOrderType(byte type) {
        return type == OrderType.MARKET ? TYPE_MARKET : TYPE_LIMIT;
    }

    /** {@code 'G'} and {@code 'D'} map to GTC. */
    public static byte toEngineTimeInForce(byte wire) {
        return switch (wire) {
            case TIF_GTC, TIF_DAY -> TimeInForce.GTC;
            case TIF_IOC -> TimeInForce.IOC;
            case TIF_FOK -> TimeInForce.FOK;
            default -> -1;
        };
    }

    public static byte fromEngineTimeInForce(byte tif) {
        return switch (tif) {
            case TimeInForce.IOC -> TIF_IOC;
            case TimeInForce.FOK -> TIF_FOK;
            default -> TIF_GTC;
        };
    }
}
