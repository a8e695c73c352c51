package qsl.book;

import java.lang.foreign.Arena;
import qsl.offheap.LongIntMap;

/**
 * One side of one symbol's book: which levels exist and in what order, and the best of them.
 * It composes three structures, each with one job: a {@link LevelLookup} (ticks to level record),
 * a {@link PriceIndex} (the ordered set of non-empty ticks, a 64-ary radix bitmap over the whole
 * tick range) and the engine's {@link PriceLevels} (records and their order queues). This class is
 * the only writer of its best level's cache ({@link #best()}, {@link #bestPrice()},
 * {@link #bestTotal()}): every change of a level goes through {@link #rest}, {@link #leave},
 * {@link #takeFront} or {@link #reduce}, which return the level's new state.
 *
 * <p>Level records come from {@link PriceLevels} and never move while they hold orders: no window,
 * no re-centring, no order ever re-pointed. Every operation costs a bounded number of map look-ups
 * whatever the prices: finding or creating a level is one look-up (plus one index word per tree
 * level that becomes non-empty, usually one); dropping an empty level is the reverse; the next
 * level in price order (after the best empties, or in a walk) is at most
 * {@code 2 * PriceIndex.LEVELS} look-ups, one or two when levels are near each other. Both maps
 * follow the number of levels, not the configured capacity.
 *
 * <p>Iteration is stateless ({@link #next(int)} takes the level it continues from), so walks
 * may nest.
 *
 * <p>Ticks: {@code price / tickSize}, in {@code [0, 2^63)}, so no price near
 * {@link Long#MAX_VALUE} overflows anything.
 */
final class PriceBand {
    static final int NONE = -1;

    final byte side;
    private final boolean bid;
    /**
     * 0 for bids, -1 for asks: {@code (p ^ flip) > (q ^ flip)} is "p is better than q" on this
     * side without branching on the side ({@code ~p > ~q} is {@code p < q}).
     */
    final long flip;
    private final long tick;
    private final PriceLevels levels;
    private final LevelLookup lookup;
    private final PriceIndex index;

    /** Best level's record index, price and total quantity; NONE, 0 and 0 when the side is empty. */
    private int best = NONE;
    private long bestPrice;
    private long bestTotal;
    private int levelCount;

    PriceBand(byte side, long tick, Arena arena, int maxLevels, PriceLevels levels) {
        this.side = side;
        this.bid = side == Side.BUY;
        this.flip = bid ? 0 : -1;
        this.tick = tick;
        this.levels = levels;
        this.lookup = new LevelLookup(arena, maxLevels);
        this.index = new PriceIndex(arena, maxLevels);
    }

    /** The best level's record, or NONE: where a best-to-worst walk starts. */
    int best() {
        return best;
    }

    /** The best level's price; 0 when the side is empty. */
    long bestPrice() {
        return bestPrice;
    }

    /** The best level's total open quantity; 0 when the side is empty. */
    long bestTotal() {
        return bestTotal;
    }

    /** Non-empty levels on this side. */
    int levelCount() {
        return levelCount;
    }

    private long ticksOf(long price) {
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
     * Puts order {@code slot} (fields set, not linked) with {@code quantity} at the back of the
     * level at {@code price}, creating the level if needed; returns the level's record.
     */
    int rest(long price, int slot, long quantity) {
        return rest(find(price), price, slot, quantity);
    }

    /**
     * The level at {@code price} (a valid price of this side's symbol), or {@link LongIntMap#MISSING}.
     * It stays valid until this side changes: a caller may find the level early (so its look-up
     * overlaps other memory accesses) and {@link #rest(int, long, int, long) rest} there later,
     * provided nothing rested on or left this side in between.
     */
    int find(long price) {
        return lookup.find(ticksOf(price));
    }

    /** {@link #rest(long, int, long)} at the level {@link #find} gave for {@code price} (MISSING: none yet). */
    int rest(int found, long price, int slot, long quantity) {
        int l = found == LongIntMap.MISSING ? open(ticksOf(price), price) : found;
        long total = levels.append(l, slot, quantity);
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
        return l;
    }

    /** A new, empty level at {@code price}: recorded, indexed and compared with the best. */
    private int open(long ticks, long price) {
        int l = levels.allocate(price);
        lookup.put(ticks, l);
        index.add(ticks);
        levelCount++;
        // Selects rather than branches: whether the price is a new best is data-dependent.
        boolean top = best == NONE | isBetter(price, bestPrice);
        best = top ? l : best;
        bestPrice = top ? price : bestPrice;
        bestTotal = top ? 0 : bestTotal; // the append that follows sets it
        return l;
    }

    /**
     * Takes order {@code slot} (open quantity {@code quantity}) out of level {@code l}; returns
     * the level's new total, 0 when it was the last order: the level is then dropped, and the
     * side's best may have moved on.
     */
    long leave(int l, int slot, long quantity) {
        long total = levels.unlink(l, slot, quantity);
        bestTotal = l == best ? total : bestTotal; // a select, not a branch
        if (total == 0) drop(l);
        return total;
    }

    /**
     * A sweep filled level {@code l}'s orders in front of {@code head} (NONE: all); it keeps
     * {@code count} orders and {@code total}. Drops the level when it is empty; returns {@code total}.
     */
    long takeFront(int l, int head, int count, long total) {
        levels.takeFront(l, head, count, total);
        bestTotal = l == best ? total : bestTotal;
        if (count == 0) drop(l);
        return total;
    }

    /** An order of level {@code l} shrank in place by {@code by}; returns the level's new total. */
    long reduce(int l, long by) {
        long total = levels.reduce(l, by);
        bestTotal = l == best ? total : bestTotal;
        return total;
    }

    /**
     * Level {@code l} has no orders left: drop it (its record goes back to the pool) and, if it
     * was the best, make the next level in price order the best.
     */
    private void drop(int l) {
        long ticks = ticksOf(levels.price(l));
        lookup.remove(ticks);
        index.remove(ticks);
        levels.free(l);
        levelCount--;
        if (l == best) {
            long nextTicks = bid ? index.below(ticks) : index.above(ticks);
            best = nextTicks == PriceIndex.NONE ? NONE : lookup.find(nextTicks);
            bestPrice = best == NONE ? 0 : levels.price(best);
            bestTotal = best == NONE ? 0 : levels.total(best);
        }
    }

    /** The level after {@code l} (a non-empty level of this side) in best-to-worst order, or NONE. */
    int next(int l) {
        long ticks = ticksOf(levels.price(l));
        long nextTicks = bid ? index.below(ticks) : index.above(ticks);
        return nextTicks == PriceIndex.NONE ? NONE : lookup.find(nextTicks);
    }
}
