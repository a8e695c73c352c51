package qsl.book.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import qsl.book.BookVisitor;
import qsl.book.CancelReason;
import qsl.book.CommandType;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.OrderType;
import qsl.book.RejectReason;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/**
 * The plain on-heap engine the fast one is checked against: written for obviousness, not speed.
 * Each side of a book is a {@code TreeMap} from price to a FIFO {@code ArrayDeque} of orders; a
 * {@code HashMap} finds an order by id and is never iterated for anything observable. It shares
 * nothing with the fast path beyond the contract types (it even has its own digest code).
 *
 * <p>Two protected hooks ({@link #nextMaker} and {@link #tradePrice}) exist only so a test can
 * plant a bug and prove the differential harness catches it.
 */
public class ReferenceEngine implements Engine {

    /** One resting order. */
    protected static final class Order {
        final long id;
        final int account;
        final int symbol;
        final byte side;
        long price;
        long open;

        Order(long id, int account, int symbol, byte side, long price, long open) {
            this.id = id;
            this.account = account;
            this.symbol = symbol;
            this.side = side;
            this.price = price;
            this.open = open;
        }
    }

    /** One symbol: its rules, its two sides, its last trade. */
    static final class Book {
        final SymbolSpec spec;
        /** Best bid first: highest price first. */
        final TreeMap<Long, ArrayDeque<Order>> bids = new TreeMap<>(Collections.reverseOrder());
        /** Best ask first: lowest price first. */
        final TreeMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
        long lastTradePrice;

        Book(SymbolSpec spec) {
            this.spec = spec;
        }

        TreeMap<Long, ArrayDeque<Order>> side(byte side) {
            return side == Side.BUY ? bids : asks;
        }
    }

    private final EngineConfig config;
    private final EventSink sink;
    private final Book[] books;
    private final Map<Long, Order> live = new HashMap<>();
    private long lastSequence;

    public ReferenceEngine(EngineConfig config, EventSink sink) {
        this.config = config;
        this.sink = sink;
        this.books = new Book[config.maxSymbols()];
    }

    @Override
    public void addSymbol(SymbolSpec spec) {
        if (spec.symbol() >= config.maxSymbols())
            throw new IllegalArgumentException("symbol " + spec.symbol() + " >= maxSymbols " + config.maxSymbols());
        if (books[spec.symbol()] != null)
            throw new IllegalArgumentException("symbol " + spec.symbol() + " already registered");
        books[spec.symbol()] = new Book(spec);
    }

    private Book book(int symbol) {
        return symbol < 0 || symbol >= books.length ? null : books[symbol];
    }

    // ------------------------------------------------------------------ commands

    @Override
    public void newOrder(int symbol, long orderId, int account, byte side, byte type, byte tif, long price, long quantity) {
        Book b = book(symbol);
        byte reason = 0;
        if (b == null) reason = RejectReason.UNKNOWN_SYMBOL;
        else if (!Side.isValid(side)) reason = RejectReason.INVALID_SIDE;
        else if (!OrderType.isValid(type)) reason = RejectReason.INVALID_TYPE;
        else if (!TimeInForce.isValid(tif) || (type == OrderType.MARKET && tif == TimeInForce.GTC)) reason = RejectReason.INVALID_TIF;
        else if (type == OrderType.LIMIT && price <= 0) reason = RejectReason.INVALID_PRICE;
        else if (type == OrderType.LIMIT && price % b.spec.tickSize() != 0) reason = RejectReason.TICK_SIZE;
        else reason = quantityAndPriceRules(b, type == OrderType.LIMIT, price, quantity, true);
        if (reason == 0 && live.containsKey(orderId)) reason = RejectReason.DUPLICATE_ORDER_ID;
        if (reason == 0 && type == OrderType.LIMIT && tif == TimeInForce.GTC && live.size() == config.maxOrders())
            reason = RejectReason.BOOK_FULL;
        if (reason != 0) {
            sink.onRejected(CommandType.NEW_ORDER, symbol, orderId, reason);
            return;
        }
        long seq = ++lastSequence;
        sink.onAccepted(seq, symbol, orderId, side, type, tif, price, quantity);
        long[] top = top(b);
        boolean market = type == OrderType.MARKET;
        if (tif == TimeInForce.FOK && available(b, side, market, price, quantity) < quantity) {
            sink.onCancelled(seq, symbol, orderId, side, price, quantity, CancelReason.FOK_KILLED);
            return;
        }
        long remaining = match(b, seq, orderId, side, market, price, quantity);
        if (remaining > 0) {
            if (tif == TimeInForce.GTC) {
                rest(b, seq, new Order(orderId, account, symbol, side, price, remaining));
            } else {
                sink.onCancelled(seq, symbol, orderId, side, price, remaining, CancelReason.UNFILLED);
            }
        }
        topIfChanged(b, seq, top);
    }

