package qsl.cluster;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;

/**
 * The clustered engine's idempotency state: per logical gateway session, the last request token
 * applied, how many requests were applied, and an order-independent hash of their tokens. A
 * request whose token is not above the session's last is a duplicate and is not run again.
 * Part of the replicated state: in every member's snapshot and in its digest.
 *
 * <p>Lookups and updates allocate nothing; a session seen for the first time may grow the arrays.
 */
public final class SessionTable {
    /** Bytes per session in the snapshot: session, last token, count, token hash (four i64). */
    public static final int ENTRY_LENGTH = 32;

    private final Long2LongHashMap index = new Long2LongHashMap(-1L);
    private long[] sessions = new long[16];
    private long[] lastToken = new long[16];
    private long[] count = new long[16];
    private long[] tokenHash = new long[16];
    private int size;

    /** The hash one token contributes to its session's token hash (a 64-bit finaliser). */
    public static long tokenMix(long token) {
        long z = token + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Returns the session's slot, creating it. */
    private int slot(long session) {
        long i = index.get(session);
        if (i >= 0) return (int) i;
        if (size == sessions.length) {
            int n = size * 2;
            sessions = Arrays.copyOf(sessions, n);
            lastToken = Arrays.copyOf(lastToken, n);
            count = Arrays.copyOf(count, n);
            tokenHash = Arrays.copyOf(tokenHash, n);
        }
        sessions[size] = session;
        index.put(session, size);
        return size++;
    }

    /** True when {@code token} was already applied for {@code session} (it is not above the last one). */
    public boolean isDuplicate(long session, long token) {
        long i = index.get(session);
        return i >= 0 && token <= lastToken[(int) i];
    }

    /** Records that {@code token} of {@code session} was applied. */
    public void applied(long session, long token) {
        int s = slot(session);
        lastToken[s] = token;
        count[s]++;
        tokenHash[s] += tokenMix(token);
    }

    public long count(long session) {
        long i = index.get(session);
        return i < 0 ? 0 : count[(int) i];
    }

    public long tokenHash(long session) {
        long i = index.get(session);
        return i < 0 ? 0 : tokenHash[(int) i];
    }

    public long lastToken(long session) {
        long i = index.get(session);
        return i < 0 ? 0 : lastToken[(int) i];
    }

    public int size() {
        return size;
    }

    /** Requests applied across all sessions. */
    public long totalApplied() {
        long t = 0;
        for (int i = 0; i < size; i++) t += count[i];
        return t;
    }

    /** Sessions in ascending id order: the deterministic order of snapshots and digests. */
    private int[] sortedSlots() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(sessions[a], sessions[b]));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = order[i];
        return out;
    }

    /** A digest of the whole table, independent of insertion order. */
    public long digest() {
        long d = size;
        for (int s : sortedSlots()) {
            d = tokenMix(d ^ sessions[s]);
            d = tokenMix(d ^ lastToken[s]);
            d = tokenMix(d ^ count[s]);
            d = tokenMix(d ^ tokenHash[s]);
        }
        return d;
    }

    /** Writes {@link #size()} entries of {@link #ENTRY_LENGTH} bytes at {@code b}'s position, ascending by session. */
    void encode(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        for (int s : sortedSlots()) {
            b.putLong(sessions[s]).putLong(lastToken[s]).putLong(count[s]).putLong(tokenHash[s]);
        }
    }

    /** Replaces the table's content with one entry; used when loading a snapshot. */
    void restore(long session, long last, long applied, long hash) {
        int s = slot(session);
        lastToken[s] = last;
        count[s] = applied;
        tokenHash[s] = hash;
    }
}
