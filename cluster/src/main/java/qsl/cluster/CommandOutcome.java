package qsl.cluster;

import qsl.book.EventSink;

/**
 * Summarises the events of one engine command into what its response carries: the primary
 * event, its reason code, the order id, and what traded. Holds the current command's summary
 * only; {@link #reset()} before each command. Allocates nothing.
 */
final class CommandOutcome implements EventSink {
    byte outcome;
    byte reason;
    long sequence;
    long orderId;
    long filled;
    long trades;

    void reset() {
        outcome = ClusterResponseDescriptor.NONE;
        reason = 0;
        sequence = 0;
        orderId = 0;
        filled = 0;
        trades = 0;
    }

    private void primary(byte o, long seq, long id, byte r) {
        if (outcome == ClusterResponseDescriptor.NONE) {
            outcome = o;
            sequence = seq;
            orderId = id;
            reason = r;
        }
    }

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        primary(ClusterResponseDescriptor.ACCEPTED, seq, orderId, (byte) 0);
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity,
                        long makerRemaining, long takerRemaining) {
        filled += quantity;
        trades++;
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        primary(ClusterResponseDescriptor.CANCELLED, seq, orderId, reason);
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        primary(ClusterResponseDescriptor.MODIFIED, seq, orderId, (byte) 0);
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
        primary(ClusterResponseDescriptor.REJECTED, 0, orderId, reason);
    }

    /** A mass cancel's outcome is the mass cancel itself (its per-order cancels come first); its order id field carries the count. */
    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        outcome = ClusterResponseDescriptor.MASS_CANCELLED;
        sequence = seq;
        orderId = cancelledCount;
        reason = 0;
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {}

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {}
}
