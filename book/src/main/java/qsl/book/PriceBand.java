package qsl.book;

/**
 * One side of one symbol's book: a window of {@code bandLevels} directly indexed level records
 * covering ticks {@code [baseTicks, baseTicks + bandLevels)}, a {@link LevelBitmap} of its
 * non-empty levels, and two price-sorted chains of overflow levels for prices outside the window:
 * one for prices better than the window, one for prices worse than it.
 *
 * <p>A price's band position is {@code ticks & (bandLevels - 1)} (circular), so moving the
 * window never moves a level that stays inside it. Both chains are ordered nearest to the window
 * first; the best level is the far end of the better chain if it has levels, else the band's best
 * (found with the bitmap), else the near end of the worse chain. Iteration from best to worst is
 * the better chain from its far end, the band by bitmap from its best position, then the worse
 * chain from its near end.
 *
 * <p>A price outside the window joins its chain while that chain holds fewer than
 * {@link #CHAIN_LIMIT} levels (a walk of at most that many records); otherwise, or when the side
 * is empty, the window is re-centred on the price ({@link #recentre}): levels that leave the
 * window go to the near end of the chain on their side, levels of either chain that now fit come
 * into the band. When the band empties while worse levels remain, the window re-centres on the
 * nearest of them. So a chain walk is bounded, and a market that drifts by any distance, even
 * leaving stale orders behind, moves the window with it.
 *
 * <p>Ticks: {@code price / tickSize}, both non-negative, so {@code ticks - baseTicks} never
 * overflows, even for prices near {@link Long#MAX_VALUE}.
 */
final class PriceBand {
    static final int NONE = -1;
    /** Longest chain a new level is inserted into by walking; beyond it the window moves instead. */
    static final int CHAIN_LIMIT = 32;

    /** A doubly linked chain of overflow levels, nearest to the window first. */
    private static final class Chain {
        /** True when {@code next} holds higher prices (bids' better chain, asks' worse chain). */
        final boolean ascending;
        int head = NONE;
        int tail = NONE;
        int count;

        Chain(boolean ascending) {
            this.ascending = ascending;
        }
    }

    final boolean bid;
    final byte side;
    /**
     * 0 for bids, -1 for asks: {@code (p ^ flip) > (q ^ flip)} is "p is better than q" on this
     * side without branching on the side, which is random from one command to the next
     * ({@code ~p > ~q} is {@code p < q}).
     */
    final long flip;
    private final int width;
    private final int mask;
    private final long tick;
    private final int firstLevel;
    /** Index of the first record after this side's band: {@code l < bandLimit} and {@code l >= firstLevel} for its band levels. */
    private final int bandLimit;
    private final long bitBase;
    private final PriceLevels levels;
    private final LevelBitmap bitmap;
    private final OrderSlots orders;
    private final Chain better;
    private final Chain worse;

    private long baseTicks;
    /** Best level's record index, price and total quantity; NONE, 0 and 0 when the side is empty. */
    int best = NONE;
    long bestPrice;
    long bestTotal;
    /** Best level inside the band, NONE when the band is empty. */
    private int bandBest = NONE;
    /** Price of {@link #bandBest} (a cached copy: levelFor compares with it on every new level). */
    private long bandBestPrice;
    private int bandCount;
    /** State of the level the last {@link #append} or {@link #unlink} touched, for its event. */
    long touchedTotal;
    int touchedCount;
    /** Tail order of the level {@link #levelFor} returned (valid when its count is not 0), for {@link #append}. */
    private int touchedTail;

    // Iteration cursor (best to worst) for FOK checks, visits and digests.
    private int cursor;
    private int cursorBandLeft;

    PriceBand(int symbol, byte side, int width, long tick, long referencePrice,
              PriceLevels levels, LevelBitmap bitmap, OrderSlots orders) {
        this.bid = side == Side.BUY;
        this.side = side;
        this.flip = bid ? 0 : -1;
        this.width = width;
        this.mask = width - 1;
        this.tick = tick;
        int book = symbol * 2 + side;
        this.firstLevel = book * width;
        this.bandLimit = firstLevel + width;
        this.bitBase = bitmap.base(book);
        this.levels = levels;
        this.bitmap = bitmap;
        this.orders = orders;
        this.better = new Chain(bid);
        this.worse = new Chain(!bid);
        this.baseTicks = Math.max(0, referencePrice / tick - (width >>> 1));
    }


