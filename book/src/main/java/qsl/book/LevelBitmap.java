package qsl.book;

import java.lang.foreign.Arena;

/**
 * One bit per band level, set while the level holds orders: {@code bandLevels / 64} words for
 * each (symbol, side), in the same order as the band records. Band positions are circular
 * ({@code ticks mod bandLevels}), so the scans wrap around the end of a side's words.
 */
final class LevelBitmap {
    /** Address of the first word; accessed through {@link RawMemory}. */
    private final long address;
    private final int words;
    private final int wordMask;

    LevelBitmap(Arena arena, int maxSymbols, int bandLevels) {
        this.words = bandLevels >>> 6;
        this.wordMask = words - 1;
        this.address = arena.allocate((long) maxSymbols * 2 * words * 8, 64).address();
    }

    /** Address of the first word of book {@code book} ({@code symbol * 2 + side}). */
    long base(int book) {
        return address + (long) book * words * 8;
    }

    void set(long base, int pos) {
        long at = base + ((pos >>> 6) << 3); // small enough for the JIT to inline anywhere
        RawMemory.putLong(at, RawMemory.getLong(at) | (1L << pos));
    }

    void clear(long base, int pos) {
        long at = base + ((pos >>> 6) << 3);
        RawMemory.putLong(at, RawMemory.getLong(at) & ~(1L << pos));
    }

    /** Clears {@code pos} when {@code when} is all ones, leaves it when 0 (no branch). */
    void clear(long base, int pos, long when) {
        long at = base + ((pos >>> 6) << 3);
        RawMemory.putLong(at, RawMemory.getLong(at) & ~((1L << pos) & when));
    }

    boolean isSet(long base, int pos) {
        return (RawMemory.getLong(base + ((long) (pos >>> 6) << 3)) & (1L << pos)) != 0;
    }

    /** First set position at or after {@code from}, wrapping past the end; -1 if none. */
    int nextSetCircular(long base, int from) {
        int w = from >>> 6;
        long word = RawMemory.getLong(base + ((long) w << 3)) & (-1L << from);
        for (int n = words; ; n--) {
            if (word != 0) return (w << 6) + Long.numberOfTrailingZeros(word);
            if (n == 0) return -1;
            w = (w + 1) & wordMask;
            word = RawMemory.getLong(base + ((long) w << 3));
        }
    }

    /** Last set position at or before {@code from}, wrapping past the start; -1 if none. */
    int prevSetCircular(long base, int from) {
        int w = from >>> 6;
        long word = RawMemory.getLong(base + ((long) w << 3)) & (-1L >>> (63 - (from & 63)));
        for (int n = words; ; n--) {
            if (word != 0) return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
            if (n == 0) return -1;
            w = (w - 1) & wordMask;
            word = RawMemory.getLong(base + ((long) w << 3));
        }
    }
}
