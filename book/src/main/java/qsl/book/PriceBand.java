package qsl.book;

import java.lang.foreign.Arena;
import qsl.offheap.LongIntMap;

/**
 * One side of one symbol's book: its non-empty price levels, found by price through an off-heap
 * hash map (ticks to level record, {@link LongIntMap}) and ordered by a {@link PriceIndex} (a
 * 64-ary radix bitmap over the whole tick range), with the best level cached.
 *
 * <p>Level records come from the engine's {@link PriceLevels} pool and never move while they hold
 * orders: no window, no re-centring, no order ever re-pointed. Every operation costs a bounded
 * number of map look-ups whatever the prices: finding or creating a level is one look-up (plus one
 * index word per tree level that becomes non-empty, usually one); dropping an empty level is the
 * reverse; the next level in price order (after the best empties, or in a walk) is at most
 * {@code 2 * PriceIndex.LEVELS} look-ups, one or two when levels are near each other. Both maps
 * follow the number of levels, not the configured capacity.
 *
 * <p>Iteration is stateless ({@link #next(int)} takes the level it continues from), so walks
 * may nest. {@link #append} and {@link #unlink} report the level's new state through
 * {@link #touchedTotal} / {@link #touchedCount}, read by the caller right after the call.
 *
 * <p>Ticks: {@code price / tickSize}, in {@code [0, 2^63)}, so no price near
 * {@link Long#MAX_VALUE} overflows anything.
 */
final class PriceBand {
    static final int NONE = -1;

    final boolean bid;
    final byte side;
    /**
     * 0 for bids, -1 for asks: {@code (p ^ flip) > (q ^ flip)} is "p is better than q" on this
     * side without branching on the side ({@code ~p > ~q} is {@code p < q}).
     */
    final long flip;
    private final long tick;
    private final PriceLevels levels;
    private final OrderSlots orders;
    /** Ticks to level record. */
    private final LongIntMap prices;
    private final PriceIndex index;
    /**
     * Address of a direct-mapped cache in front of {@link #prices}: {@link #CACHE_ENTRIES}
     * entries of (ticks i64, level i32, unused i32) at {@code (ticks mod CACHE_ENTRIES) * 16};
     * ticks -1 marks an empty entry. Prices near the touch hit it: a level found with one load
     * and one compare instead of a hash probe. An entry is dropped with its level.
     */
    private final long cache;
    static final int CACHE_ENTRIES = 4096;
    private static final int CACHE_ENTRY_BYTES = 16;

    /** Best level's record index, price and total quantity; NONE, 0 and 0 when the side is empty. */
    int best = NONE;
    long bestPrice;
    long bestTotal;
    private int levelCount;
    /** State of the level the last {@link #append} or {@link #unlink} touched, for its event. */
    long touchedTotal;
    int touchedCount;
    /** Tail order of the level {@link #levelFor} returned (valid when its count is not 0), for {@link #append}. */
    private int touchedTail;

    PriceBand(byte side, long tick, Arena arena, int maxLevels, PriceLevels levels, OrderSlots orders) {
        this.bid = side == Side.BUY;
        this.side = side;
        this.flip = bid ? 0 : -1;
        this.tick = tick;
        this.levels = levels;
        this.orders = orders;
        this.prices = LongIntMap.forEntries(arena, maxLevels);
        this.index = new PriceIndex(arena, maxLevels);
        java.lang.foreign.MemorySegment c = arena.allocate((long) CACHE_ENTRIES * CACHE_ENTRY_BYTES, 64);
        for (int i = 0; i < CACHE_ENTRIES; i++) c.set(java.lang.foreign.ValueLayout.JAVA_LONG, (long) i * CACHE_ENTRY_BYTES, -1L);
        this.cache = c.address();
    }

    private long entry(long ticks) {
        return cache + ((ticks & (CACHE_ENTRIES - 1)) << 4);
    }

    /** The level at {@code ticks}, or {@link LongIntMap#MISSING}: the cache, then the map (filling the cache). */
    private int find(long ticks) {
        long e = entry(ticks);
        if (RawMemory.getLong(e) == ticks) return RawMemory.getInt(e + 8);
        int l = prices.get(ticks);
        if (l != LongIntMap.MISSING) {
            RawMemory.putLong(e, ticks);
            RawMemory.putInt(e + 8, l);
        }
        return l;
    }

    /** Level {@code l}'s total changed to {@code total} outside append/unlink: keep the cached best total. */
    void totalChanged(int l, long total) {
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
    }

    /** Non-empty levels on this side. */
    int levelCount() {
        return levelCount;
    }

    long ticksOf(long price) {
        return tick == 1 ? price : price / tick;
    }

    private boolean isBetter(long p, long q) {
        return (p ^ flip) > (q ^ flip);
    }