    /** Level {@code l}'s total changed to {@code total} outside append/unlink: keep the cached best total. */
    void totalChanged(int l, long total) {
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
    }

    private void setBest(int l) {
        best = l;
        bestPrice = l == NONE ? 0 : levels.price(l);
        bestTotal = l == NONE ? 0 : levels.total(l);
    }

    /** Re-derives the best level after the band's best or a chain end changed. */
    private void refreshBest() {
        setBest(better.tail != NONE ? better.tail : bandBest != NONE ? bandBest : worse.head);
    }

    /** Non-empty levels on this side, band and chains. */
    int levelCount() {
        return bandCount + better.count + worse.count;
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
     * leaves the level's order count in {@link #touchedCount} for the {@link #append} that must follow.
     */
    int levelFor(long price) {
        long ticks = ticksOf(price);
        long d = ticks - baseTicks;
        if (d < 0 || d >= width) {
            Chain chain = (bid ? d >= width : d < 0) ? better : worse;
            if (best != NONE && chain.count < CHAIN_LIMIT) return chainLevelFor(chain, price);
            recentre(ticks);
        }
        int pos = (int) ticks & mask;
        int l = firstLevel + pos;
        long tailAndCount = levels.tailAndCount(l);
        int count = (int) (tailAndCount >>> 32);
        touchedCount = count; // for the append that follows
        touchedTail = (int) tailAndCount; // stale when count is 0; append then ignores it
        // Without branching on whether the level is new (it is about half the time): a position
        // in the window holds one price, so rewriting it and setting its bit change nothing for
        // a level that exists, and an existing level is never better than the band's best.
        levels.setPrice(l, price); // an empty band record already has count 0
        bitmap.set(bitBase, pos);
        bandCount += (count - 1) >>> 31; // +1 for a new level
        // Selects rather than branches: whether the price is a new best is data-dependent.
        boolean bandTop = bandBest == NONE | isBetter(price, bandBestPrice);
        bandBest = bandTop ? l : bandBest;
        bandBestPrice = bandTop ? price : bandBestPrice;
        boolean top = bandTop & better.tail == NONE;
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
     * report. A level that empties is dropped here (as {@link #emptied} does), so the side's
     * best may already have moved on when the caller reports it.
     */
    void unlink(int l, int slot, long quantity) {
        int count = levels.count(l) - 1;
        long total = levels.total(l) - quantity;
        long links = orders.links(slot);
        int prev = (int) links;
        int next = (int) (links >>> 32);
        // Branch-free: a missing neighbour (-1: all ones when shifted) redirects the store to
        // the level's head or tail instead of the neighbour's link. A level that empties gets
        // head and tail -1 and count 0 (its head, tail and total are stale from then on).
        long noPrev = prev >> 31;
        long noNext = next >> 31;
        long level = levels.address(l);
        RawMemory.putInt((level + LevelDescriptor.HEAD_OFFSET) & noPrev | orders.nextAddress(prev) & ~noPrev, next);
        RawMemory.putInt((level + LevelDescriptor.TAIL_OFFSET) & noNext | orders.prevAddress(next) & ~noNext, prev);
        levels.setCountAndTotal(l, count, total);
        touchedTotal = total;
        touchedCount = count;
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
        if (l < bandLimit & l != bandBest) {
            // A band level behind the band's best (so not the side's best either): if it
            // emptied it only leaves the bitmap; done without a branch on emptiness.
            long emptied = (long) (count - 1) >> 63; // all ones when count is 0
            bitmap.clear(bitBase, l - firstLevel, emptied);
            bandCount += (int) emptied;
        } else if (count == 0) {
            emptiedSlow(l);
        }
    }

    /** Level {@code l} has no orders left: drop it and, if it was the best, find the next best. */
    void emptied(int l) {
        // Common case inline: a band level behind the band's best only leaves the bitmap.
        if (l != bandBest && l < bandLimit) {
            bitmap.clear(bitBase, l - firstLevel);
            bandCount--;
            return;
        }
        emptiedSlow(l);
    }

    private void emptiedSlow(int l) {
        if (!levels.isBand(l)) {
            long d = ticksOf(levels.price(l)) - baseTicks;
            unchain(d < 0 == bid ? worse : better, l);
            levels.freeOverflow(l);
            if (l == best) refreshBest();
            return;
        }
        int pos = l - firstLevel;
        bitmap.clear(bitBase, pos);
        bandCount--;
        if (l != bandBest) return;
        if (bandCount > 0) {
            int next = bid ? bitmap.prevSetCircular(bitBase, (pos - 1) & mask)
                           : bitmap.nextSetCircular(bitBase, (pos + 1) & mask);
            bandBest = firstLevel + next;
            bandBestPrice = levels.price(bandBest);
        } else {
            bandBest = NONE;
        }
        if (bandCount == 0 && worse.head != NONE) {
            recentre(ticksOf(levels.price(worse.head)));
        } else if (l == best) {
            refreshBest();
        }
    }

    // ---- iteration, best to worst -------------------------------------------------------

    /** The best level, or NONE; starts an iteration. */
    int first() {
        cursor = best;
        cursorBandLeft = bandCount;
        if (best != NONE && levels.isBand(best)) cursorBandLeft--;
        return best;
    }

    /** The level after the last one returned by {@link #first} / {@link #next}, or NONE. */
    int next() {
        int c = cursor;
        if (c == NONE) return NONE;
        if (levels.isBand(c)) {
            if (cursorBandLeft > 0) {
                int pos = c - firstLevel;
                int n = bid ? bitmap.prevSetCircular(bitBase, (pos - 1) & mask)
                            : bitmap.nextSetCircular(bitBase, (pos + 1) & mask);
                cursorBandLeft--;
                c = firstLevel + n;
            } else {
                c = worse.head;
            }
        } else if (isInChain(better, c)) {
            // Better chain, walked from its far (best) end towards the window.
            c = levels.prev(c);
            if (c == NONE) {
                if (bandBest != NONE) {
                    c = bandBest;
                    cursorBandLeft = bandCount - 1;
                } else {
                    c = worse.head;
                }
            }
        } else {
            c = levels.next(c);
        }
        cursor = c;
        return c;
    }

    private boolean isInChain(Chain chain, int l) {
        long d = ticksOf(levels.price(l)) - baseTicks;
        return chain == better ? (bid ? d >= width : d < 0) : (bid ? d < 0 : d >= width);
    }

    // ---- overflow chains ----------------------------------------------------------------

    /** Outside the window: find or insert the level in {@code chain}, walking from its near end. */
    private int chainLevelFor(Chain chain, long price) {
        int prev = NONE;
        int l = chain.head;
        while (l != NONE) {
            long p = levels.price(l);
            if (p == price) {
                long tailAndCount = levels.tailAndCount(l);
                touchedCount = (int) (tailAndCount >>> 32);
                touchedTail = (int) tailAndCount;
                return l;
            }
            if (chain.ascending ? p > price : p < price) break;
            prev = l;
            l = levels.next(l);
        }
        int fresh = levels.allocateOverflow();
        levels.init(fresh, price);
        chainAfter(chain, prev, fresh, l);
        touchedCount = 0;
        if (chain == better ? chain.tail == fresh : better.tail == NONE && bandBest == NONE && chain.head == fresh) {
            best = fresh; // the far end of the better chain, or the only levels are in the worse chain
            bestPrice = price;
            bestTotal = 0; // the append that follows sets it
        }
        return fresh;
    }

    private void chainAfter(Chain chain, int prev, int fresh, int next) {
        levels.setPrev(fresh, prev);
        levels.setNext(fresh, next);
        if (prev == NONE) chain.head = fresh;
        else levels.setNext(prev, fresh);
        if (next == NONE) chain.tail = fresh;
        else levels.setPrev(next, fresh);
        chain.count++;
    }

    private void unchain(Chain chain, int l) {
        int prev = levels.prev(l);
        int next = levels.next(l);
        if (prev == NONE) chain.head = next;
        else levels.setNext(prev, next);
        if (next == NONE) chain.tail = prev;
        else levels.setPrev(next, prev);
        chain.count--;
    }

    private void repoint(int l) {
        for (int o = levels.head(l); o != NONE; o = orders.next(o)) orders.setLevel(o, l);
    }

    /**
     * Moves the window so that {@code centreTicks} sits in its middle. Band levels that fall out
     * go to the near end of the chain on their side (taken farthest first, so the chain stays
     * sorted: they are all nearer than the chain's levels), then each chain gives up the levels
     * at its near end that now fit in the window.
     */
    private void recentre(long centreTicks) {
        long newBase = Math.max(0, centreTicks - (width >>> 1));
        if (bandCount > 0) {
            // Scan the old window from its low end up: levels below the new window leave to the
            // low chain (pushed highest last: the nearest ends up at the head), levels above it
            // leave to the high chain (pushed lowest last), so each walk is done per end.
            evictBelow(newBase);
            evictAbove(newBase + width);
        }
        // A jump past a chain's near levels: those now lie on the other side of the window.
        Chain low = bid ? worse : better;
        Chain high = bid ? better : worse;
        while (high.head != NONE && ticksOf(levels.price(high.head)) < newBase) move(high, low);
        while (low.head != NONE && ticksOf(levels.price(low.head)) - newBase >= width) move(low, high);
        baseTicks = newBase;
        pull(better);
        pull(worse);
        if (bandCount == 0) {
            bandBest = NONE;
        } else {
            int pos = bid ? bitmap.prevSetCircular(bitBase, (int) (newBase + width - 1) & mask)
                          : bitmap.nextSetCircular(bitBase, (int) newBase & mask);
            bandBest = firstLevel + pos;
            bandBestPrice = levels.price(bandBest);
        }
        refreshBest();
    }

    /** Moves band levels with ticks below {@code limit} to the low chain, lowest first. */
    private void evictBelow(long limit) {
        Chain low = bid ? worse : better;
        int left = bandCount;
        int pos = bitmap.nextSetCircular(bitBase, (int) baseTicks & mask);
        // Walk upwards from the old window's low end while levels are below the limit.
        while (left > 0) {
            int l = firstLevel + pos;
            if (ticksOf(levels.price(l)) >= limit) break;
            int next = left > 1 ? bitmap.nextSetCircular(bitBase, (pos + 1) & mask) : -1;
            evict(l, pos, low);
            left--;
            pos = next;
        }
    }

    /** Moves band levels with ticks at or above {@code limit} to the high chain, highest first. */
    private void evictAbove(long limit) {
        Chain high = bid ? better : worse;
        int left = bandCount;
        int pos = bitmap.prevSetCircular(bitBase, (int) (baseTicks + width - 1) & mask);
        while (left > 0) {
            int l = firstLevel + pos;
            if (ticksOf(levels.price(l)) < limit) break;
            int next = left > 1 ? bitmap.prevSetCircular(bitBase, (pos - 1) & mask) : -1;
            evict(l, pos, high);
            left--;
            pos = next;
        }
    }

    /** Band level {@code l} leaves to the near end of {@code chain}. */
    private void evict(int l, int pos, Chain chain) {
        int moved = levels.allocateOverflow();
        levels.copy(l, moved);
        chainAfter(chain, NONE, moved, chain.head);
        repoint(moved);
        levels.setCount(l, 0);
        bitmap.clear(bitBase, pos);
        bandCount--;
    }

    /** The near end of {@code from} becomes the near end of {@code to} (the window jumped past it). */
    private void move(Chain from, Chain to) {
        int l = from.head;
        unchain(from, l);
        chainAfter(to, NONE, l, to.head);
    }

    /** Moves the near-end levels of {@code chain} that fit in the (new) window into the band. */
    private void pull(Chain chain) {
        while (chain.head != NONE) {
            int o = chain.head;
            long ticks = ticksOf(levels.price(o));
            long d = ticks - baseTicks;
            if (d < 0 || d >= width) break;
            int pos = (int) ticks & mask;
            int l = firstLevel + pos;
            levels.copy(o, l);
            repoint(l);
            bitmap.set(bitBase, pos);
            bandCount++;
            unchain(chain, o);
            levels.freeOverflow(o);
        }
    }

    /** Current window start in ticks; for tests. */
    long baseTicks() {
        return baseTicks;
    }

    /** Levels currently held outside the band, in both chains; for tests. */
    int overflowLevels() {
        return better.count + worse.count;
    }
}
