package qsl.gateway.feed;

import java.lang.foreign.Arena;
import java.util.Arrays;
import qsl.book.Side;
import qsl.offheap.LongIntMap;

/**
 * A market-by-order book for many symbols, as a feed client rebuilds it (and as the publisher
 * mirrors what it has published): every resting order with its open quantity, grouped into price
 * levels in time priority. Sized once at construction; nothing is allocated afterwards.
 *
 * <p>Storage: orders and levels in pools of preallocated primitive arrays linked by index
 * (order id to slot in an off-heap {@link LongIntMap}); per symbol and side the non-empty levels in
 * an array sorted best first (bids by descending price, asks ascending), searched by bisection.
 * {@link #visit} walks a symbol exactly as {@code Engine.visitBook} does: bids best to worst, then
 * asks, each level then its orders in time priority.
 *
 * <p>Not thread-safe: one thread changes and reads it.
 */
public final class MboBook {
    /** Result of the mutators: done. */
    public static final int OK = 0;
    /** The order id is not on the book. */
    public static final int UNKNOWN_ORDER = -1;
    /** An add of an id already on the book. */
    public static final int DUPLICATE_ORDER = -2;
    /** A symbol outside {@code 0..maxSymbols-1}. */
    public static final int BAD_SYMBOL = -3;
    /** No room for another order or level. */
    public static final int FULL = -4;
    /** A quantity change that does not fit the order (executing or cancelling at least its open quantity in a partial cancel). */
    public static final int BAD_QUANTITY = -5;

    private static final int NONE = -1;

    private final int maxSymbols;
    private final int maxLevelsPerSide;
    private final LongIntMap ids;
    // Orders.
    private final long[] orderId;
    private final long[] orderQty;
    private final int[] orderLevel;
    private final int[] orderPrev;
    private final int[] orderNext;
    private int freeOrder;
    // Levels.
    private final long[] levelPrice;
    private final long[] levelTotal;
    private final int[] levelCount;
    private final int[] levelHead;
    private final int[] levelTail;
    private final int[] levelSymbol;
    private final byte[] levelSide;
    private int freeLevel;
    // Per (symbol, side): level indices best first.
    private final int[][] sides;
    private final int[] sideCount;
    private int orders;

    public MboBook(int maxSymbols, int maxOrders, int maxLevelsPerSide, Arena arena) {
        if (maxSymbols < 1 || maxOrders < 1 || maxLevelsPerSide < 1) throw new IllegalArgumentException("sizes must be >= 1");
        this.maxSymbols = maxSymbols;
        this.maxLevelsPerSide = maxLevelsPerSide;
        this.ids = LongIntMap.forEntries(arena, maxOrders);
        orderId = new long[maxOrders];
        orderQty = new long[maxOrders];
        orderLevel = new int[maxOrders];
        orderPrev = new int[maxOrders];
        orderNext = new int[maxOrders];
        int maxLevels = Math.min(maxOrders, maxSymbols * 2 * maxLevelsPerSide);
        levelPrice = new long[maxLevels];
        levelTotal = new long[maxLevels];
        levelCount = new int[maxLevels];
        levelHead = new int[maxLevels];
        levelTail = new int[maxLevels];
        levelSymbol = new int[maxLevels];
        levelSide = new byte[maxLevels];
        sides = new int[maxSymbols * 2][maxLevelsPerSide];
        sideCount = new int[maxSymbols * 2];
        clear();
    }

    /** Empties every symbol. */
    public void clear() {
        ids.clear();
        for (int i = 0; i < orderNext.length; i++) orderNext[i] = i + 1 < orderNext.length ? i + 1 : NONE;
        freeOrder = 0;
        for (int i = 0; i < levelHead.length; i++) levelHead[i] = i + 1 < levelHead.length ? i + 1 : NONE;
        freeLevel = 0;
        Arrays.fill(sideCount, 0);
        orders = 0;
    }

    public int maxSymbols() { return maxSymbols; }

    /** Resting orders across all symbols. */
    public int orderCount() { return orders; }

    public boolean contains(long id) { return ids.get(id) != LongIntMap.MISSING; }