    /** Quantity checks, then (limit prices only) notional and collar. */
    private static byte quantityAndPriceRules(Book b, boolean limit, long price, long quantity, boolean collarApplies) {
        SymbolSpec s = b.spec;
        if (quantity <= 0) return RejectReason.INVALID_QUANTITY;
        if (quantity < s.minQuantity()) return RejectReason.QUANTITY_BELOW_MIN;
        if (quantity > s.maxQuantity()) return RejectReason.QUANTITY_ABOVE_MAX;
        if (limit && notionalAbove(price, quantity, s.maxNotional())) return RejectReason.NOTIONAL_ABOVE_MAX;
        if (limit && collarApplies && s.collar() > 0 && b.lastTradePrice != 0) {
            // Both prices are positive, so the difference cannot overflow.
            long distance = Math.abs(price - b.lastTradePrice);
            if (distance > s.collar()) return RejectReason.PRICE_COLLAR;
        }
        return 0;
    }

    /** price * quantity > max, exactly (both positive): via a 128-bit product. */
    static boolean notionalAbove(long price, long quantity, long max) {
        long high = Math.multiplyHigh(price, quantity);
        long low = price * quantity;
        if (high != 0 || low < 0) return true;
        return low > max;
    }

    @Override
    public void cancel(int symbol, long orderId, int account) {
        Book b = book(symbol);
        if (b == null) {
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        Order o = live.get(orderId);
        if (o == null || o.symbol != symbol) {
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }
        if (o.account != account) {
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.NOT_OWNER);
            return;
        }
        long seq = ++lastSequence;
        long[] top = top(b);
        sink.onCancelled(seq, symbol, orderId, o.side, o.price, o.open, CancelReason.USER);
        unlink(b, o);
        emitLevel(b, seq, o.side, o.price);
        topIfChanged(b, seq, top);
    }

