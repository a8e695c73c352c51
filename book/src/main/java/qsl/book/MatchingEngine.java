package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.lang.ref.Cleaner;
import qsl.offheap.LongIntMap;
import qsl.offheap.LongLongMap;

/**
 * The off-heap matching engine: price-time priority, integer ticks, every order and level in
 * {@link java.lang.foreign.MemorySegment}s, nothing allocated per command.
 *
 * <p>Storage: orders in {@link OrderSlots} (fixed records in a slot pool, addressed by slot
 * index), order id to slot and level in an off-heap {@link LongLongMap} (see {@link #idEntry}), levels
 * in {@link PriceLevels}: per
 * symbol and side a {@link PriceBand} that finds a level by price through a hash map and orders the
 * levels with a {@link PriceIndex} (a 64-ary radix bitmap over the tick range). See
 * {@code docs/book.md}.
 *
 * <p>Contract points this class settles:
 * <ul>
 *   <li>{@link #rejectUnknownCommand} emits {@code onRejected((byte) 0, symbol, orderId,
 *       UNKNOWN_COMMAND)}: the record's type byte is not passed in, so the command type is 0.</li>
 *   <li>A market order's events carry the price field of its command as given (the price is
 *       not checked and not used for matching).</li>
 *   <li>A modify checks UNKNOWN_SYMBOL, then UNKNOWN_ORDER, then NOT_OWNER, then the limit-order
 *       checks of the new price and quantity (collar only when the price changes). It never returns
 *       BOOK_FULL: a re-inserted order keeps its slot.</li>
 *   <li>Ownership: cancel and modify check UNKNOWN_SYMBOL, UNKNOWN_ORDER, then NOT_OWNER (the
 *       order's account, read from the order record the UNKNOWN_ORDER check already loaded).</li>
 *   <li>A mass cancel walks the symbol's book (every registered symbol's, for ALL_SYMBOLS),
 *       collecting the account's orders into a scratch array, then cancels them in that order:
 *       O(levels + orders resting on the symbols it covers), nothing on the order path.</li>
 *   <li>Level totals cannot overflow: {@link #addSymbol} refuses a spec whose
 *       {@code maxQuantity * maxOrders} exceeds {@link Long#MAX_VALUE}, which bounds every sum
 *       of open quantities the engine forms.</li>
 * </ul>
 *
 * <p>Memory: the engine either owns a shared arena ({@link #MatchingEngine(EngineConfig, EventSink)};
 * freed by {@link #close()}, or by a {@link Cleaner} if the engine is dropped unclosed) or uses
 * the caller's arena ({@link #MatchingEngine(EngineConfig, EventSink, Arena)}; the caller closes
 * it after the engine is no longer used). A shared arena lets the engine be built on one thread
 * and run on another. Not thread-safe: one thread at a time runs commands.
 */
public final class MatchingEngine implements Engine, AutoCloseable {
    private static final int NONE = -1;
    /** A command record's first eight bytes, little-endian as {@link CommandDescriptor} defines them. */
    private static final ValueLayout.OfLong HEAD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Closes an owned arena that was never closed once its engine is unreachable (a safety net). */
    private static final Cleaner CLEANER = Cleaner.create();

    private final EventSink sink;
    private final Cleaner.Cleanable release;
    private final EngineConfig config;
    private final OrderSlots orders;
    /**
     * Order id to {@link #idEntry}(slot, level) of each resting order. The level is also in the
     * order's record; holding it here too lets a cancel or modify load the order record and the
     * level record at the same time instead of one after the other (both are cache misses on a
     * large book).
     */
    private final LongLongMap ids;
    private final PriceLevels levels;
    /** The engine's arena: each symbol's book sides take their (growing) maps from it. */
    private final Arena arena;
    private final SymbolBook[] books;
    /** Order slots a mass cancel collected, {@code maxOrders} i32s; accessed through {@link RawMemory}. */
    private final long scratch;
    /**
     * The arena's scope. Level, order and bitmap records are accessed by raw address
     * ({@link RawMemory}), which does not check it: every command's first memory access is the
     * (checked) id map lookup, and the read-only walks below check it themselves.
     */
    private final MemorySegment.Scope scope;
    private final StateDigest digest = new StateDigest();
    private int symbolCount;
    private long sequence;

