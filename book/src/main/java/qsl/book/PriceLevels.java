package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.offheap.HugePageMemory;
import qsl.offheap.SlotPool;

import static qsl.book.LevelDescriptor.*;

/**
 * Every price level record of the engine ({@link LevelDescriptor}) and the FIFO queue of orders
 * each one heads: records are handed out by a {@link SlotPool} (a level gets one when its first
 * order arrives and gives it back when its last order leaves, and never moves in between, so an
 * order's level index stays valid while it rests); the queue operations ({@link #append},
 * {@link #unlink}, {@link #takeFront}, {@link #reduce}) are the only writers of a record's head,
 * tail, count and total, and each returns the level's new total. A non-empty level holds at least
 * one order, so {@code maxOrders} records always suffice. Knows nothing of prices' order or the
 * best level ({@link PriceBand}).
 */
final class PriceLevels {
    static final int NONE = -1;

    /** Address of level record 0; accessed through {@link RawMemory}. */
    private final long base;
    private final SlotPool pool;
    private final OrderSlots orders;

    PriceLevels(Arena arena, int maxOrders, OrderSlots orders) {
        MemorySegment seg = HugePageMemory.allocate(arena, (long) maxOrders * LENGTH);
        this.pool = SlotPool.over(seg, LENGTH);
        this.base = seg.address();
        this.orders = orders;
    }

    private long at(int level) {
        return base + (long) level * LENGTH;
    }

    long price(int l) { return RawMemory.getLong(at(l) + PRICE_OFFSET); }
    long total(int l) { return RawMemory.getLong(at(l) + TOTAL_OFFSET); }
    int head(int l) { return RawMemory.getInt(at(l) + HEAD_OFFSET); }
    int count(int l) { return RawMemory.getInt(at(l) + COUNT_OFFSET); }

    /**
     * A fresh record for an empty level at {@code price}: count 0 and no tail, written as one
     * i64 (so {@link #append}'s i64 load of tail and count is forwarded from one store). Head and
     * total are written by the first {@link #append}, which recognises an empty level by its count.
     */
    int allocate(long price) {
        int l = pool.allocate();
        if (l == SlotPool.NO_SLOT) throw new IllegalStateException("level pool exhausted");
        long a = at(l);
        RawMemory.putLong(a + PRICE_OFFSET, price);
        RawMemory.putLong(a + TAIL_OFFSET, NONE & 0xFFFF_FFFFL); // tail -1, count 0
        return l;
    }

    /** Returns the record of an empty level to the pool. */
    void free(int l) {
        pool.free(l);
    }

    /**
     * Appends order {@code slot} (fields set, not linked) with {@code quantity} at the back of
     * level {@code l}; returns the level's new total.
     */
    long append(int l, int slot, long quantity) {
        long a = at(l);
        long tailAndCount = RawMemory.getLong(a + TAIL_OFFSET); // adjacent i32s: tail low, count high
        int tail = (int) tailAndCount;
        int count = (int) (tailAndCount >>> 32);
        // Branch-free on the level's emptiness (the book's most random branch): all ones when
        // count is 0. Then the new order has no prev, becomes the head (not the old tail's
        // next) and the stale total is ignored.
        long empty = (long) (count - 1) >> 63;
        orders.link(slot, tail | (int) empty, NONE);
        RawMemory.putInt((a + HEAD_OFFSET) & empty | orders.nextAddress(tail) & ~empty, slot);
        RawMemory.putLong(a + TAIL_OFFSET, (slot & 0xFFFF_FFFFL) | ((long) (count + 1) << 32));
        // No overflow: SymbolSpec.maxQuantity * maxOrders <= Long.MAX_VALUE (checked in addSymbol).
        long total = (RawMemory.getLong(a + TOTAL_OFFSET) & ~empty) + quantity;
        RawMemory.putLong(a + TOTAL_OFFSET, total);
        return total;
    }

    /**
     * Unlinks order {@code slot} (open quantity {@code quantity}) from level {@code l}; returns
     * the level's new total, 0 exactly when it was the last order (open quantities are positive).
     * The record stays allocated: the caller frees an emptied level.
     */
    long unlink(int l, int slot, long quantity) {
        long a = at(l);
        int count = RawMemory.getInt(a + COUNT_OFFSET) - 1;
        long total = RawMemory.getLong(a + TOTAL_OFFSET) - quantity;
        long links = orders.links(slot);
        int prev = (int) links;
        int next = (int) (links >>> 32);
        // Branch-free: a missing neighbour (-1: all ones when shifted) redirects the store to
        // the level's head or tail instead of the neighbour's link.
        long noPrev = prev >> 31;
        long noNext = next >> 31;
        RawMemory.putInt((a + HEAD_OFFSET) & noPrev | orders.nextAddress(prev) & ~noPrev, next);
        RawMemory.putInt((a + TAIL_OFFSET) & noNext | orders.prevAddress(next) & ~noNext, prev);
        RawMemory.putInt(a + COUNT_OFFSET, count);
        RawMemory.putLong(a + TOTAL_OFFSET, total);
        return total;
    }

    /**
     * The orders in front of {@code head} (NONE: all of them) have left level {@code l} (filled
     * by a sweep): {@code head} becomes the front, and the level holds {@code count} orders and
     * {@code total}. Returns {@code total}.
     */
    long takeFront(int l, int head, int count, long total) {
        long a = at(l);
        RawMemory.putInt(a + HEAD_OFFSET, head);
        if (head == NONE) RawMemory.putInt(a + TAIL_OFFSET, NONE);
        else orders.setPrev(head, NONE);
        RawMemory.putInt(a + COUNT_OFFSET, count);
        RawMemory.putLong(a + TOTAL_OFFSET, total);
        return total;
    }

    /** An order of level {@code l} shrank in place by {@code by}; returns the level's new total. */
    long reduce(int l, long by) {
        long a = at(l);
        long total = RawMemory.getLong(a + TOTAL_OFFSET) - by;
        RawMemory.putLong(a + TOTAL_OFFSET, total);
        return total;
    }
}
