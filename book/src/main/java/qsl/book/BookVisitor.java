package qsl.book;

/**
 * Walks one symbol's book without allocating: bids best to worst, then asks best to worst;
 * for each level, {@link #level} then its orders in time priority.
 *
 * <p>Re-entrancy: a visitor may call the engine's queries, {@code visitBook} and {@code digest}
 * (the walks keep no shared cursor, so they nest), but must not send commands or restore state
 * during a walk: the walk would continue over a book that changed under it.
 */
public interface BookVisitor {
    void level(byte side, long price, long totalQuantity, int orderCount);

    /** One resting order; {@code account} is the account that entered it. */
    void order(byte side, long price, long orderId, int account, long openQuantity);
}
