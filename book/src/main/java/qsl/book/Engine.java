package qsl.book;

import java.lang.foreign.MemorySegment;

/**
 * A deterministic multi-symbol matching engine: a pure function of the commands it is given.
 * Events go to the {@link EventSink} the engine was built with. Implementations: the off-heap
 * {@link MatchingEngine}, and an on-heap reference in the tests that checks it.
 *
 * <p>Order ids are engine-wide: a new order's id must not be live (resting) on any symbol, and
 * becomes reusable once its order is filled or cancelled. Cancel and modify name the symbol
 * the order rests on; any other symbol is {@link RejectReason#UNKNOWN_ORDER}.
 *
 * <p>Accounts: every order carries the account that entered it (an opaque {@code int} to the
 * engine; gateways assign non-negative ones and 0 is a valid account). Only that account may
 * cancel or modify it: another account gets {@link RejectReason#NOT_OWNER}, checked right after
 * UNKNOWN_ORDER. {@link #massCancel} cancels all of one account's orders. The account is part of
 * the engine's state: it is in snapshots ({@link #restoreOrder}, {@link BookVisitor#order}) and
 * in the {@link #digest()}.
 */
public interface Engine {

    /** The {@code symbol} of a {@link #massCancel} that covers every registered symbol. */
    int ALL_SYMBOLS = -1;

    /** Registers a symbol's rules; before any command for it. Not a sequenced command. */
    void addSymbol(SymbolSpec spec);

    void newOrder(int symbol, long orderId, int account, byte side, byte type, byte tif, long price, long quantity);

    /** Cancels a resting order of {@code account} (reason {@link CancelReason#USER}). */
    void cancel(int symbol, long orderId, int account);

    /**
     * Changes a resting order's price and open quantity. The new values pass the same checks
     * as a new limit order (the collar only when the price changes). A same-price change to a
     * quantity no larger than the open quantity keeps time priority; anything else is a cancel
     * plus re-insert as GTC at the back of the new level, and may trade on the way in. Only the
     * order's own {@code account} may modify it.
     */
    void modify(int symbol, long orderId, int account, long newPrice, long newQuantity);

    /**
     * Cancels every order of {@code account} resting on {@code symbol}, or on every registered
     * symbol when {@code symbol} is {@link #ALL_SYMBOLS}. A sequenced command: it takes a sequence
     * number when accepted, even when the account has no order to cancel; a symbol that is
     * neither registered nor {@link #ALL_SYMBOLS} is rejected {@link RejectReason#UNKNOWN_SYMBOL}.
     *
     * <p>Events: symbols in ascending id order (just the one for a single symbol); per symbol,
     * the account's orders in book order as of the start of the command (bids best to worst,
     * then asks best to worst, each level in time priority), each with
     * {@link EventSink#onCancelled} (reason {@link CancelReason#MASS}) followed by
     * {@link EventSink#onLevel} for the level it left; then that symbol's
     * {@link EventSink#onTopOfBook} if its top changed. Last, one
     * {@link EventSink#onMassCancelled} with the number of orders cancelled.
     */
    void massCancel(int account, int symbol);

    /** Decodes one {@link CommandDescriptor} record at {@code offset} and runs it. */
    default void apply(MemorySegment commands, long offset) {
        byte type = CommandDescriptor.type(commands, offset);
        int symbol = CommandDescriptor.symbol(commands, offset);
        long orderId = CommandDescriptor.orderId(commands, offset);
        long price = CommandDescriptor.price(commands, offset);
        long quantity = CommandDescriptor.quantity(commands, offset);
        int account = CommandDescriptor.account(commands, offset);
        switch (type) {
            case CommandType.NEW_ORDER -> newOrder(symbol, orderId, account, CommandDescriptor.side(commands, offset),
                    CommandDescriptor.orderType(commands, offset), CommandDescriptor.tif(commands, offset), price, quantity);
            case CommandType.CANCEL -> cancel(symbol, orderId, account);
            case CommandType.MODIFY -> modify(symbol, orderId, account, price, quantity);
            case CommandType.MASS_CANCEL -> massCancel(account, symbol);
            default -> rejectUnknownCommand(symbol, orderId);
        }
    }

    /** Reports a record whose command type is unknown (a {@link RejectReason#UNKNOWN_COMMAND}). */
    void rejectUnknownCommand(int symbol, long orderId);

    /**
     * Restores one resting order from a snapshot: placed at the back of its level, no matching,
     * no events, no risk checks beyond what a snapshot of a valid engine already satisfies.
     * Call in time-priority order on a fresh engine.
     */
    void restoreOrder(int symbol, long orderId, int account, byte side, long price, long quantity);

    /** Restores a symbol's last trade price from a snapshot (0: it has not traded). */
    void restoreLastTradePrice(int symbol, long price);

    /** Restores the sequence counter from a snapshot; the next accepted command takes {@code lastSequence + 1}. */
    void restoreLastSequence(long lastSequence);

    /** The sequence number of the last accepted command; 0 before the first. */
    long lastSequence();

    /** Best bid price of the symbol, 0 when the bid side is empty. */
    long bestBid(int symbol);

    /** Best ask price of the symbol, 0 when the ask side is empty. */
    long bestAsk(int symbol);

    /** Price of the symbol's last trade, 0 before its first. */
    long lastTradePrice(int symbol);

    /** Number of orders resting across all symbols. */
    int restingOrders();

    void visitBook(int symbol, BookVisitor visitor);

    /**
     * A stable 64-bit digest of the whole engine state; see {@link StateDigest} for exactly
     * what it covers. Equal states give equal digests on every run and every machine.
     */
    long digest();
}
