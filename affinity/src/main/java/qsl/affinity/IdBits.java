package qsl.affinity;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The bit arithmetic behind {@link IdSet}: a set of small non-negative ids
 * as {@code long} words, bit {@code i % 64} of word {@code i / 64}, exactly the layout of the
 * kernel's {@code cpu_set_t} and node masks (arrays of {@code unsigned long}).
 */
final class IdBits {
    static final long[] EMPTY = new long[0];

    private IdBits() {}

    static long[] of(int... ids) {
        int max = -1;
        for (int id : ids) {
            if (id < 0) throw new IllegalArgumentException("negative id " + id);
            max = Math.max(max, id);
        }
        long[] words = new long[(max >> 6) + 1];
        for (int id : ids) words[id >> 6] |= 1L << id;
        return trim(words);
    }

    static long[] range(int from, int to) {
        if (from < 0 || to < from) throw new IllegalArgumentException("bad range " + from + "-" + to);
        long[] words = new long[(to >> 6) + 1];
        for (int i = from; i <= to; i++) words[i >> 6] |= 1L << i;
        return words;
    }

    /**
     * Parses the kernel's list format ({@code "0-3,8-11"}, {@code "5"}, {@code ""}; a trailing
     * newline is allowed). Stride forms ({@code "0-7:2"}) are accepted too.
     *
     * @throws IllegalArgumentException naming the text when it is not a list
     */
    static long[] parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) return EMPTY;
        long[] words = EMPTY;
        for (String part : s.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
                if (from < 0 || to < from) throw new NumberFormatException(part);
                if ((to >> 6) >= words.length) words = Arrays.copyOf(words, (to >> 6) + 1);
                for (int i = from; i <= to; i++) words[i >> 6] |= 1L << i;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU/node list: \"" + text.strip() + "\"", e);
            }
        }
        return trim(words);
    }

    static String format(long[] words) {
        StringBuilder b = new StringBuilder();
        int i = next(words, 0);
        while (i >= 0) {
            int end = i;
            while (contains(words, end + 1)) end++;
            if (!b.isEmpty()) b.append(',');
            b.append(i);
            if (end > i) b.append('-').append(end);
            i = next(words, end + 1);
        }
        return b.toString();
    }

    static boolean contains(long[] words, int id) {
        return id >= 0 && (id >> 6) < words.length && (words[id >> 6] & (1L << id)) != 0;
    }

    static int next(long[] words, int from) {
        if (from < 0) from = 0;
        int w = from >> 6;
        if (w >= words.length) return -1;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) return (w << 6) + Long.numberOfTrailingZeros(word);
            if (++w == words.length) return -1;
            word = words[w];
        }
    }

    static int count(long[] words) {
        int n = 0;
        for (long w : words) n += Long.bitCount(w);
        return n;
    }

    static int max(long[] words) {
        for (int w = words.length - 1; w >= 0; w--) {
            if (words[w] != 0) return (w << 6) + 63 - Long.numberOfLeadingZeros(words[w]);
        }
        return -1;
    }

    static long[] union(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) r[i] |= b[i];
        return trim(r);
    }

    static long[] intersect(long[] a, long[] b) {
        long[] r = new long[Math.min(a.length, b.length)];
        for (int i = 0; i < r.length; i++) r[i] = a[i] & b[i];
        return trim(r);
    }

    static long[] minus(long[] a, long[] b) {
        long[] r = a.clone();
        for (int i = 0; i < Math.min(a.length, b.length); i++) r[i] &= ~b[i];
        return trim(r);
    }

    /** Bytes of a kernel mask able to hold id {@code maxId}: {@code CPU_ALLOC_SIZE(maxId + 1)}. */
    static long maskBytesFor(int maxId) {
        return ((long) (maxId + 64) >> 6) * Long.BYTES;
    }

    /** Writes the set into {@code mask} (zeroing it first); ids that do not fit are an error. */
    static void write(long[] words, MemorySegment mask) {
        mask.fill((byte) 0);
        long capacityWords = mask.byteSize() / Long.BYTES;
        for (int i = 0; i < words.length; i++) {
            if (words[i] == 0) continue;
            if (i >= capacityWords) throw new IllegalArgumentException("mask of " + mask.byteSize() + " bytes cannot hold id " + (i << 6));
            mask.setAtIndex(ValueLayout.JAVA_LONG, i, words[i]);
        }
    }

    static long[] read(MemorySegment mask) {
        long[] words = new long[(int) (mask.byteSize() / Long.BYTES)];
        for (int i = 0; i < words.length; i++) words[i] = mask.getAtIndex(ValueLayout.JAVA_LONG, i);
        return trim(words);
    }

    static long[] trim(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) n--;
        return n == words.length ? words : Arrays.copyOf(words, n);
    }

    static int[] toArray(long[] words) {
        int[] out = new int[count(words)];
        int k = 0;
        for (int i = next(words, 0); i >= 0; i = next(words, i + 1)) out[k++] = i;
        return out;
    }
}
