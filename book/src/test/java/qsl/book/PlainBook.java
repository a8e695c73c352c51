package qsl.book;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plainest possible one-symbol book (TreeMap of FIFO deques, limit GTC/IOC and cancel only),
 * rendering itself in {@link BookDump}'s format: the expectation the band tests compare against.
 */
final class PlainBook {
    private final TreeMap<Long, ArrayDeque<long[]>> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, ArrayDeque<long[]>> asks = new TreeMap<>();
    private final Map<Long, long[]> live = new HashMap<>(); // id -> {id, qty, side, price}
    long lastTrade;

    /** Returns the quantity traded. */
    long limit(long id, byte side, long price, long qty, boolean rest) {
        TreeMap<Long, ArrayDeque<long[]>> opp = side == Side.BUY ? asks : bids;
        long traded = 0;
        while (qty > 0 && !opp.isEmpty()) {
            long p = opp.firstKey();
            if (side == Side.BUY ? p > price : p < price) break;
            ArrayDeque<long[]> level = opp.get(p);
            while (qty > 0 && !level.isEmpty()) {
                long[] m = level.peekFirst();
                long fill = Math.min(qty, m[1]);
                qty -= fill;
                m[1] -= fill;
                traded += fill;
                lastTrade = p;
                if (m[1] == 0) {
                    level.pollFirst();
                    live.remove(m[0]);
                }
            }
            if (level.isEmpty()) opp.remove(p);
        }
        if (qty > 0 && rest) {
            long[] o = {id, qty, side, price};
            (side == Side.BUY ? bids : asks).computeIfAbsent(price, k -> new ArrayDeque<>()).addLast(o);
            live.put(id, o);
        }
        return traded;
    }

    boolean cancel(long id) {
        long[] o = live.remove(id);
        if (o == null) return false;
        TreeMap<Long, ArrayDeque<long[]>> side = o[2] == Side.BUY ? bids : asks;
        ArrayDeque<long[]> level = side.get(o[3]);
        level.remove(o);
        if (level.isEmpty()) side.remove(o[3]);
        return true;
    }

    /** The contract's modify: same price and no larger keeps its place, anything else re-enters. */
    boolean modify(long id, long price, long qty) {
        long[] o = live.get(id);
        if (o == null) return false;
        if (o[3] == price && qty <= o[1]) {
            o[1] = qty;
            return true;
        }
        cancel(id);
        limit(id, (byte) o[2], price, qty, true);
        return true;
    }

    boolean isLive(long id) {
        return live.containsKey(id);
    }

    long bestBid() {
        return bids.isEmpty() ? 0 : bids.firstKey();
    }

    long bestAsk() {
        return asks.isEmpty() ? 0 : asks.firstKey();
    }

    int size() {
        return live.size();
    }

    String text() {
        List<String> lines = new ArrayList<>();
        render(bids, "BUY", lines);
        render(asks, "SELL", lines);
        return String.join("\n", lines);
    }

    private static void render(TreeMap<Long, ArrayDeque<long[]>> side, String name, List<String> lines) {
        for (Map.Entry<Long, ArrayDeque<long[]>> e : side.entrySet()) {
            long total = 0;
            StringBuilder orders = new StringBuilder();
            for (long[] o : e.getValue()) {
                total += o[1];
                if (orders.length() > 0) orders.append(' ');
                orders.append('#').append(o[0]).append(':').append(o[1]);
            }
            lines.add(name + " " + e.getKey() + " tot=" + total + " n=" + e.getValue().size() + " [" + orders + "]");
        }
    }
}
