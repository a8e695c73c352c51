package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.offheap.SlotPool;

import static qsl.book.LevelDescriptor.*;

/**
 * Every price level record of the engine ({@link LevelDescriptor}) in one segment, handed out by
 * a {@link SlotPool}: a level gets a record when its first order arrives and gives it back when
 * its last order leaves, and never moves in between (so an order's level index stays valid while
 * it rests). A non-empty level holds at least one order, so {@code maxOrders} records always
 * suffice.
 */
final class PriceLevels {
    static final int NONE = -1;

    private final MemorySegment seg;
    /** Address of level record 0; accessed through {@link RawMemory}. */
    private final long base;
    private final SlotPool pool;

    PriceLevels(Arena arena, int maxOrders) {
        this.seg = arena.allocate((long) maxOrders * LENGTH, 64);
        this.pool = SlotPool.over(seg, LENGTH);
        this.base = seg.address();
    }

    private long at(int level) {
        return base + (long) level * LENGTH;
    }

    /** Address of record {@code l} (for stores whose target is chosen without a branch). */
    long address(int l) {
        return at(l);
    }

    long price(int l) { return RawMemory.getLong(at(l) + PRICE_OFFSET); }
    long total(int l) { return RawMemory.getLong(at(l) + TOTAL_OFFSET); }
    int head(int l) { return RawMemory.getInt(at(l) + HEAD_OFFSET); }
    int tail(int l) { return RawMemory.getInt(at(l) + TAIL_OFFSET); }
    int count(int l) { return RawMemory.getInt(at(l) + COUNT_OFFSET); }

    void setTotal(int l, long v) { RawMemory.putLong(at(l) + TOTAL_OFFSET, v); }
    void setHead(int l, int v) { RawMemory.putInt(at(l) + HEAD_OFFSET, v); }
    void setTail(int l, int v) { RawMemory.putInt(at(l) + TAIL_OFFSET, v); }
    void setCount(int l, int v) { RawMemory.putInt(at(l) + COUNT_OFFSET, v); }
    /** Tail (low half) and count (high half) in one load: they are adjacent i32s. */
    long tailAndCount(int l) { return RawMemory.getLong(at(l) + TAIL_OFFSET); }
    /** Tail and count in one store. */
    void setTailAndCount(int l, int tail, int count) {
        RawMemory.putLong(at(l) + TAIL_OFFSET, (tail & 0xFFFF_FFFFL) | ((long) count << 32));
    }
    /** Count and total of a level that keeps orders (two stores, one address computation). */
    void setCountAndTotal(int l, int count, long total) {
        long a = at(l);
        RawMemory.putInt(a + COUNT_OFFSET, count);
        RawMemory.putLong(a + TOTAL_OFFSET, total);
    }

    /**
     * A fresh record for an empty level at {@code price}. Head, tail and total are written by the
     * first {@link PriceBand#append}, which recognises an empty level by its count of zero.
     */
    int allocate(long price) {
        int l = pool.allocate();
        if (l == SlotPool.NO_SLOT) throw new IllegalStateException("level pool exhausted");
        long a = at(l);
        RawMemory.putLong(a + PRICE_OFFSET, price);
        RawMemory.putInt(a + COUNT_OFFSET, 0);
        return l;
    }

    void free(int l) {
        pool.free(l);
    }
}
