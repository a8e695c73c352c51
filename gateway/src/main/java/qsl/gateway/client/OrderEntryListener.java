package qsl.gateway.client;

/**
 * Receives the node's order-entry responses, decoded, as primitives (symbols as the 8-byte keys
 * of {@code qsl.protocol.entry.Symbols}). {@code seq} is the response's SoupBinTCP sequence
 * number. Called on the thread that calls {@link OrderEntryClient#poll()}; the methods must not
 * call back into the client's receive path. Every method has an empty default.
 */
public interface OrderEntryListener {
    default void onAccepted(long seq, long token, long orderId, long symbol, byte side, byte orderType, byte timeInForce,
                            long price, long quantity) {}

    default void onRejected(long seq, long token, byte reason) {}

    default void onExecuted(long seq, long token, long orderId, long matchId, long price, long quantity, long leavesQuantity,
                            byte liquidity) {}

    default void onCanceled(long seq, long token, long orderId, long canceledQuantity, byte reason) {}

    default void onReplaced(long seq, long oldToken, long newToken, long orderId, long price, long quantity,
                            boolean keptPriority) {}

    default void onCancelReject(long seq, long token, byte reason) {}

    default void onReplaceReject(long seq, long existingToken, long replacementToken, byte reason) {}

    default void onMassCancelAck(long seq, long symbol, int canceledCount, byte reason) {}

    /**
     * A Sequenced Data packet whose message does not decode ({@code entryError} is a
     * {@code qsl.protocol.entry.EntryError} code). It still counts in the sequence.
     */
    default void onUndecodable(long seq, int entryError) {}

    /** The server sent End of Session; the connection is closed. */
    default void onEndOfSession() {}
}
