package qsl.gateway.fix;

/**
 * The per-session order-entry responses (Accepted, Rejected, Executed, Canceled, Replaced,
 * Cancel Reject, Replace Reject, Mass Cancel Ack), as a venue delivers them to one session,
 * in the order the engine produced them and only once they are durable. Primitives only.
 */
public interface EntryResponses {
    void onAccepted(long token, long orderId, int symbol, byte side, byte type, byte tif, long price, long quantity);

    /** @param reason an engine reject reason (1..31) or a gateway reason (32 and up) */
    void onRejected(long token, byte reason);

    /** @param liquidity {@code 'A'} added (maker) or {@code 'R'} removed (taker) */
    void onExecuted(long token, long orderId, long matchId, long price, long quantity, long leaves, byte liquidity);

    void onCanceled(long token, long orderId, long canceledQuantity, byte reason);

    /** @param quantity the order's open quantity after the replace */
    void onReplaced(long oldToken, long newToken, long orderId, long price, long quantity, boolean keptPriority);

    void onCancelReject(long token, byte reason);

    void onReplaceReject(long oldToken, long newToken, byte reason);

    void onMassCancelAck(int symbol, int count);
}