    /** An engine that owns its memory: a shared arena, closed by {@link #close()}. */
    public MatchingEngine(EngineConfig config, EventSink sink) {
        this(config, sink, Arena.ofShared(), true);
    }

    /** An engine in the caller's arena; the caller closes the arena, {@link #close()} does not. */
    public MatchingEngine(EngineConfig config, EventSink sink, Arena arena) {
        this(config, sink, arena, false);
    }

    private MatchingEngine(EngineConfig config, EventSink sink, Arena arena, boolean ownsArena) {
        this.config = config;
        this.sink = sink;
        try {
            this.orders = new OrderSlots(arena, config.maxOrders());
            this.ids = LongLongMap.forEntries(arena, config.maxOrders());
            this.levels = new PriceLevels(arena, config.maxOrders(), orders);
            this.scratch = arena.allocate(4L * config.maxOrders(), 64).address();
        } catch (RuntimeException e) {
            if (ownsArena) arena.close();
            throw e;
        }
        this.books = new SymbolBook[config.maxSymbols()];
        this.arena = arena;
        this.scope = arena.scope();
        // The action captures the arena only, never the engine, so the engine can become unreachable.
        this.release = ownsArena ? CLEANER.register(this, arena::close) : null;
    }

    /** Frees an owned arena (once; later calls do nothing). The engine must not be used afterwards. */
    @Override
    public void close() {
        if (release != null) release.clean();
    }

    public EngineConfig config() {
        return config;
    }

    @Override
    public void addSymbol(SymbolSpec spec) {
        int s = spec.symbol();
        if (s >= books.length)
            throw new IllegalArgumentException("symbol " + s + " >= maxSymbols " + books.length);
        if (books[s] != null) throw new IllegalStateException("symbol already registered: " + s);
        if (spec.maxQuantity() > Long.MAX_VALUE / config.maxOrders())
            throw new IllegalArgumentException("maxQuantity " + spec.maxQuantity() + " x maxOrders "
                    + config.maxOrders() + " could overflow a 64-bit level total");
        books[s] = new SymbolBook(spec, arena, config.maxOrders(), levels);
        symbolCount++;
    }

    /** An {@link #ids} value: {@code (level + 1) << 32 | slot}, never 0 ({@link LongLongMap#ABSENT}). */
    static long idEntry(int slot, int level) {
        return (long) (level + 1) << 32 | slot;
    }

    private SymbolBook book(int symbol) {
        return symbol >= 0 && symbol < books.length ? books[symbol] : null;
    }

    // ---- commands ---------------------------------------------------------------------------

    @Override
    public void newOrder(int symbol, long orderId, int account, byte side, byte type, byte tif, long price, long quantity) {
        SymbolBook book = book(symbol);
        byte reason = book == null ? RejectReason.UNKNOWN_SYMBOL : checkNewOrder(book, orderId, side, type, tif, price, quantity);
        if (reason != 0) {
            sink.onRejected(CommandType.NEW_ORDER, symbol, orderId, reason);
            return;
        }
        long seq = ++sequence;
        sink.onAccepted(seq, symbol, orderId, side, type, tif, price, quantity);
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        long bidPrice = bids.bestPrice(), bidQty = bids.bestTotal();
        long askPrice = asks.bestPrice(), askQty = asks.bestTotal();
        PriceBand own = book.side(side);
        // A GTC order's level, found now: matching changes only the other side, so it is still the
        // level when the order rests, and on a large book this miss overlaps the id check's.
        int found = tif == TimeInForce.GTC ? own.find(price) : LongIntMap.MISSING;

        boolean buy = side == Side.BUY;
        // A market order's limit accepts every price on the other side.
        long limit = type == OrderType.MARKET ? (buy ? Long.MAX_VALUE : 0) : price;
        PriceBand opposite = book.opposite(side);
        if (tif == TimeInForce.FOK && !canFill(opposite, buy, limit, quantity)) {
            sink.onCancelled(seq, symbol, orderId, side, price, quantity, CancelReason.FOK_KILLED);
            return;
        }
        long remaining = opposite.crossedBy(limit) ? match(book, opposite, seq, orderId, buy, side, limit, quantity) : quantity;
        if (remaining > 0) {
            if (tif == TimeInForce.GTC) {
                int slot = orders.pool.allocate(); // cannot fail: BOOK_FULL was checked
                orders.init(slot, orderId, account, symbol, side, remaining);
                ids.put(orderId, idEntry(slot, rest(own, found, seq, symbol, slot, price, remaining)));
            } else {
                sink.onCancelled(seq, symbol, orderId, side, price, remaining, CancelReason.UNFILLED);
            }
        }
        topOfBook(book, seq, bidPrice, bidQty, askPrice, askQty);
    }