    /** True when the side has a best level a taker with {@code limit} may trade with (this is the taker's opposite side). */
    boolean crossedBy(long limit) {
        return best != NONE & (bestPrice ^ flip) >= (limit ^ flip);
    }

    /**
     * The level for {@code price} (creating it empty if needed), where an order is about to rest;
     * leaves the level's order count for the {@link #append} that must follow.
     */
    int levelFor(long price) {
        long ticks = ticksOf(price);
        int l = find(ticks);
        if (l != LongIntMap.MISSING) {
            long tailAndCount = levels.tailAndCount(l);
            touchedCount = (int) (tailAndCount >>> 32);
            touchedTail = (int) tailAndCount;
            return l;
        }
        l = levels.allocate(price);
        prices.put(ticks, l);
        long e = entry(ticks);
        RawMemory.putLong(e, ticks);
        RawMemory.putInt(e + 8, l);
        index.add(ticks);
        levelCount++;
        touchedCount = 0;
        touchedTail = NONE;
        // Selects rather than branches: whether the price is a new best is data-dependent.
        boolean top = best == NONE | isBetter(price, bestPrice);
        best = top ? l : best;
        bestPrice = top ? price : bestPrice;
        bestTotal = top ? 0 : bestTotal; // the append that follows sets it
        return l;
    }

    /**
     * Appends order {@code slot} with {@code quantity} at the back of level {@code l}, which the
     * immediately preceding {@link #levelFor} returned; leaves the level's new state in
     * {@link #touchedTotal} / {@link #touchedCount}.
     */
    void append(int l, int slot, long quantity) {
        int count = touchedCount; // left by levelFor
        int tail = touchedTail;   // left by levelFor; stale when count is 0
        // Branch-free on the level's emptiness (the book's most random branch): all ones when
        // count is 0. Then the new order has no prev, becomes the head (not the old tail's
        // next) and the stale total is ignored.
        long empty = (long) (count - 1) >> 63;
        long level = levels.address(l);
        orders.link(slot, tail | (int) empty, NONE, l);
        RawMemory.putInt((level + LevelDescriptor.HEAD_OFFSET) & empty | orders.nextAddress(tail) & ~empty, slot);
        levels.setTailAndCount(l, slot, count + 1);
        // No overflow: SymbolSpec.maxQuantity * maxOrders <= Long.MAX_VALUE (checked in addSymbol).
        long total = (levels.total(l) & ~empty) + quantity;
        levels.setTotal(l, total);
        touchedTotal = total;
        touchedCount = count + 1;
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
    }

    /**
     * Unlinks order {@code slot} (open quantity {@code quantity}) from level {@code l}, leaving
     * the level's new state in {@link #touchedTotal} / {@link #touchedCount} for the caller to
     * report. A level that empties is dropped here, so the side's best may already have moved on
     * when the caller reports it.
     */
    void unlink(int l, int slot, long quantity) {
        int count = levels.count(l) - 1;
        long total = levels.total(l) - quantity;
        long links = orders.links(slot);
        int prev = (int) links;
        int next = (int) (links >>> 32);
        // Branch-free: a missing neighbour (-1: all ones when shifted) redirects the store to
        // the level's head or tail instead of the neighbour's link.
        long noPrev = prev >> 31;
        long noNext = next >> 31;
        long level = levels.address(l);
        RawMemory.putInt((level + LevelDescriptor.HEAD_OFFSET) & noPrev | orders.nextAddress(prev) & ~noPrev, next);
        RawMemory.putInt((level + LevelDescriptor.TAIL_OFFSET) & noNext | orders.prevAddress(next) & ~noNext, prev);
        levels.setCountAndTotal(l, count, total);
        touchedTotal = total;
        touchedCount = count;
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
        if (count == 0) emptied(l);
    }

    /**
     * Level {@code l} has no orders left: drop it (its record goes back to the pool) and, if it
     * was the best, make the next level in price order the best.
     */
    void emptied(int l) {
        long ticks = ticksOf(levels.price(l));
        prices.remove(ticks);
        long e = entry(ticks);
        if (RawMemory.getLong(e) == ticks) RawMemory.putLong(e, -1L);
        index.remove(ticks);
        levels.free(l);
        levelCount--;
        if (l == best) {
            long nextTicks = bid ? index.below(ticks) : index.above(ticks);
            best = nextTicks == PriceIndex.NONE ? NONE : find(nextTicks);
            bestPrice = best == NONE ? 0 : levels.price(best);
            bestTotal = best == NONE ? 0 : levels.total(best);
        }
    }

    /** The best level, or NONE: where a best-to-worst walk starts. */
    int first() {
        return best;
    }

    /** The level after {@code l} (a non-empty level of this side) in best-to-worst order, or NONE. */
    int next(int l) {
        long ticks = ticksOf(levels.price(l));
        long nextTicks = bid ? index.below(ticks) : index.above(ticks);
        return nextTicks == PriceIndex.NONE ? NONE : find(nextTicks);
    }
}
