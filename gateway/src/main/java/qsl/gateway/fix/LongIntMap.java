package qsl.gateway.fix;

import java.util.Arrays;

/**
 * An open-addressing map from long keys to int values, sized once (linear probing,
 * backward-shift removal, no tombstones). Key 0 is reserved. Allocation free after
 * construction; iteration order never matters to callers.
 */
final class LongIntMap {
    static final int MISSING = -1;
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;
    private final int limit;

    LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
        keys = new long[n];
        values = new int[n];
        mask = n - 1;
        limit = n / 2;
    }

    int size() { return size; }

    private int home(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int get(long k) {
        int i = home(k);
        while (true) {
            long x = keys[i];
            if (x == k) return values[i];
            if (x == 0) return MISSING;
            i = (i + 1) & mask;
        }
    }

    /** @return false when full */
    boolean put(long k, int v) {
        int i = home(k);
        while (true) {
            long x = keys[i];
            if (x == k) { values[i] = v; return true; }
            if (x == 0) {
                if (size == limit) return false;
                keys[i] = k;
                values[i] = v;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    int remove(long k) {
        int i = home(k);
        while (true) {
            long x = keys[i];
            if (x == 0) return MISSING;
            if (x == k) break;
            i = (i + 1) & mask;
        }
        int v = values[i];
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long e = keys[j];
            if (e == 0) break;
            int h = home(e);
            boolean between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!between) {
                keys[hole] = e;
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        size--;
        return v;
    }

    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }
}
