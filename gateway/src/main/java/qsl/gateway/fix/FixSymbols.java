package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The symbol table as FIX sees it: Symbol (55) text to the engine's symbol id, with the
 * number of decimals in a FIX price (engine price units are {@code 10^-decimals}) and the
 * tick size in those units. Filled once at start; lookups allocate nothing.
 */
public final class FixSymbols {
    private static final int MAX = 4096;
    private final byte[][] names = new byte[MAX][];
    private final int[] ids = new int[MAX];
    private final int[] decimals = new int[MAX];
    private final long[] ticks = new long[MAX];
    private int count;

    /** Registers {@code name} (ASCII, trailing spaces ignored) for engine symbol {@code id}. */
    public FixSymbols add(String name, int id, int priceDecimals, long tickSize) {
        if (count == MAX) throw new IllegalStateException("symbol table full");
        if (priceDecimals < 0 || priceDecimals > 9) throw new IllegalArgumentException("decimals " + priceDecimals);
        names[count] = name.strip().getBytes(StandardCharsets.US_ASCII);
        ids[count] = id;
        decimals[count] = priceDecimals;
        ticks[count] = tickSize;
        count++;
        return this;
    }

    public int size() { return count; }

    /** Index of the entry for these bytes, -1 if unknown. */
    public int find(MemorySegment s, long off, int len) {
        outer:
        for (int i = 0; i < count; i++) {
            byte[] n = names[i];
            if (n.length != len) continue;
            for (int k = 0; k < len; k++) if (n[k] != s.get(ValueLayout.JAVA_BYTE, off + k)) continue outer;
            return i;
        }
        return -1;
    }

    /** Index of the entry for engine symbol {@code id}, -1 if none. */
    public int findId(int id) {
        for (int i = 0; i < count; i++) if (ids[i] == id) return i;
        return -1;
    }

    public int id(int entry) { return ids[entry]; }

    public int decimals(int entry) { return decimals[entry]; }

    public long tick(int entry) { return ticks[entry]; }

    public byte[] name(int entry) { return names[entry]; }
}
