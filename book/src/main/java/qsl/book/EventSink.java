package qsl.book;

/**
 * Receives the engine's events. Every call carries primitives only, so emitting an event
 * allocates nothing. Calls arrive on the engine thread, in the order below, synchronously
 * inside the command that caused them.
 *
 * <p>Re-entrancy: a sink must not send commands to (or restore state into) the engine that
 * calls it: the command in progress has not finished, and a nested one would run on a half-done
 * book. Queries, {@code visitBook} and {@code digest} may be called from a sink (the walks keep no
 * shared cursor), but they see the book as it is at that point of the command.
 *
 * <p>Sequence numbers: each accepted command takes the next number of one engine-wide
 * counter, and every event it causes carries that number ({@code seq}). A rejected command
 * takes none. The price "none" (no bid, no ask, no last trade) is {@code 0}: valid prices are
 * strictly positive.
 *
 * <p>Per command, events come in this order:
 * <ol>
 *   <li>the primary event: {@link #onAccepted}, {@link #onModified} or {@link #onCancelled} (reason
 *       USER); or a single {@link #onRejected} and nothing else;</li>
 *   <li>for a modify that loses priority: {@link #onLevel} for the level it left;</li>
 *   <li>for each opposite level the taker trades at, best first: its {@link #onTrade} calls in
 *       FIFO order, then one {@link #onLevel} with that level's state after the sweep step;</li>
 *   <li>the rest: {@link #onCancelled} (reason UNFILLED or FOK_KILLED) or, if it rests,
 *       {@link #onLevel} for the level it joined; a same-price reduction that keeps priority emits
 *       {@link #onLevel} for its level; a cancel emits {@link #onLevel} for the level it left;</li>
 *   <li>{@link #onTopOfBook} once, if the best bid or ask price or the quantity at either
 *       changed during the command.</li>
 * </ol>
 * A fill-or-kill that cannot fill in full emits accepted then cancelled (FOK_KILLED) and
 * nothing else: the book is untouched.
 *
 * <p>A mass cancel ({@link Engine#massCancel}) emits, per symbol in ascending id order, for each of
 * the account's orders in book order an {@link #onCancelled} (reason MASS) then the
 * {@link #onLevel} of the level it left, then that symbol's {@link #onTopOfBook} if it changed;
 * and last one {@link #onMassCancelled}.
 */
public interface EventSink {

    void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity);

    /**
     * A trade, always at the resting maker's price.
     *
     * @param seq the taker's command sequence number
     * @param makerRemaining the maker's open quantity after this fill (0: it left the book)
     * @param takerRemaining the taker's unfilled quantity after this fill
     */
    void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide,
                 long price, long quantity, long makerRemaining, long takerRemaining);

    /** An order left the book, or never reached it, without filling in full. */
    void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason);

    /**
     * A resting order was modified.
     *
     * @param keptPriority true for a same-price reduction (stays in place), false for
     *     cancel-and-reinsert (price change or quantity increase)
     */
    void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority);

    /**
     * A command was refused before it changed anything; it has no sequence number.
     *
     * @param commandType a {@link CommandType} code
     * @param reason a {@link RejectReason} code
     */
    void onRejected(byte commandType, int symbol, long orderId, byte reason);

    /**
     * The end of an accepted mass cancel: the last event of its command.
     *
     * @param symbol the command's symbol ({@link Engine#ALL_SYMBOLS} for every symbol)
     * @param cancelledCount orders cancelled (0 when the account had none)
     */
    void onMassCancelled(long seq, int account, int symbol, int cancelledCount);

    /** One price level's state after a step of the command; {@code 0, 0} when it emptied. */
    void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount);

    /** Best bid and ask after the command, with the total quantity at each; 0 for none. */
    void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity);

    /** A sink that drops everything, for benchmarks that measure matching alone. */
    EventSink NONE = new EventSink() {
        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {}
        @Override public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity, long makerRemaining, long takerRemaining) {}
        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {}
        @Override public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {}
        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {}
        @Override public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {}
        @Override public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {}
        @Override public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {}
    };
}
