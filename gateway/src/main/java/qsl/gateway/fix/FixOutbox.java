package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;

/**
 * The application messages a session sent, kept for ResendRequest: per sequence number the
 * MsgType, the original SendingTime and the body after the standard header, in a byte ring.
 * Bounded: the newest {@code entries} messages (and as many as fit in {@code arenaBytes});
 * an older one is answered with a gap fill. Administrative messages are never kept (FIX
 * resends them as SequenceReset-GapFill).
 */
public final class FixOutbox {
    final int mask;
    final long[] seqs;
    final long[] starts;
    final int[] lengths;
    final long[] times;
    final byte[] types;
    final MemorySegment arena;
    final long arenaSize;
    long written; // absolute bytes ever written

    public FixOutbox(int entries, int arenaBytes) {
        if (Integer.bitCount(entries) != 1) throw new IllegalArgumentException("entries must be a power of two");
        mask = entries - 1;
        seqs = new long[entries];
        starts = new long[entries];
        lengths = new int[entries];
        times = new long[entries];
        types = new byte[entries];
        arena = MemorySegment.ofArray(new byte[arenaBytes]);
        arenaSize = arenaBytes;
    }

    /** Forgets everything (a sequence reset). */
    public void clear() {
        java.util.Arrays.fill(seqs, 0);
    }

    /** Keeps application message {@code seq}: its type, SendingTime and body bytes. */
    public void put(long seq, byte type, long sendingTime, MemorySegment s, long off, int len) {
        if (len > arenaSize) return;
        long phys = written % arenaSize;
        if (phys + len > arenaSize) written += arenaSize - phys; // never wrap one message
        int e = (int) (seq & mask);
        seqs[e] = seq;
        starts[e] = written;
        lengths[e] = len;
        times[e] = sendingTime;
        types[e] = type;
        MemorySegment.copy(s, off, arena, written % arenaSize, len);
        written += len;
    }

    /** Entry index holding {@code seq}, or -1 if it was never kept or has been overwritten. */
    public int find(long seq) {
        int e = (int) (seq & mask);
        if (seqs[e] != seq || seq == 0) return -1;
        if (starts[e] < written - arenaSize) return -1;
        return e;
    }

    public MemorySegment arena() { return arena; }

    public long offset(int entry) { return starts[entry] % arenaSize; }

    public int length(int entry) { return lengths[entry]; }

    public long sendingTime(int entry) { return times[entry]; }

    public byte type(int entry) { return types[entry]; }
}
