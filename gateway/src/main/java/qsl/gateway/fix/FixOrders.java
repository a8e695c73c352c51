package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One FIX session's live orders: a bounded slot table (primitive arrays sized once) and an
 * open-addressing index from ClOrdID bytes to slot. Tokens handed to the venue encode the
 * slot in their low {@link #SLOT_BITS} bits and a per-session counter above, so a response
 * finds its slot without a search and a stale token (slot reused since) is recognised.
 *
 * <p>Per slot: current ClOrdID (the last accepted request's), the pending request's ClOrdID
 * (a cancel or replace in flight), symbol, side, type, time in force, price, total order
 * quantity (FIX OrderQty), cumulative quantity, notional (sum of price x quantity, for
 * AvgPx), engine order id, current and pending tokens. Not thread safe: the session's thread.
 */
public final class FixOrders {
    /** Longest ClOrdID accepted (bytes). */
    public static final int MAX_ID = 40;
    static final int SLOT_BITS = 24;
    static final long SLOT_MASK = (1L << SLOT_BITS) - 1;

    /** Pending request kinds. */
    static final byte NONE = 0, CANCEL = 1, REPLACE = 2;

    private final int capacity;
    final byte[] ids;
    final byte[] idLen;
    final byte[] pendingIds;
    final byte[] pendingIdLen;
    final long[] token;
    final long[] pendingToken;
    final byte[] pending;
    final int[] symbol;
    final byte[] side;
    final byte[] type;
    final byte[] tif;
    final long[] price;
    final long[] pendingPrice;
    final long[] orderQty;
    final long[] pendingQty;
    final long[] cumQty;
    final long[] notional;
    final long[] orderId;
    final boolean[] acked;
    final int[] free;
    int freeCount;
    final int[] index; // slot + 1, 0 = empty
    final int indexMask;
    long tokenCounter;
    int live;

    public FixOrders(int capacity) {
        if (capacity < 1 || capacity > SLOT_MASK) throw new IllegalArgumentException("capacity " + capacity);
        this.capacity = capacity;
        ids = new byte[capacity * MAX_ID];
        idLen = new byte[capacity];
        pendingIds = new byte[capacity * MAX_ID];
        pendingIdLen = new byte[capacity];
        token = new long[capacity];
        pendingToken = new long[capacity];
        pending = new byte[capacity];
        symbol = new int[capacity];
        side = new byte[capacity];
        type = new byte[capacity];
        tif = new byte[capacity];
        price = new long[capacity];
        pendingPrice = new long[capacity];
        orderQty = new long[capacity];
        pendingQty = new long[capacity];
        cumQty = new long[capacity];
        notional = new long[capacity];
        orderId = new long[capacity];
        acked = new boolean[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
        int size = Integer.highestOneBit(capacity * 2 - 1) << 1;
        index = new int[size];
        indexMask = size - 1;
    }

    public int live() { return live; }

    public int capacity() { return capacity; }

    /** Clears every order (a sequence reset that starts a new trading session keeps orders; this is for recovery). */
    void clear() {
        Arrays.fill(index, 0);
        for (int i = 0; i < capacity; i++) { free[i] = capacity - 1 - i; token[i] = 0; pendingToken[i] = 0; }
        freeCount = capacity;
        live = 0;
    }

    /** A fresh token for {@code slot}. */
    long nextToken(int slot) {
        return (++tokenCounter << SLOT_BITS) | slot;
    }

    /** The slot whose current or pending token is {@code t}, or -1. */
    int slotOfToken(long t) {
        int slot = (int) (t & SLOT_MASK);
        if (slot >= capacity || t == 0) return -1;
        return token[slot] == t || pendingToken[slot] == t ? slot : -1;
    }

    /** Takes a free slot for a new order with ClOrdID {@code id}; -1 when full. */
    int allocate(MemorySegment s, long off, int len) {
        if (freeCount == 0) return -1;
        int slot = free[--freeCount];
        live++;
        idLen[slot] = (byte) len;
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, ids, slot * MAX_ID, len);
        token[slot] = nextToken(slot);
        pendingToken[slot] = 0;
        pending[slot] = NONE;
        pendingIdLen[slot] = 0;
        cumQty[slot] = 0;
        notional[slot] = 0;
        orderId[slot] = 0;
        acked[slot] = false;
        insert(slot);
        return slot;
    }

    /** Frees a slot whose order is done. */
    void release(int slot) {
        if (token[slot] == 0) return;
        remove(slot);
        token[slot] = 0;
        pendingToken[slot] = 0;
        free[freeCount++] = slot;
        live--;
    }

    /** Records a pending request's ClOrdID. */
    void setPendingId(int slot, MemorySegment s, long off, int len) {
        pendingIdLen[slot] = (byte) len;
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, pendingIds, slot * MAX_ID, len);
    }

    /** The pending ClOrdID becomes the order's ClOrdID (a replace took effect). */
    void promotePendingId(int slot) {
        remove(slot);
        System.arraycopy(pendingIds, slot * MAX_ID, ids, slot * MAX_ID, pendingIdLen[slot]);
        idLen[slot] = pendingIdLen[slot];
        insert(slot);
    }

    /** Slot of the live order whose current ClOrdID is these bytes, or -1. */
    int find(MemorySegment s, long off, int len) {
        if (len > MAX_ID) return -1;
        int h = hash(s, off, len) & indexMask;
        while (true) {
            int e = index[h];
            if (e == 0) return -1;
            int slot = e - 1;
            if (idLen[slot] == len && same(slot, s, off, len)) return slot;
            h = (h + 1) & indexMask;
        }
    }

    /** Whether any live order's ClOrdID or pending ClOrdID equals these bytes. */
    boolean inUse(MemorySegment s, long off, int len) {
        return find(s, off, len) >= 0;
    }

    private boolean same(int slot, MemorySegment s, long off, int len) {
        int base = slot * MAX_ID;
        for (int i = 0; i < len; i++) if (ids[base + i] != s.get(ValueLayout.JAVA_BYTE, off + i)) return false;
        return true;
    }

    private static int hash(MemorySegment s, long off, int len) {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) h = (h ^ s.get(ValueLayout.JAVA_BYTE, off + i)) * 0x01000193;
        return h ^ (h >>> 16);
    }

    private int hashOfSlot(int slot) {
        int h = 0x811C9DC5;
        int base = slot * MAX_ID;
        for (int i = 0; i < idLen[slot]; i++) h = (h ^ ids[base + i]) * 0x01000193;
        return h ^ (h >>> 16);
    }

    void insert(int slot) {
        int h = hashOfSlot(slot) & indexMask;
        while (index[h] != 0) h = (h + 1) & indexMask;
        index[h] = slot + 1;
    }

    /** Linear-probing removal with backward shift, so lookups never need tombstones. */
    private void remove(int slot) {
        int h = hashOfSlot(slot) & indexMask;
        while (index[h] != slot + 1) {
            if (index[h] == 0) return;
            h = (h + 1) & indexMask;
        }
        int hole = h;
        int j = h;
        while (true) {
            j = (j + 1) & indexMask;
            int e = index[j];
            if (e == 0) break;
            int home = hashOfSlot(e - 1) & indexMask;
            // Move e into the hole when its home is not in (hole, j] cyclically.
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                index[hole] = e;
                hole = j;
            }
        }
        index[hole] = 0;
    }
}
