package qsl.gateway.feed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Symbol id to its 8-byte ASCII name, as learned from symbol directory messages. Fixed size. */
public final class SymbolNames {
    public static final int NAME_LENGTH = 8;
    private final byte[] names;
    private final boolean[] known;

    public SymbolNames(int maxSymbols) {
        names = new byte[maxSymbols * NAME_LENGTH];
        known = new boolean[maxSymbols];
    }

    public void set(int symbol, MemorySegment s, long at) {
        if (symbol < 0 || symbol >= known.length) return;
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, names, symbol * NAME_LENGTH, NAME_LENGTH);
        known[symbol] = true;
    }

    public boolean known(int symbol) { return symbol >= 0 && symbol < known.length && known[symbol]; }

    /** The name without padding (allocates: for display and setup, not hot paths). */
    public String name(int symbol) {
        if (!known(symbol)) return "#" + symbol;
        return new String(names, symbol * NAME_LENGTH, NAME_LENGTH, StandardCharsets.US_ASCII).strip();
    }

    /** The symbol whose name is {@code name} (trimmed compare), or -1. */
    public int find(String name) {
        for (int i = 0; i < known.length; i++) if (known[i] && name(i).equals(name.strip())) return i;
        return -1;
    }

    /** Writes {@code name} as 8 space-padded ASCII bytes into {@code out} at {@code at}. */
    public static void pad(String name, MemorySegment out, long at) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < NAME_LENGTH; i++) out.set(ValueLayout.JAVA_BYTE, at + i, i < b.length ? b[i] : (byte) ' ');
    }
}