    @Override
    public void modify(int symbol, long orderId, int account, long newPrice, long newQuantity) {
        Book b = book(symbol);
        if (b == null) {
            sink.onRejected(CommandType.MODIFY, symbol, orderId, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        Order o = live.get(orderId);
        byte reason;
        if (o == null || o.symbol != symbol) reason = RejectReason.UNKNOWN_ORDER;
        else if (o.account != account) reason = RejectReason.NOT_OWNER;
        else if (newPrice <= 0) reason = RejectReason.INVALID_PRICE;
        else if (newPrice % b.spec.tickSize() != 0) reason = RejectReason.TICK_SIZE;
        else reason = quantityAndPriceRules(b, true, newPrice, newQuantity, newPrice != o.price);
        if (reason != 0) {
            sink.onRejected(CommandType.MODIFY, symbol, orderId, reason);
            return;
        }
        long seq = ++lastSequence;
        long[] top = top(b);
        if (newPrice == o.price && newQuantity <= o.open) {
            o.open = newQuantity;
            sink.onModified(seq, symbol, orderId, o.side, newPrice, newQuantity, true);
            emitLevel(b, seq, o.side, o.price);
        } else {
            sink.onModified(seq, symbol, orderId, o.side, newPrice, newQuantity, false);
            unlink(b, o);
            emitLevel(b, seq, o.side, o.price);
            long remaining = match(b, seq, orderId, o.side, false, newPrice, newQuantity);
            if (remaining > 0) rest(b, seq, new Order(orderId, o.account, symbol, o.side, newPrice, remaining));
        }
        topIfChanged(b, seq, top);
    }

    @Override
    public void massCancel(int account, int symbol) {
        if (symbol != ALL_SYMBOLS && book(symbol) == null) {
            sink.onRejected(CommandType.MASS_CANCEL, symbol, 0, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        long seq = ++lastSequence;
        int cancelled = 0;
        for (Book b : books) {
            if (b == null || (symbol != ALL_SYMBOLS && b.spec.symbol() != symbol)) continue;
            // The account's orders as the book lists them now: bids best first, then asks, FIFO.
            List<Order> mine = new ArrayList<>();
            for (ArrayDeque<Order> level : b.bids.values()) for (Order o : level) if (o.account == account) mine.add(o);
            for (ArrayDeque<Order> level : b.asks.values()) for (Order o : level) if (o.account == account) mine.add(o);
            if (mine.isEmpty()) continue;
            long[] top = top(b);
            for (Order o : mine) {
                sink.onCancelled(seq, b.spec.symbol(), o.id, o.side, o.price, o.open, CancelReason.MASS);
                unlink(b, o);
                emitLevel(b, seq, o.side, o.price);
            }
            topIfChanged(b, seq, top);
            cancelled += mine.size();
        }
        sink.onMassCancelled(seq, account, symbol, cancelled);
    }

    @Override
    public void rejectUnknownCommand(int symbol, long orderId) {
        sink.onRejected((byte) 0, symbol, orderId, RejectReason.UNKNOWN_COMMAND);
    }

    // ------------------------------------------------------------------ matching

    private static boolean crosses(byte takerSide, boolean market, long takerPrice, long levelPrice) {
        if (market) return true;
        return takerSide == Side.BUY ? levelPrice <= takerPrice : levelPrice >= takerPrice;
    }

    /** Opposite quantity a FOK could take, stopping as soon as it reaches {@code wanted}. */
    private long available(Book b, byte side, boolean market, long price, long wanted) {
        long sum = 0;
        for (Map.Entry<Long, ArrayDeque<Order>> e : b.side(Side.opposite(side)).entrySet()) {
            if (!crosses(side, market, price, e.getKey())) break;
            for (Order o : e.getValue()) {
                sum += o.open;
                if (sum >= wanted) return sum;
            }
        }
        return sum;
    }

    /** Sweeps the opposite side; returns the taker's unfilled quantity. */
    private long match(Book b, long seq, long takerId, byte takerSide, boolean market, long price, long quantity) {
        long remaining = quantity;
        TreeMap<Long, ArrayDeque<Order>> opposite = b.side(Side.opposite(takerSide));
        while (remaining > 0 && !opposite.isEmpty()) {
            long levelPrice = opposite.firstKey();
            if (!crosses(takerSide, market, price, levelPrice)) break;
            ArrayDeque<Order> level = opposite.get(levelPrice);
            while (remaining > 0 && !level.isEmpty()) {
                Order maker = nextMaker(level);
                long q = Math.min(remaining, maker.open);
                maker.open -= q;
                remaining -= q;
                long tradePrice = tradePrice(maker.price, price);
                b.lastTradePrice = tradePrice;
                sink.onTrade(seq, b.spec.symbol(), maker.id, takerId, takerSide, tradePrice, q, maker.open, remaining);
                if (maker.open == 0) {
                    level.remove(maker);
                    live.remove(maker.id);
                }
            }
            if (level.isEmpty()) opposite.remove(levelPrice);
            emitLevel(b, seq, Side.opposite(takerSide), levelPrice);
        }
        return remaining;
    }

    /** The maker that trades next at a level: the oldest. */
    protected Order nextMaker(ArrayDeque<Order> level) {
        return level.peekFirst();
    }

    /** Trades print at the resting maker's price. */
    protected long tradePrice(long makerPrice, long takerPrice) {
        return makerPrice;
    }

    private void rest(Book b, long seq, Order o) {
        b.side(o.side).computeIfAbsent(o.price, p -> new ArrayDeque<>()).addLast(o);
        live.put(o.id, o);
        emitLevel(b, seq, o.side, o.price);
    }

    private void unlink(Book b, Order o) {
        TreeMap<Long, ArrayDeque<Order>> side = b.side(o.side);
        ArrayDeque<Order> level = side.get(o.price);
        level.remove(o);
        if (level.isEmpty()) side.remove(o.price);
        live.remove(o.id);
    }

    private void emitLevel(Book b, long seq, byte side, long price) {
        ArrayDeque<Order> level = b.side(side).get(price);
        if (level == null) {
            sink.onLevel(seq, b.spec.symbol(), side, price, 0, 0);
        } else {
            sink.onLevel(seq, b.spec.symbol(), side, price, total(level), level.size());
        }
    }

    private static long total(ArrayDeque<Order> level) {
        long sum = 0;
        for (Order o : level) sum += o.open;
        return sum;
    }

    /** {bidPrice, bidQuantity, askPrice, askQuantity}, 0 for none. */
    private static long[] top(Book b) {
        long[] t = new long[4];
        if (!b.bids.isEmpty()) {
            t[0] = b.bids.firstKey();
            t[1] = total(b.bids.firstEntry().getValue());
        }
        if (!b.asks.isEmpty()) {
            t[2] = b.asks.firstKey();
            t[3] = total(b.asks.firstEntry().getValue());
        }
        return t;
    }

    private void topIfChanged(Book b, long seq, long[] before) {
        long[] after = top(b);
        if (!java.util.Arrays.equals(before, after))
            sink.onTopOfBook(seq, b.spec.symbol(), after[0], after[1], after[2], after[3]);
    }

    // ------------------------------------------------------------------ restore

    @Override
    public void restoreOrder(int symbol, long orderId, int account, byte side, long price, long quantity) {
        Book b = book(symbol);
        if (b == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        Order o = new Order(orderId, account, symbol, side, price, quantity);
        b.side(side).computeIfAbsent(price, p -> new ArrayDeque<>()).addLast(o);
        live.put(orderId, o);
    }

    @Override
    public void restoreLastTradePrice(int symbol, long price) {
        Book b = book(symbol);
        if (b == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        b.lastTradePrice = price;
    }

    @Override
    public void restoreLastSequence(long lastSequence) {
        this.lastSequence = lastSequence;
    }

    // ------------------------------------------------------------------ queries

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public long bestBid(int symbol) {
        Book b = book(symbol);
        return b == null || b.bids.isEmpty() ? 0 : b.bids.firstKey();
    }

    @Override
    public long bestAsk(int symbol) {
        Book b = book(symbol);
        return b == null || b.asks.isEmpty() ? 0 : b.asks.firstKey();
    }

    @Override
    public long lastTradePrice(int symbol) {
        Book b = book(symbol);
        return b == null ? 0 : b.lastTradePrice;
    }

    @Override
    public int restingOrders() {
        return live.size();
    }

    @Override
    public void visitBook(int symbol, BookVisitor visitor) {
        Book b = book(symbol);
        if (b == null) return;
        visitSide(b.bids, Side.BUY, visitor);
        visitSide(b.asks, Side.SELL, visitor);
    }

    private static void visitSide(NavigableMap<Long, ArrayDeque<Order>> side, byte code, BookVisitor visitor) {
        for (Map.Entry<Long, ArrayDeque<Order>> e : side.entrySet()) {
            visitor.level(code, e.getKey(), total(e.getValue()), e.getValue().size());
            for (Order o : e.getValue()) visitor.order(code, o.price, o.id, o.account, o.open);
        }
    }

    /** Live orders {id, symbol, side, price, open, account} in ascending id order (for the test generator's "pick a live order"). */
    public List<long[]> liveOrders() {
        List<long[]> out = new ArrayList<>();
        for (Order o : live.values()) out.add(new long[] {o.id, o.symbol, o.side, o.price, o.open, o.account});
        out.sort((x, y) -> Long.compare(x[0], y[0]));
        return out;
    }

    /** FNV-1a 64 over the state, as {@code StateDigest}'s Javadoc specifies, written out independently. */
    @Override
    public long digest() {
        Fnv h = new Fnv();
        h.mix(lastSequence);
        int registered = 0;
        for (Book b : books) if (b != null) registered++;
        h.mix(registered);
        for (Book b : books) {
            if (b == null) continue;
            h.mix(b.spec.symbol());
            h.mix(b.lastTradePrice);
            digestSide(h, b.bids);
            digestSide(h, b.asks);
        }
        return h.hash;
    }

    private static void digestSide(Fnv h, TreeMap<Long, ArrayDeque<Order>> side) {
        h.mix(side.size());
        for (Map.Entry<Long, ArrayDeque<Order>> e : side.entrySet()) {
            h.mix(e.getKey());
            h.mix(total(e.getValue()));
            h.mix(e.getValue().size());
            Iterator<Order> it = e.getValue().iterator();
            while (it.hasNext()) {
                Order o = it.next();
                h.mix(o.id);
                h.mix(o.open);
                h.mix(o.account); // an int, sign-extended
            }
        }
    }

    /** FNV-1a 64, one byte at a time, little-endian longs. */
    private static final class Fnv {
        long hash = 0xcbf29ce484222325L;

        void mix(long v) {
            for (int i = 0; i < 8; i++) {
                hash ^= (v >>> (8 * i)) & 0xffL;
                hash *= 0x100000001b3L;
            }
        }
    }
}
