package qsl.protocol.entry;

import java.lang.foreign.MemorySegment;

/**
 * Symbols on the wire: 8 ASCII bytes, left-justified and padded on the right with spaces
 * ({@code "AAPL    "}). Read as one big-endian {@code long}, a symbol is a key the gateway can
 * look up without allocating: the key's most significant byte is the first character.
 *
 * <p>A valid symbol is 1 to 8 characters from 0x21..0x7E followed only by spaces. All spaces
 * ({@link #ALL}) is not a symbol; Mass Cancel uses it to mean "every symbol".
 */
public final class Symbols {
    /** Eight spaces: Mass Cancel's "every symbol". */
    public static final long ALL = 0x2020202020202020L;
    /** Bytes of a symbol field. */
    public static final int LENGTH = 8;

    private Symbols() {}

    /** Reads the 8-byte field at {@code at} as a key. */
    public static long read(MemorySegment s, long at) {
        return Wire.i64(s, at);
    }

    /** Writes a key as the 8-byte field at {@code at}. */
    public static void write(MemorySegment s, long at, long key) {
        Wire.i64(s, at, key);
    }

    /** Whether {@code key} is a valid symbol: 1..8 of 0x21..0x7E, then only spaces. */
    public static boolean isValid(long key) {
        boolean padding = false;
        for (int shift = 56; shift >= 0; shift -= 8) {
            int b = (int) (key >>> shift) & 0xFF;
            if (b == ' ') {
                padding = true;
            } else if (padding || b < 0x21 || b > 0x7E) {
                return false;
            }
        }
        return (key >>> 56) != ' ';
    }

    /** Whether {@code key} is a valid symbol or {@link #ALL} (what Mass Cancel accepts). */
    public static boolean isValidOrAll(long key) {
        return key == ALL || isValid(key);
    }

    /**
     * The key of {@code symbol} (1..8 printable ASCII characters, no spaces); for setup, such
     * as the gateway's symbol table.
     *
     * @throws IllegalArgumentException if it is not a valid symbol
     */
    public static long key(CharSequence symbol) {
        int n = symbol.length();
        if (n < 1 || n > LENGTH) throw new IllegalArgumentException("symbol must be 1..8 characters: '" + symbol + "'");
        long key = 0;
        for (int i = 0; i < LENGTH; i++) {
            int c = i < n ? symbol.charAt(i) : ' ';
            if (i < n && (c < 0x21 || c > 0x7E)) {
                throw new IllegalArgumentException("symbol must be printable ASCII without spaces: '" + symbol + "'");
            }
            key = (key << 8) | c;
        }
        return key;
    }

    /** The symbol text of a key without its padding; allocates (logs, tools). */
    public static String toString(long key) {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int shift = 56; shift >= 0; shift -= 8) {
            int c = (int) (key >>> shift) & 0xFF;
            b.append(c >= 0x20 && c <= 0x7E ? (char) c : '?');
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') end--;
        return b.substring(0, end);
    }
}