    private byte checkNewOrder(SymbolBook book, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        if (side != Side.BUY && side != Side.SELL) return RejectReason.INVALID_SIDE;
        if (type != OrderType.LIMIT && type != OrderType.MARKET) return RejectReason.INVALID_TYPE;
        if (!TimeInForce.isValid(tif) || (type == OrderType.MARKET && tif == TimeInForce.GTC))
            return RejectReason.INVALID_TIF;
        byte reason = type == OrderType.LIMIT
                ? checkLimit(book, price, quantity, true)
                : checkQuantity(book, quantity);
        if (reason != 0) return reason;
        if (ids.get(orderId) != LongLongMap.ABSENT) return RejectReason.DUPLICATE_ORDER_ID;
        if (tif == TimeInForce.GTC && orders.pool.isFull()) return RejectReason.BOOK_FULL;
        return 0;
    }

    /** Price, tick, quantity, notional and (if {@code collarApplies}) collar checks, in code order. */
    private static byte checkLimit(SymbolBook book, long price, long quantity, boolean collarApplies) {
        if (price <= 0) return RejectReason.INVALID_PRICE;
        long tick = book.tickSize;
        if (tick != 1 && price % tick != 0) return RejectReason.TICK_SIZE;
        byte reason = checkQuantity(book, quantity);
        if (reason != 0) return reason;
        // price * quantity > maxNotional, exactly: the 128-bit product (both factors are positive)
        // is above the limit when its high half or the sign bit of its low half is set.
        long low = price * quantity;
        if (Math.multiplyHigh(price, quantity) != 0 || low < 0 || low > book.maxNotional)
            return RejectReason.NOTIONAL_ABOVE_MAX;
        long last = book.lastTradePrice;
        // Both prices are positive, so the difference cannot overflow.
        if (collarApplies && book.collar != 0 && last != 0 && Math.abs(price - last) > book.collar)
            return RejectReason.PRICE_COLLAR;
        return 0;
    }

    private static byte checkQuantity(SymbolBook book, long quantity) {
        if (quantity <= 0) return RejectReason.INVALID_QUANTITY;
        if (quantity < book.minQuantity) return RejectReason.QUANTITY_BELOW_MIN;
        if (quantity > book.maxQuantity) return RejectReason.QUANTITY_ABOVE_MAX;
        return 0;
    }

