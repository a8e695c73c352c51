package qsl.gateway.feed;

import qsl.book.BookVisitor;
import qsl.book.Engine;

/**
 * Seeds a (re)started publisher's mirror from an engine's book, on the thread that owns the
 * engine state, before {@link FeedPublisher#start}: every resting order of every named symbol,
 * in time priority. Clients of the new session learn that book from a snapshot.
 */
public final class EngineSeed implements BookVisitor {
    private final FeedPublisher publisher;
    private int symbol;

    private EngineSeed(FeedPublisher publisher) {
        this.publisher = publisher;
    }

    /** Seeds {@code publisher} with the books of {@code symbols} as {@code engine} holds them now. */
    public static void seed(FeedPublisher publisher, Engine engine, int[] symbols) {
        EngineSeed seed = new EngineSeed(publisher);
        for (int s : symbols) {
            seed.symbol = s;
            engine.visitBook(s, seed);
        }
    }

    @Override
    public void level(byte side, long price, long totalQuantity, int orderCount) {}

    @Override
    public void order(byte side, long price, long orderId, int account, long openQuantity) {
        publisher.seedOrder(symbol, orderId, side, price, openQuantity);
    }
}
