package qsl.bench.engine;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.IOrder;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import qsl.book.CommandDescriptor;
import qsl.book.CommandType;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/**
 * The peer: exchange-core 0.5.3's {@link OrderBookDirectImpl} (one per symbol) driven by the same
 * {@link CommandDescriptor} records as qsl's engine, through one reused {@link OrderCommand}, the way
 * exchange-core's own matching-engine stage calls it ({@link IOrderBook#processCommand}).
 *
 * <p>Translation:
 * <ul>
 *   <li>NEW_ORDER limit GTC / IOC: {@code PLACE_ORDER} with {@code OrderType.GTC} / {@code IOC},
 *       BUY as {@code BID}, SELL as {@code ASK}. A market order becomes an IOC at the most
 *       aggressive price ({@code Long.MAX_VALUE} to buy, {@code 1} to sell: exchange-core has no
 *       market type). FOK has no counterpart in the direct book (0.5.3 supports only
 *       {@code FOK_BUDGET}, a different rule): {@link #check} refuses a stream that holds one.</li>
 *   <li>CANCEL: {@code CANCEL_ORDER}.</li>
 *   <li>MODIFY: {@code MOVE_ORDER} (exchange-core moves price only). When a stream holds modifies
 *       that also change the open quantity, {@link #quantityAwareModify(boolean)} turns on an
 *       exact mapping that looks the order up first: a reduction is {@code REDUCE_ORDER} then the
 *       move; an increase is cancel plus a new GTC order with the same id (qsl's
 *       cancel-and-re-insert); an unchanged price is no move. The plain mapping is used when
 *       {@link #check} finds no such modify, so the peer pays no extra look-up.</li>
 * </ul>
 * Every order belongs to one user (exchange-core's direct book does not check self-trade, and
 * cancel/move require the owner's uid). The symbol is a futures contract so that a move is never
 * refused by the exchange-pair bid reserve-price rule.
 *
 * <p>Events: exchange-core 0.5.3 allocates one {@link MatcherTradeEvent} per trade, reduce and
 * reject (its event pooling is disabled in that release); {@link #apply} walks the chain and
 * counts trades and traded quantity, the peer's equivalent of qsl's counting sink.
 */
public final class ExchangeCoreBooks {
    /** The single user every order belongs to. */
    static final long UID = 1;

    private final IOrderBook[] books;
    private final OrderCommand cmd = new OrderCommand();
    private boolean quantityAwareModify;

    private long trades;
    private long tradedQuantity;
    private long otherEvents;
    private long failedCommands;
    private long quantityChangingModifies;

    public ExchangeCoreBooks(int symbols) {
        books = new IOrderBook[symbols];
        ObjectsPool pool = new ObjectsPool(poolConfig());
        for (int s = 0; s < symbols; s++) {
            CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                    .symbolId(s)
                    .type(SymbolType.FUTURES_CONTRACT)
                    .baseCurrency(0)
                    .quoteCurrency(1)
                    .baseScaleK(1)
                    .quoteScaleK(1)
                    .takerFee(0)
                    .makerFee(0)
                    .marginBuy(0)
                    .marginSell(0)
                    .build();
            books[s] = new OrderBookDirectImpl(spec, pool, OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
                    LoggingConfiguration.DEFAULT);
        }
    }

    /** The object-pool sizes exchange-core's matching-engine stage configures for its books. */
    private static Map<Integer, Integer> poolConfig() {
        Map<Integer, Integer> m = new HashMap<>();
        m.put(ObjectsPool.DIRECT_ORDER, 1024 * 1024);
        m.put(ObjectsPool.DIRECT_BUCKET, 1024 * 64);
        m.put(ObjectsPool.ART_NODE_4, 1024 * 32);
        m.put(ObjectsPool.ART_NODE_16, 1024 * 16);
        m.put(ObjectsPool.ART_NODE_48, 1024 * 8);
        m.put(ObjectsPool.ART_NODE_256, 1024 * 4);
        return m;
    }

    /**
     * Turns the exact (look-up first) modify mapping on or off; see the class comment.
     *
     * @return this
     */
    public ExchangeCoreBooks quantityAwareModify(boolean on) {
        quantityAwareModify = on;
        return this;
    }

    /**
     * Refuses a stream the peer cannot express: FOK orders, unknown command types, symbols out of
     * range.
     *
     * @throws IllegalArgumentException naming the first such record and its offset
     */
    public static void check(MemorySegment commands, long count, int symbols) {
        for (long i = 0; i < count; i++) {
            long at = i * CommandDescriptor.LENGTH;
            byte type = CommandDescriptor.type(commands, at);
            int symbol = CommandDescriptor.symbol(commands, at);
            if (!CommandType.isValid(type) || type == CommandType.MASS_CANCEL) { // no mass cancel in the peer's book API
                throw new IllegalArgumentException("record " + i + " at offset " + at + ": unknown command type " + type);
            }
            if (symbol < 0 || symbol >= symbols) {
                throw new IllegalArgumentException("record " + i + " at offset " + at + ": symbol " + symbol + " out of range");
            }
            if (type == CommandType.NEW_ORDER && CommandDescriptor.tif(commands, at) == TimeInForce.FOK) {
                throw new IllegalArgumentException("record " + i + " at offset " + at
                        + ": FOK has no counterpart in exchange-core's direct order book");
            }
        }
    }

