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
 */
public interface Engine {

    /** Registers a symbol's rules; before any command for it. Not a sequenced command. */
    void addSymbol(SymbolSpec spec);

    void newOrder(int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity);

    void cancel(int symbol, long orderId);

    /**
     * Changes a resting order's price and open quantity. The new values pass the same checks
     * as a new limit order (the collar only when the price changes). A same-price change to a
     * quantity no larger than the open quantity keeps time priority; anything else is a cancel
     * plus re-insert as GTC at the back of the new level, and may trade on the way in.
     */
    void modify(int symbol, long orderId, long newPrice, long newQuantity);

    /** Decodes one {@link CommandDescriptor} record at {@code offset} and runs it. */
    default void apply(MemorySegment commands, long offset) {
        byte type = CommandDescriptor.type(commands, offset);
        int symbol = CommandDescriptor.symbol(commands, offset);
        long orderId = CommandDescriptor.orderId(commands, offset);
        long price = CommandDescriptor.price(commands, offset);
        long quantity = CommandDescriptor.quantity(commands, offset);
        switch (type) {
            case CommandType.NEW_ORDER -> newOrder(symbol, orderId, CommandDescriptor.side(commands, offset),
                    CommandDescriptor.orderType(commands, offset), CommandDescriptor.tif(commands, offset), price, quantity);
            case CommandType.CANCEL -> cancel(symbol, orderId);
            case CommandType.MODIFY -> modify(symbol, orderId, price, quantity);
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
    void restoreOrder(int symbol, long orderId, byte side, long price, long quantity);

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