    /** Open quantity of a resting order, or 0 if it is not on the book. */
    public long openQuantity(long id) {
        int o = ids.get(id);
        return o == LongIntMap.MISSING ? 0 : orderQty[o];
    }

    /** Adds an order at the back of its level. */
    public int add(int symbol, long id, byte side, long price, long quantity) {
        if (symbol < 0 || symbol >= maxSymbols) return BAD_SYMBOL;
        if (ids.get(id) != LongIntMap.MISSING) return DUPLICATE_ORDER;
        if (freeOrder == NONE) return FULL;
        int level = levelFor(symbol, side, price);
        if (level < 0) return level;
        int o = freeOrder;
        freeOrder = orderNext[o];
        ids.put(id, o);
        orderId[o] = id;
        orderQty[o] = quantity;
        append(level, o);
        orders++;
        return OK;
    }

    /** The order traded {@code quantity}; it leaves the book when nothing is left. */
    public int execute(long id, long quantity) {
        int o = ids.get(id);
        if (o == LongIntMap.MISSING) return UNKNOWN_ORDER;
        if (quantity <= 0 || quantity > orderQty[o]) return BAD_QUANTITY;
        if (quantity == orderQty[o]) {
            remove(o);
        } else {
            orderQty[o] -= quantity;
            levelTotal[orderLevel[o]] -= quantity;
        }
        return OK;
    }

    /** A partial cancel in place (keeps priority); cancelling all of it is {@link #delete}. */
    public int reduce(long id, long cancelled) {
        int o = ids.get(id);
        if (o == LongIntMap.MISSING) return UNKNOWN_ORDER;
        if (cancelled <= 0 || cancelled >= orderQty[o]) return BAD_QUANTITY;
        orderQty[o] -= cancelled;
        levelTotal[orderLevel[o]] -= cancelled;
        return OK;
    }

    public int delete(long id) {
        int o = ids.get(id);
        if (o == LongIntMap.MISSING) return UNKNOWN_ORDER;
        remove(o);
        return OK;
    }

    /** Moves the order to the back of the level at {@code newPrice} with {@code newQuantity} open. */
    public int replace(long id, long newPrice, long newQuantity) {
        int o = ids.get(id);
        if (o == LongIntMap.MISSING) return UNKNOWN_ORDER;
        int old = orderLevel[o];
        int symbol = levelSymbol[old];
        byte side = levelSide[old];
        unlink(o);
        int level = levelFor(symbol, side, newPrice);
        if (level < 0) { // no room for the new level: the order is gone, as the caller will resync
            ids.remove(id);
            orderNext[o] = freeOrder;
            freeOrder = o;
            orders--;
            return level;
        }
        orderQty[o] = newQuantity;
        append(level, o);
        return OK;
    }

    // ---- views ----

    /** Non-empty levels on one side. */
    public int levels(int symbol, byte side) { return sideCount[symbol * 2 + side]; }

    /** Price of the {@code i}-th best level (0 = best). */
    public long levelPrice(int symbol, byte side, int i) { return levelPrice[sides[symbol * 2 + side][i]]; }

    public long levelQuantity(int symbol, byte side, int i) { return levelTotal[sides[symbol * 2 + side][i]]; }

    public int levelOrders(int symbol, byte side, int i) { return levelCount[sides[symbol * 2 + side][i]]; }

    /** Best bid price, 0 for none. */
    public long bestBid(int symbol) { return sideCount[symbol * 2 + Side.BUY] == 0 ? 0 : levelPrice(symbol, Side.BUY, 0); }

    /** Best ask price, 0 for none. */
    public long bestAsk(int symbol) { return sideCount[symbol * 2 + Side.SELL] == 0 ? 0 : levelPrice(symbol, Side.SELL, 0); }

    /** Walks one symbol in {@code Engine.visitBook}'s order: bids best to worst, then asks; each level, then its orders in time priority. */
    public void visit(int symbol, Visitor visitor) {
        for (byte side = Side.BUY; side <= Side.SELL; side++) {
            int[] arr = sides[symbol * 2 + side];
            int n = sideCount[symbol * 2 + side];
            for (int i = 0; i < n; i++) {
                int l = arr[i];
                visitor.level(side, levelPrice[l], levelTotal[l], levelCount[l]);
                for (int o = levelHead[l]; o != NONE; o = orderNext[o]) {
                    visitor.order(side, levelPrice[l], orderId[o], orderQty[o]);
                }
            }
        }
    }

