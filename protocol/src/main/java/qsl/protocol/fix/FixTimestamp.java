package qsl.protocol.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** FIX UTCTimestamp ({@code YYYYMMDD-HH:MM:SS.sss}) written from epoch milliseconds without allocation. */
public final class FixTimestamp {
    /** Length of the text {@link #write} produces. */
    public static final int LENGTH = 21;

    private FixTimestamp() {}

    /** Writes the timestamp at {@code at}; returns the offset after it. Years 0..9999. */
    public static long write(MemorySegment s, long at, long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long ms = Math.floorMod(epochMillis, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) y++;
        at = digits(s, at, y, 4);
        at = digits(s, at, m, 2);
        at = digits(s, at, d, 2);
        s.set(ValueLayout.JAVA_BYTE, at++, (byte) '-');
        at = digits(s, at, ms / 3_600_000, 2);
        s.set(ValueLayout.JAVA_BYTE, at++, (byte) ':');
        at = digits(s, at, (ms / 60_000) % 60, 2);
        s.set(ValueLayout.JAVA_BYTE, at++, (byte) ':');
        at = digits(s, at, (ms / 1000) % 60, 2);
        s.set(ValueLayout.JAVA_BYTE, at++, (byte) '.');
        return digits(s, at, ms % 1000, 3);
    }

    private static long digits(MemorySegment s, long at, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            s.set(ValueLayout.JAVA_BYTE, at + i, (byte) ('0' + (v % 10)));
            v /= 10;
        }
        return at + n;
    }
}
