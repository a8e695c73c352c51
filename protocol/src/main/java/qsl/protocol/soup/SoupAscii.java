package qsl.protocol.soup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The two SoupBinTCP field kinds. <b>Alpha</b>: printable ASCII (0x20..0x7E), left-justified and
 * padded on the right with spaces (username, password); the session fields are the exception the
 * specification makes: right-justified, padded on the left with spaces. <b>Numeric</b>: ASCII
 * decimal digits, right-justified and padded on the left with spaces (sequence numbers).
 *
 * <p>Readers are lenient where the specification's own examples vary: a numeric field may also
 * carry trailing spaces or leading zeros; it must hold at least one digit and at most
 * {@code Long.MAX_VALUE}. Nothing here allocates except the {@code String} convenience methods.
 */
public final class SoupAscii {
    /** {@link #parseNumeric} result for a field that is not a valid numeric field. */
    public static final long BAD_NUMERIC = -1;

    private SoupAscii() {}

    /** Every byte of the field is printable ASCII, 0x20..0x7E (space allowed). */
    public static boolean isAlpha(MemorySegment s, long at, int width) {
        for (int i = 0; i < width; i++) {
            byte b = s.get(ValueLayout.JAVA_BYTE, at + i);
            if (b < 0x20 || b > 0x7E) return false;
        }
        return true;
    }

    /** Every byte of the field is a space. */
    public static boolean isBlank(MemorySegment s, long at, int width) {
        for (int i = 0; i < width; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, at + i) != ' ') return false;
        }
        return true;
    }

    /**
     * The value of a numeric field: optional spaces, one or more digits, optional spaces; at most
     * {@code Long.MAX_VALUE}. Any other content gives {@link #BAD_NUMERIC}.
     */
    public static long parseNumeric(MemorySegment s, long at, int width) {
        int i = 0;
        while (i < width && s.get(ValueLayout.JAVA_BYTE, at + i) == ' ') i++;
        if (i == width) return BAD_NUMERIC;
        long value = 0;
        int digits = 0;
        while (i < width) {
            byte b = s.get(ValueLayout.JAVA_BYTE, at + i);
            if (b < '0' || b > '9') break;
            int d = b - '0';
            if (value > (Long.MAX_VALUE - d) / 10) return BAD_NUMERIC;
            value = value * 10 + d;
            digits++;
            i++;
        }
        if (digits == 0) return BAD_NUMERIC;
        while (i < width) {
            if (s.get(ValueLayout.JAVA_BYTE, at + i) != ' ') return BAD_NUMERIC;
            i++;
        }
        return value;
    }

    /** Writes {@code value >= 0} right-justified, padded on the left with spaces. */
    public static void putNumeric(MemorySegment s, long at, int width, long value) {
        if (value < 0) throw new IllegalArgumentException("negative numeric field: " + value);
        int i = width - 1;
        do {
            if (i < 0) throw new IllegalArgumentException("numeric " + value + " wider than " + width);
            s.set(ValueLayout.JAVA_BYTE, at + i, (byte) ('0' + (value % 10)));
            value /= 10;
            i--;
        } while (value != 0);
        for (; i >= 0; i--) s.set(ValueLayout.JAVA_BYTE, at + i, (byte) ' ');
    }

    /** Writes {@code text} left-justified, padded on the right with spaces. */
    public static void putAlphaLeft(MemorySegment s, long at, int width, CharSequence text) {
        int n = checkAlpha(text, width);
        for (int i = 0; i < width; i++) {
            s.set(ValueLayout.JAVA_BYTE, at + i, i < n ? (byte) text.charAt(i) : (byte) ' ');
        }
    }

    /** Writes {@code text} right-justified, padded on the left with spaces. */
    public static void putAlphaRight(MemorySegment s, long at, int width, CharSequence text) {
        int n = checkAlpha(text, width);
        int pad = width - n;
        for (int i = 0; i < width; i++) {
            s.set(ValueLayout.JAVA_BYTE, at + i, i < pad ? (byte) ' ' : (byte) text.charAt(i - pad));
        }
    }

    /** The field with its padding spaces (either side) removed; for logs and setup, allocates. */
    public static String trimmed(MemorySegment s, long at, int width) {
        int from = 0;
        int to = width;
        while (from < to && s.get(ValueLayout.JAVA_BYTE, at + from) == ' ') from++;
        while (to > from && s.get(ValueLayout.JAVA_BYTE, at + to - 1) == ' ') to--;
        char[] c = new char[to - from];
        for (int i = from; i < to; i++) c[i - from] = (char) (s.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF);
        return new String(c);
    }

    /**
     * Whether the field equals {@code text} once padding spaces are ignored (either side), without
     * allocating: the gateway compares usernames and passwords with it.
     */
    public static boolean equalsTrimmed(MemorySegment s, long at, int width, CharSequence text) {
        int from = 0;
        int to = width;
        while (from < to && s.get(ValueLayout.JAVA_BYTE, at + from) == ' ') from++;
        while (to > from && s.get(ValueLayout.JAVA_BYTE, at + to - 1) == ' ') to--;
        if (to - from != text.length()) return false;
        for (int i = from; i < to; i++) {
            if ((s.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF) != text.charAt(i - from)) return false;
        }
        return true;
    }

    private static int checkAlpha(CharSequence text, int width) {
        int n = text.length();
        if (n > width) throw new IllegalArgumentException("'" + text + "' is wider than " + width);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) throw new IllegalArgumentException("not printable ASCII: '" + text + "'");
        }
        return n;
    }
}