    /** Walks one symbol's orders without levels: the snapshot writer's view. */
    public void visitOrders(int symbol, OrderVisitor visitor) {
        for (byte side = Side.BUY; side <= Side.SELL; side++) {
            int[] arr = sides[symbol * 2 + side];
            int n = sideCount[symbol * 2 + side];
            for (int i = 0; i < n; i++) {
                int l = arr[i];
                for (int o = levelHead[l]; o != NONE; o = orderNext[o]) visitor.order(symbol, side, levelPrice[l], orderId[o], orderQty[o]);
            }
        }
    }

    /** One resting order, for {@link #visitOrders}. */
    public interface OrderVisitor {
        void order(int symbol, byte side, long price, long orderId, long openQuantity);
    }

    /** Levels and orders, for {@link #visit}; the same shape as the engine's book visitor, without accounts (the feed does not carry them). */
    public interface Visitor {
        void level(byte side, long price, long totalQuantity, int orderCount);

        void order(byte side, long price, long orderId, long openQuantity);
    }

    // ---- internals ----

    private int levelFor(int symbol, byte side, long price) {
        int key = symbol * 2 + side;
        int[] arr = sides[key];
        int n = sideCount[key];
        int lo = 0;
        int hi = n - 1;
        boolean bid = side == Side.BUY;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = levelPrice[arr[mid]];
            if (p == price) return arr[mid];
            boolean before = bid ? p > price : p < price; // level mid is better than price
            if (before) lo = mid + 1;
            else hi = mid - 1;
        }
        if (n == maxLevelsPerSide || freeLevel == NONE) return FULL;
        int l = freeLevel;
        freeLevel = levelHead[l];
        levelPrice[l] = price;
        levelTotal[l] = 0;
        levelCount[l] = 0;
        levelHead[l] = NONE;
        levelTail[l] = NONE;
        levelSymbol[l] = symbol;
        levelSide[l] = side;
        System.arraycopy(arr, lo, arr, lo + 1, n - lo);
        arr[lo] = l;
        sideCount[key] = n + 1;
        return l;
    }

    private void append(int level, int o) {
        orderLevel[o] = level;
        orderNext[o] = NONE;
        orderPrev[o] = levelTail[level];
        if (levelTail[level] == NONE) levelHead[level] = o;
        else orderNext[levelTail[level]] = o;
        levelTail[level] = o;
        levelCount[level]++;
        levelTotal[level] += orderQty[o];
    }

    private void remove(int o) {
        ids.remove(orderId[o]);
        unlink(o);
        orderNext[o] = freeOrder;
        freeOrder = o;
        orders--;
    }

    /** Takes the order out of its level, freeing the level when it empties. */
    private void unlink(int o) {
        int l = orderLevel[o];
        int prev = orderPrev[o];
        int next = orderNext[o];
        if (prev == NONE) levelHead[l] = next;
        else orderNext[prev] = next;
        if (next == NONE) levelTail[l] = prev;
        else orderPrev[next] = prev;
        levelCount[l]--;
        levelTotal[l] -= orderQty[o];
        if (levelCount[l] == 0) {
            int key = levelSymbol[l] * 2 + levelSide[l];
            int[] arr = sides[key];
            int n = sideCount[key];
            int i = 0;
            long price = levelPrice[l];
            boolean bid = levelSide[l] == Side.BUY;
            int lo = 0;
            int hi = n - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long p = levelPrice[arr[mid]];
                if (p == price) { i = mid; break; }
                if (bid ? p > price : p < price) lo = mid + 1;
                else hi = mid - 1;
            }
            System.arraycopy(arr, i + 1, arr, i, n - i - 1);
            sideCount[key] = n - 1;
            levelHead[l] = freeLevel;
            freeLevel = l;
        }
    }
}
