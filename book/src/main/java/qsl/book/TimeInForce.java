package qsl.book;

/**
 * Time-in-force codes. GTC rests its unfilled rest; IOC cancels it; FOK fills in full or
 * changes nothing. A market order takes IOC or FOK (GTC is rejected: a market order cannot rest).
 */
public final class TimeInForce {
    public static final byte GTC = 0;
    public static final byte IOC = 1;
    public static final byte FOK = 2;

    private TimeInForce() {}

    public static boolean isValid(byte tif) {
        return tif == GTC || tif == IOC || tif == FOK;
    }
}
