package qsl.gateway.fix;

/**
 * The order-entry commands a FIX session hands to the venue: the same commands a binary
 * order-entry session sends (Enter, Cancel, Replace, Mass Cancel), named by the session's own
 * tokens. Side, order type and time in force are the engine's codes
 * ({@code qsl.book.Side}, {@code OrderType}, {@code TimeInForce}); prices are engine price
 * units; a replace quantity is the new open quantity. The venue answers each command through
 * the session's {@link EntryResponses}.
 */
public interface EntryCommands {
    void enterOrder(int session, long token, int symbol, byte side, byte type, byte tif, long price, long quantity);

    void cancelOrder(int session, long token);

    void replaceOrder(int session, long oldToken, long newToken, long price, long openQuantity);

    /** {@code symbol == -1}: every symbol. */
    void massCancel(int session, int symbol);
}
