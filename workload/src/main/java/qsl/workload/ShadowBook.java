package qsl.workload;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import qsl.book.Side;

/**
 * The generator's own model of one symbol's book, exact for the valid commands it writes
 * (price-time priority, trades at the maker's price), so it knows which ids are live, what is
 * open, and which commands trade. Generation time only: it allocates freely. Levels are insertion-ordered sets, so a cancel
 * anywhere in a level of 100,000 orders is O(1).
 */
final class ShadowBook {
    /** One resting order; index into the generator's live set. */
    static final class Order {
        final long id;
        final byte side;
        long price;
        long open;
        int livePos = -1;

        Order(long id, byte side, long price, long open) {
            this.id = id;
            this.side = side;
            this.price = price;
            this.open = open;
        }
    }

    private final TreeMap<Long, LinkedHashSet<Order>> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, LinkedHashSet<Order>> asks = new TreeMap<>();
    /** Live orders in an array, so a uniform pick is one draw; removal swaps with the last. */
    private Order[] live = new Order[1024];
    private int liveCount;
    private final java.util.HashMap<Long, Order> byId = new java.util.HashMap<>();

    boolean isLive(long id) {
        return byId.containsKey(id);
    }

    int liveCount() {
        return liveCount;
    }

    Order live(int i) {
        return live[i];
    }

    long bestBid() {
        return bids.isEmpty() ? 0 : bids.firstKey();
    }

    /** Orders resting at {@code price} on {@code side}. */
    int levelSize(byte side, long price) {
        LinkedHashSet<Order> level = (side == Side.BUY ? bids : asks).get(price);
        return level == null ? 0 : level.size();
    }

    long bestAsk() {
        return asks.isEmpty() ? 0 : asks.firstKey();
    }

    /** Runs a limit order; rests the rest if {@code rest}. Returns the number of trades. */
    int limit(long id, byte side, long price, long quantity, boolean rest) {
        TreeMap<Long, LinkedHashSet<Order>> opposite = side == Side.BUY ? asks : bids;
        long remaining = quantity;
        int trades = 0;
        while (remaining > 0 && !opposite.isEmpty()) {
            long levelPrice = opposite.firstKey();
            if (side == Side.BUY ? levelPrice > price : levelPrice < price) break;
            LinkedHashSet<Order> level = opposite.get(levelPrice);
            while (remaining > 0 && !level.isEmpty()) {
                Order maker = level.getFirst();
                long q = Math.min(remaining, maker.open);
                maker.open -= q;
                remaining -= q;
                trades++;
                if (maker.open == 0) {
                    level.removeFirst();
                    unlive(maker);
                }
            }
            if (level.isEmpty()) opposite.remove(levelPrice);
        }
        if (remaining > 0 && rest) {
            Order o = new Order(id, side, price, remaining);
            (side == Side.BUY ? bids : asks).computeIfAbsent(price, p -> new LinkedHashSet<>()).add(o);
            addLive(o);
        }
        return trades;
    }

    void cancel(Order o) {
        TreeMap<Long, LinkedHashSet<Order>> book = o.side == Side.BUY ? bids : asks;
        LinkedHashSet<Order> level = book.get(o.price);
        level.remove(o);
        if (level.isEmpty()) book.remove(o.price);
        unlive(o);
    }

    /** A reprice: cancel, then re-enter at the back of the new level with the same open quantity. */
    int move(Order o, long newPrice) {
        cancel(o);
        return limit(o.id, o.side, newPrice, o.open, true);
    }

    private void addLive(Order o) {
        if (liveCount == live.length) live = java.util.Arrays.copyOf(live, liveCount * 2);
        o.livePos = liveCount;
        byId.put(o.id, o);
        live[liveCount++] = o;
    }

    private void unlive(Order o) {
        int pos = o.livePos;
        byId.remove(o.id);
        Order last = live[--liveCount];
        live[pos] = last;
        last.livePos = pos;
        live[liveCount] = null;
        o.livePos = -1;
    }
}
