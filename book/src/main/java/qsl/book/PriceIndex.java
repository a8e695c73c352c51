package qsl.book;

import java.lang.foreign.Arena;
import qsl.offheap.LongLongMap;

/**
 * The set of non-empty price levels of one book side, as ticks ({@code price / tickSize}, in
 * {@code [0, 2^63)}), ordered: a 64-ary radix bitmap over the whole tick range whose non-zero
 * words live in a hash map ({@link LongLongMap}), keyed by (tree level, word index).
 *
 * <pre>
 *   level 0 word w holds ticks 64w .. 64w+63          (one bit per tick)
 *   level k word w holds level k-1 words 64w .. 64w+63 (a bit per non-empty child word)
 *   11 levels cover 66 >= 63 bits; only non-zero words are stored:
 *   key(k, w) = k << 58 | w   (w < 2^57 at level 0, fewer bits above)
 * </pre>
 *
 * Costs, for {@code n} non-empty levels spread over any range: {@link #add} and {@link #remove}
 * touch one word per tree level until a word that was (or stays) non-zero, usually one;
 * {@link #below} / {@link #above} (the next level in price order) climb until a word has a bit on
 * the wanted side and descend the same number of levels: at most 21 map look-ups, one or two when
 * levels are close together. None of it depends on how far apart the levels are beyond the tree
 * depth, and nothing ever moves a level. The map's footprint follows the non-empty words.
 */
final class PriceIndex {
    static final long NONE = -1;
    static final int LEVELS = 11;
    private static final int KEY_SHIFT = 58;

    private final LongLongMap words;

    /** An index for up to {@code maxLevels} non-empty levels (each needs at most {@link #LEVELS} words). */
    PriceIndex(Arena arena, int maxLevels) {
        this.words = LongLongMap.forEntries(arena, (int) Math.min((long) LEVELS * maxLevels, 1 << 29));
    }

    /** Index of the level-{@code k} word holding {@code ticks}. */
    private static long word(int k, long ticks) {
        int shift = 6 * (k + 1);
        return shift >= 64 ? 0 : ticks >>> shift;
    }

    private static long key(int k, long wordIndex) {
        return (long) k << KEY_SHIFT | wordIndex;
    }

    /** Bit of {@code ticks}' level-{@code (k-1)} ancestor inside its level-{@code k} word. */
    private static int bit(int k, long ticks) {
        return (int) (ticks >>> (6 * k)) & 63;
    }

    /** Adds {@code ticks} (not present). */
    void add(long ticks) {
        for (int k = 0; k < LEVELS; k++) {
            if (words.or(key(k, word(k, ticks)), 1L << bit(k, ticks)) != 0) return; // the parents already have this word's bit
        }
    }

    /** Removes {@code ticks} (present). */
    void remove(long ticks) {
        for (int k = 0; k < LEVELS; k++) {
            // A word that still has bits keeps its parent's bit; an emptied word is gone: clear its bit above too.
            if (words.andNot(key(k, word(k, ticks)), 1L << bit(k, ticks)) != 0) return;
        }
    }

    boolean contains(long ticks) {
        return (words.get(key(0, word(0, ticks))) & 1L << bit(0, ticks)) != 0;
    }

    /** The largest present ticks strictly below {@code ticks}, or {@link #NONE}. */
    long below(long ticks) {
        for (int k = 0; k < LEVELS; k++) {
            int b = bit(k, ticks);
            long w = words.get(key(k, word(k, ticks))) & ((1L << b) - 1);
            if (w != 0) {
                long idx = word(k, ticks) << 6 | (63 - Long.numberOfLeadingZeros(w));
                for (int j = k - 1; j >= 0; j--) {
                    long down = words.get(key(j, idx));
                    idx = idx << 6 | (63 - Long.numberOfLeadingZeros(down));
                }
                return idx;
            }
        }
        return NONE;
    }

    /** The smallest present ticks strictly above {@code ticks}, or {@link #NONE}. */
    long above(long ticks) {
        for (int k = 0; k < LEVELS; k++) {
            int b = bit(k, ticks);
            long w = b == 63 ? 0 : words.get(key(k, word(k, ticks))) & (-1L << (b + 1));
            if (w != 0) {
                long idx = word(k, ticks) << 6 | Long.numberOfTrailingZeros(w);
                for (int j = k - 1; j >= 0; j--) {
                    long down = words.get(key(j, idx));
                    idx = idx << 6 | Long.numberOfTrailingZeros(down);
                }
                return idx;
            }
        }
        return NONE;
    }

    /** Non-zero words stored (for tests). */
    int words() {
        return words.size();
    }
}