    @Override
    public void cancel(int symbol, long orderId, int account) {
        SymbolBook book = book(symbol);
        if (book == null) {
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        long entry = ids.get(orderId);
        int slot = (int) entry;
        int symbolSide = entry == LongLongMap.ABSENT ? -1 : orders.symbolSide(slot);
        if (symbolSide >> 1 != symbol) {
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }
        if (orders.account(slot) != account) { // same cache line as the load above
            sink.onRejected(CommandType.CANCEL, symbol, orderId, RejectReason.NOT_OWNER);
            return;
        }
        long seq = ++sequence;
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        long bidPrice = bids.bestPrice(), bidQty = bids.bestTotal();
        long askPrice = asks.bestPrice(), askQty = asks.bestTotal();
        byte side = (byte) (symbolSide & 1);
        int level = (int) (entry >>> 32) - 1;
        long price = levels.price(level);
        long open = orders.quantity(slot);
        sink.onCancelled(seq, symbol, orderId, side, price, open, CancelReason.USER);
        leave(book.side(side), seq, symbol, slot, level, price, open);
        ids.remove(orderId);
        orders.pool.free(slot);
        topOfBook(book, seq, bidPrice, bidQty, askPrice, askQty);
    }

    @Override
    public void modify(int symbol, long orderId, int account, long newPrice, long newQuantity) {
        SymbolBook book = book(symbol);
        int at = book == null ? -1 : ids.indexOf(orderId);
        long entry = at < 0 ? LongLongMap.ABSENT : ids.valueAt(at);
        int slot = (int) entry;
        int symbolSide = entry == LongLongMap.ABSENT ? -1 : orders.symbolSide(slot);
        if (book == null || symbolSide >> 1 != symbol || orders.account(slot) != account) {
            rejectModify(book, symbol, orderId, symbolSide);
            return;
        }
        int level = (int) (entry >>> 32) - 1;
        long price = levels.price(level);
        byte reason = checkLimit(book, newPrice, newQuantity, newPrice != price);
        if (reason != 0) {
            sink.onRejected(CommandType.MODIFY, symbol, orderId, reason);
            return;
        }
        long seq = ++sequence;
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        long bidPrice = bids.bestPrice(), bidQty = bids.bestTotal();
        long askPrice = asks.bestPrice(), askQty = asks.bestTotal();
        byte side = (byte) (symbolSide & 1);
        long open = orders.quantity(slot);
        if (newPrice == price && newQuantity <= open) {
            reduceInPlace(seq, symbol, orderId, side, slot, level, price, open, newQuantity);
        } else {
            sink.onModified(seq, symbol, orderId, side, newPrice, newQuantity, false);
            boolean buy = side == Side.BUY;
            PriceBand own = book.side(side);
            leave(own, seq, symbol, slot, level, price, open);
            PriceBand opposite = book.opposite(side);
            boolean crosses = opposite.crossedBy(newPrice);
            long remaining = crosses ? match(book, opposite, seq, orderId, buy, side, newPrice, newQuantity) : newQuantity;
            if (remaining > 0) {
                if (remaining != open) orders.setQuantity(slot, remaining);
                long moved = idEntry(slot, rest(own, own.find(newPrice), seq, symbol, slot, newPrice, remaining));
                // The order's new level into its id entry: in place, with no second probe, unless
                // the sweep removed makers from the map (which may have shifted this entry).
                if (crosses) ids.put(orderId, moved);
                else ids.setValueAt(at, moved);
            } else {
                ids.remove(orderId);
                orders.pool.free(slot);
            }
        }
        topOfBook(book, seq, bidPrice, bidQty, askPrice, askQty);
    }

    /** Cold path of {@link #modify}: no such symbol, no such order on it, or another account's order. */
    private void rejectModify(SymbolBook book, int symbol, long orderId, int symbolSide) {
        sink.onRejected(CommandType.MODIFY, symbol, orderId,
                book == null ? RejectReason.UNKNOWN_SYMBOL
                        : symbolSide >> 1 != symbol ? RejectReason.UNKNOWN_ORDER : RejectReason.NOT_OWNER);
    }

    @Override
    public void massCancel(int account, int symbol) {
        checkAlive(); // the walk below reads records by raw address before any checked access
        if (symbol != ALL_SYMBOLS && book(symbol) == null) {
            sink.onRejected(CommandType.MASS_CANCEL, symbol, 0, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        long seq = ++sequence;
        int cancelled = 0;
        if (symbol == ALL_SYMBOLS) {
            for (SymbolBook book : books) {
                if (book != null) cancelled += massCancel(book, seq, account);
            }
        } else {
            cancelled = massCancel(books[symbol], seq, account);
        }
        sink.onMassCancelled(seq, account, symbol, cancelled);
    }

    /**
     * Cancels {@code account}'s orders on one symbol: collects their slots in book order first
     * (cancelling while walking would drop levels under the walk), then cancels each as a
     * cancel command would; returns how many.
     */
    private int massCancel(SymbolBook book, long seq, int account) {
        int n = collect(book.bids, account, 0);
        n = collect(book.asks, account, n);
        if (n == 0) return 0;
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        long bidPrice = bids.bestPrice(), bidQty = bids.bestTotal();
        long askPrice = asks.bestPrice(), askQty = asks.bestTotal();
        int symbol = book.symbol;
        for (int i = 0; i < n; i++) {
            int slot = RawMemory.getInt(scratch + 4L * i);
            long orderId = orders.orderId(slot);
            byte side = (byte) (orders.symbolSide(slot) & 1);
            int level = (int) (ids.get(orderId) >>> 32) - 1; // the order's level, as a cancel reads it
            long price = levels.price(level);
            long open = orders.quantity(slot);
            sink.onCancelled(seq, symbol, orderId, side, price, open, CancelReason.MASS);
            leave(book.side(side), seq, symbol, slot, level, price, open);
            ids.remove(orderId);
            orders.pool.free(slot);
        }
        topOfBook(book, seq, bidPrice, bidQty, askPrice, askQty);
        return n;
    }

    /** Appends the slots of {@code account}'s orders on {@code band}, best level first, to the scratch array from {@code n}. */
    private int collect(PriceBand band, int account, int n) {
        for (int l = band.best(); l != NONE; l = band.next(l)) {
            for (int o = levels.head(l); o != NONE; o = orders.next(o)) {
                if (orders.account(o) == account) RawMemory.putInt(scratch + 4L * n++, o);
            }
        }
        return n;
    }

    /** A modify that keeps the price and does not raise the quantity keeps its place in the queue. */
    private void reduceInPlace(long seq, int symbol, long orderId, byte side, int slot, int level, long price,
                               long open, long newQuantity) {
        sink.onModified(seq, symbol, orderId, side, price, newQuantity, true);
        orders.setQuantity(slot, newQuantity);
        long total = books[symbol].side(side).reduce(level, open - newQuantity);
        sink.onLevel(seq, symbol, side, price, total, levels.count(level));
    }

    /**
     * {@inheritDoc} Same decoding as the interface's default, with the first eight bytes (type,
     * side, order type, time in force, symbol) read in one checked load and, when the record lies
     * whole in a native segment, the other fields by raw address (one bounds and liveness check
     * per command instead of one per field).
     */
    @Override
    public void apply(MemorySegment commands, long offset) {
        // Checked: the segment is alive, this thread may read it, and the first eight bytes are in it.
        long head = commands.get(HEAD, offset + CommandDescriptor.TYPE_OFFSET);
        long orderId, price, quantity;
        int account;
        if (commands.isNative() && commands.byteSize() - offset >= CommandDescriptor.LENGTH) {
            // The whole record is inside that live native segment: the other fields by raw address.
            long at = commands.address() + offset;
            orderId = RawMemory.getLong(at + CommandDescriptor.ORDER_ID_OFFSET);
            price = RawMemory.getLong(at + CommandDescriptor.PRICE_OFFSET);
            quantity = RawMemory.getLong(at + CommandDescriptor.QUANTITY_OFFSET);
            account = RawMemory.getInt(at + CommandDescriptor.ACCOUNT_OFFSET);
        } else { // a heap segment, or a record cut short: checked reads (which throw for the latter)
            orderId = CommandDescriptor.orderId(commands, offset);
            price = CommandDescriptor.price(commands, offset);
            quantity = CommandDescriptor.quantity(commands, offset);
            account = CommandDescriptor.account(commands, offset);
        }
        byte type = (byte) head;
        int symbol = (int) (head >>> 32);
        switch (type) {
            case CommandType.NEW_ORDER -> newOrder(symbol, orderId, account, (byte) (head >>> 8), (byte) (head >>> 16),
                    (byte) (head >>> 24), price, quantity);
            case CommandType.CANCEL -> cancel(symbol, orderId, account);
            case CommandType.MODIFY -> modify(symbol, orderId, account, price, quantity);
            case CommandType.MASS_CANCEL -> massCancel(account, symbol);
            default -> rejectUnknownCommand(symbol, orderId);
        }
    }

    @Override
    public void rejectUnknownCommand(int symbol, long orderId) {
        sink.onRejected((byte) 0, symbol, orderId, RejectReason.UNKNOWN_COMMAND);
    }

    // ---- matching ---------------------------------------------------------------------------

    /**
     * Sweeps {@code opposite} from its best level while the taker has quantity and the level
     * price is acceptable; returns the taker's unfilled quantity.
     */
    private long match(SymbolBook book, PriceBand opposite, long seq, long takerId, boolean buy, byte side,
                       long limit, long quantity) {
        long remaining = quantity;
        int symbol = book.symbol;
        byte makerSide = opposite.side;
        while (remaining > 0 && opposite.crossedBy(limit)) {
            int l = opposite.best();
            long lp = opposite.bestPrice();
            int o = levels.head(l);
            long total = levels.total(l);
            int count = levels.count(l);
            while (remaining > 0 && o != NONE) {
                long oq = orders.quantity(o);
                long fill = Math.min(oq, remaining);
                remaining -= fill;
                oq -= fill;
                total -= fill;
                long makerId = orders.orderId(o);
                sink.onTrade(seq, symbol, makerId, takerId, side, lp, fill, oq, remaining);
                if (oq == 0) {
                    int next = orders.next(o);
                    ids.remove(makerId);
                    orders.pool.free(o);
                    count--;
                    o = next;
                } else {
                    orders.setQuantity(o, oq);
                }
            }
            opposite.takeFront(l, o, count, total); // drops the level when it emptied
            book.lastTradePrice = lp;
            sink.onLevel(seq, symbol, makerSide, lp, total, count);
        }
        return remaining;
    }

    /** True when the opposite side holds at least {@code quantity} at acceptable prices; changes nothing. */
    private boolean canFill(PriceBand opposite, boolean buy, long limit, long quantity) {
        long available = 0;
        for (int l = opposite.best(); l != NONE; l = opposite.next(l)) {
            long lp = levels.price(l);
            if (buy ? lp > limit : lp < limit) return false;
            available += levels.total(l); // bounded by maxQuantity * maxOrders <= Long.MAX_VALUE
            if (available >= quantity) return true;
        }
        return false;
    }

    /** Puts order {@code slot} (fields set) at the back of its level and reports the level; returns the level. */
    private int rest(PriceBand band, int found, long seq, int symbol, int slot, long price, long quantity) {
        int l = band.rest(found, price, slot, quantity);
        sink.onLevel(seq, symbol, band.side, price, levels.total(l), levels.count(l));
        return l;
    }

    /** Takes order {@code slot} out of its level and reports the level; the slot stays allocated. */
    private void leave(PriceBand band, long seq, int symbol, int slot, int level, long price, long open) {
        long total = band.leave(level, slot, open); // drops the level if it empties
        sink.onLevel(seq, symbol, band.side, price, total, total == 0 ? 0 : levels.count(level));
    }

    /** Publishes the top of book if either side's best price or quantity changed during the command. */
    private void topOfBook(SymbolBook book, long seq, long bidPrice, long bidQty, long askPrice, long askQty) {
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        // One branch: the four comparisons are combined without short-circuiting.
        if (((bids.bestPrice() ^ bidPrice) | (bids.bestTotal() ^ bidQty) | (asks.bestPrice() ^ askPrice) | (asks.bestTotal() ^ askQty)) != 0)
            publishTop(book, seq);
    }

    private void publishTop(SymbolBook book, long seq) {
        PriceBand bids = book.bids;
        PriceBand asks = book.asks;
        sink.onTopOfBook(seq, book.symbol, bids.bestPrice(), bids.bestTotal(), asks.bestPrice(), asks.bestTotal());
    }

    // ---- snapshot restore -------------------------------------------------------------------

    @Override
    public void restoreOrder(int symbol, long orderId, int account, byte side, long price, long quantity) {
        SymbolBook book = book(symbol);
        if (book == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        if (!Side.isValid(side)) throw new IllegalArgumentException("bad side " + side);
        if (price <= 0 || quantity <= 0) throw new IllegalArgumentException("bad price/quantity " + price + "/" + quantity);
        // A level holds one price: an off-tick price would share (and rewrite) an on-tick level.
        if (price % book.tickSize != 0) throw new IllegalArgumentException("price " + price + " off tick " + book.tickSize);
        if (ids.get(orderId) != LongLongMap.ABSENT) throw new IllegalStateException("duplicate order id " + orderId);
        int slot = orders.pool.allocate();
        if (slot < 0) throw new IllegalStateException("no free order slot for " + orderId);
        orders.init(slot, orderId, account, symbol, side, quantity);
        ids.put(orderId, idEntry(slot, book.side(side).rest(price, slot, quantity)));
    }

    @Override
    public void restoreLastTradePrice(int symbol, long price) {
        checkAlive();
        SymbolBook book = book(symbol);
        if (book == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        if (price < 0 || price % book.tickSize != 0)
            throw new IllegalArgumentException("last trade price " + price + " is not 0 (none) or a positive multiple of tick "
                    + book.tickSize);
        book.lastTradePrice = price;
    }

    @Override
    public void restoreLastSequence(long lastSequence) {
        checkAlive();
        if (lastSequence < 0 || lastSequence == Long.MAX_VALUE)
            throw new IllegalArgumentException("last sequence " + lastSequence + " outside [0, Long.MAX_VALUE)");
        this.sequence = lastSequence;
    }

    // ---- queries ----------------------------------------------------------------------------

    @Override
    public long lastSequence() {
        checkAlive();
        return sequence;
    }

    @Override
    public long bestBid(int symbol) {
        checkAlive();
        SymbolBook book = book(symbol);
        return book == null ? 0 : book.bids.bestPrice();
    }

    @Override
    public long bestAsk(int symbol) {
        checkAlive();
        SymbolBook book = book(symbol);
        return book == null ? 0 : book.asks.bestPrice();
    }

    @Override
    public long lastTradePrice(int symbol) {
        checkAlive();
        SymbolBook book = book(symbol);
        return book == null ? 0 : book.lastTradePrice;
    }

    @Override
    public int restingOrders() {
        checkAlive();
        return orders.pool.used();
    }

    @Override
    public void visitBook(int symbol, BookVisitor visitor) {
        checkAlive();
        SymbolBook book = book(symbol);
        if (book == null) return;
        visitSide(book.bids, visitor);
        visitSide(book.asks, visitor);
    }

    private void visitSide(PriceBand band, BookVisitor visitor) {
        for (int l = band.best(); l != NONE; l = band.next(l)) {
            long price = levels.price(l);
            visitor.level(band.side, price, levels.total(l), levels.count(l));
            for (int o = levels.head(l); o != NONE; o = orders.next(o))
                visitor.order(band.side, price, orders.orderId(o), orders.account(o), orders.quantity(o));
        }
    }

    @Override
    public long digest() {
        checkAlive();
        StateDigest d = digest.reset();
        d.mix(sequence).mix(symbolCount);
        for (SymbolBook book : books) {
            if (book == null) continue;
            d.mix(book.symbol).mix(book.lastTradePrice);
            digestSide(d, book.bids);
            digestSide(d, book.asks);
        }
        return d.value();
    }

    private void digestSide(StateDigest d, PriceBand band) {
        d.mix(band.levelCount());
        for (int l = band.best(); l != NONE; l = band.next(l)) {
            d.mix(levels.price(l)).mix(levels.total(l)).mix(levels.count(l));
            for (int o = levels.head(l); o != NONE; o = orders.next(o))
                d.mix(orders.orderId(o)).mix(orders.quantity(o)).mix(orders.account(o));
        }
    }

    /** The raw-address walks must not read freed memory: fail like a checked access would. */
    private void checkAlive() {
        if (!scope.isAlive()) throw new IllegalStateException("the engine's memory has been freed (closed)");
    }

    // ---- for tests in this package ------------------------------------------------------------

    /** Non-empty levels of one side. */
    int levelCount(int symbol, byte side) {
        return books[symbol].side(side).levelCount();
    }
}
