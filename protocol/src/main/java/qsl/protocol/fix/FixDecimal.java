package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Exact decimal conversions between FIX text (Price, Qty) and integer units, without floating
 * point. A symbol's prices are integers in units of {@code 10^-decimals}; FIX {@code 101.25}
 * with 2 decimals is {@code 10125}. A price is on the grid when it is a whole number of units
 * and a multiple of the tick size.
 *
 * <p>Readers return a non-negative value or one of the negative codes below.
 */
public final class FixDecimal {
    /** Not a decimal: empty, a sign, a second point, a non-digit, no digit at all. */
    public static final long INVALID = -1;
    /** More significant fractional digits than the units allow, or not a multiple of the tick. */
    public static final long OFF_GRID = -2;
    /** Does not fit in a long once scaled. */
    public static final long OVERFLOW = -3;

    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
        100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private FixDecimal() {}

    /** {@code 10^n} for {@code 0 <= n <= 18}. */
    public static long pow10(int n) {
        return POW10[n];
    }

    /**
     * Reads an unsigned decimal ({@code 123}, {@code 123.}, {@code 123.450}, {@code .5}) as a
     * count of {@code 10^-decimals} units. Trailing zero fractional digits beyond
     * {@code decimals} are allowed; any other extra digit is {@link #OFF_GRID}.
     */
    public static long toUnits(MemorySegment s, long off, int len, int decimals) {
        if (len <= 0 || decimals < 0 || decimals > 18) return INVALID;
        long v = 0;
        int fraction = -1; // digits seen after the point, -1 before it
        boolean anyDigit = false;
        for (int i = 0; i < len; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, off + i);
            if (b == '.') {
                if (fraction >= 0) return INVALID;
                fraction = 0;
                continue;
            }
            int d = b - '0';
            if (d < 0 || d > 9) return INVALID;
            anyDigit = true;
            if (fraction >= 0) {
                if (fraction >= decimals) {
                    if (d != 0) return OFF_GRID;
                    continue;
                }
                fraction++;
            }
            if (v > (Long.MAX_VALUE - d) / 10) return OVERFLOW;
            v = v * 10 + d;
        }
        if (!anyDigit) return INVALID;
        int scale = decimals - Math.max(fraction, 0);
        long p = POW10[scale];
        if (v > Long.MAX_VALUE / p) return OVERFLOW;
        return v * p;
    }

    /** {@link #toUnits} followed by the tick check: a multiple of {@code tickSize} or {@link #OFF_GRID}. */
    public static long toTicks(MemorySegment s, long off, int len, int decimals, long tickSize) {
        long units = toUnits(s, off, len, decimals);
        if (units < 0) return units;
        return units % tickSize == 0 ? units : OFF_GRID;
    }

    /** The value of {@code tag} in {@code m} as units; {@link FixMessage#MISSING} when absent. */
    public static long toUnits(FixMessage m, int tag, int decimals) {
        int i = m.indexOf(tag);
        return i < 0 ? FixMessage.MISSING : toUnits(m.segment(), m.valueOffset(i), m.valueLength(i), decimals);
    }
}