    /** Decodes the record at {@code offset} and runs it on the symbol's book. */
    public void apply(MemorySegment commands, long offset) {
        byte type = CommandDescriptor.type(commands, offset);
        int symbol = CommandDescriptor.symbol(commands, offset);
        long orderId = CommandDescriptor.orderId(commands, offset);
        IOrderBook book = books[symbol];
        OrderCommand c = cmd;
        c.symbol = symbol;
        c.orderId = orderId;
        c.uid = UID;
        c.matcherEvent = null;
        if (type == CommandType.NEW_ORDER) {
            place(book, c, CommandDescriptor.side(commands, offset), CommandDescriptor.orderType(commands, offset),
                    CommandDescriptor.tif(commands, offset), CommandDescriptor.price(commands, offset),
                    CommandDescriptor.quantity(commands, offset));
        } else if (type == CommandType.CANCEL) {
            c.command = OrderCommandType.CANCEL_ORDER;
            run(book, c);
        } else if (type == CommandType.MODIFY) {
            long newPrice = CommandDescriptor.price(commands, offset);
            if (quantityAwareModify) {
                modifyExactly(book, c, newPrice, CommandDescriptor.quantity(commands, offset));
            } else {
                c.command = OrderCommandType.MOVE_ORDER;
                c.price = newPrice;
                run(book, c);
            }
        } else {
            failedCommands++;
        }
    }

    private void place(IOrderBook book, OrderCommand c, byte side, byte orderType, byte tif, long price, long quantity) {
        OrderAction action = side == Side.BUY ? OrderAction.BID : OrderAction.ASK;
        c.command = OrderCommandType.PLACE_ORDER;
        c.action = action;
        c.size = quantity;
        if (orderType == OrderType.MARKET) {
            c.orderType = exchange.core2.core.common.OrderType.IOC;
            c.price = action == OrderAction.BID ? Long.MAX_VALUE : 1;
        } else {
            c.orderType = tif == TimeInForce.IOC ? exchange.core2.core.common.OrderType.IOC
                    : exchange.core2.core.common.OrderType.GTC;
            c.price = price;
        }
        c.reserveBidPrice = c.price;
        c.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        run(book, c);
    }

    private void modifyExactly(IOrderBook book, OrderCommand c, long newPrice, long newQuantity) {
        IOrder order = book.getOrderById(c.orderId);
        if (order == null) {
            failedCommands++;
            return;
        }
        long open = order.getSize() - order.getFilled();
        if (newQuantity != open) {
            quantityChangingModifies++;
        }
        if (newQuantity > open) {
            byte side = order.getAction() == OrderAction.BID ? Side.BUY : Side.SELL;
            c.command = OrderCommandType.CANCEL_ORDER;
            run(book, c);
            c.matcherEvent = null;
            place(book, c, side, OrderType.LIMIT, TimeInForce.GTC, newPrice, newQuantity);
            return;
        }
        if (newQuantity < open) {
            c.command = OrderCommandType.REDUCE_ORDER;
            c.size = open - newQuantity;
            run(book, c);
            c.matcherEvent = null;
        }
        if (newPrice != order.getPrice()) {
            c.command = OrderCommandType.MOVE_ORDER;
            c.price = newPrice;
            run(book, c);
        }
    }

    private void run(IOrderBook book, OrderCommand c) {
        CommandResultCode code = IOrderBook.processCommand(book, c);
        if (code != CommandResultCode.SUCCESS) {
            failedCommands++;
        }
        for (MatcherTradeEvent e = c.matcherEvent; e != null; e = e.nextEvent) {
            if (e.eventType == MatcherEventType.TRADE) {
                trades++;
                tradedQuantity += e.size;
            } else {
                otherEvents++;
            }
        }
    }

    /** Trades (one per maker fill) since construction. */
    public long trades() {
        return trades;
    }

    public long tradedQuantity() {
        return tradedQuantity;
    }

    /** Reduce and reject events (cancels, IOC remainders). */
    public long otherEvents() {
        return otherEvents;
    }

    /** Commands exchange-core refused (unknown order id on cancel/move, duplicate ids). */
    public long failedCommands() {
        return failedCommands;
    }

    /** Modifies (seen with the quantity-aware mapping on) whose new quantity differs from the open quantity. */
    public long quantityChangingModifies() {
        return quantityChangingModifies;
    }

    /** Resting orders across all symbols (walks the books: not for hot paths). */
    public int restingOrders() {
        int n = 0;
        for (IOrderBook b : books) {
            n += b.getOrdersNum(OrderAction.ASK) + b.getOrdersNum(OrderAction.BID);
        }
        return n;
    }

    /** Open quantity resting across all symbols (not for hot paths). */
    public long restingQuantity() {
        long q = 0;
        for (IOrderBook b : books) {
            q += b.getTotalOrdersVolume(OrderAction.ASK) + b.getTotalOrdersVolume(OrderAction.BID);
        }
        return q;
    }

    /** Appends every resting order id of every symbol to {@code sink} as (symbol, orderId). */
    public void forEachResting(RestingOrderVisitor sink) {
        for (int s = 0; s < books.length; s++) {
            final int symbol = s;
            books[s].askOrdersStream(false).forEach(o -> sink.order(symbol, o.getOrderId()));
            books[s].bidOrdersStream(false).forEach(o -> sink.order(symbol, o.getOrderId()));
        }
    }

    /** Receives resting orders from {@link #forEachResting}. */
    @FunctionalInterface
    public interface RestingOrderVisitor {
        void order(int symbol, long orderId);
    }
}
