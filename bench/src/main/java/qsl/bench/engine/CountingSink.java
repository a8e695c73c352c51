package qsl.bench.engine;

import qsl.book.EventSink;

/**
 * An {@link EventSink} that consumes every event cheaply: it counts events and trades and sums
 * traded quantity and the sequence numbers it sees, in plain fields. Nothing is allocated, and
 * the sums depend on every call's arguments, so the JIT cannot drop the engine's event work.
 */
public final class CountingSink implements EventSink {
    private long events;
    private long trades;
    private long tradedQuantity;
    private long rejects;
    private long checksum;

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        events++;
        checksum += seq ^ orderId;
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide,
                        long price, long quantity, long makerRemaining, long takerRemaining) {
        events++;
        trades++;
        tradedQuantity += quantity;
        checksum += price ^ makerRemaining ^ takerRemaining;
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        events++;
        checksum += orderId ^ cancelledQuantity;
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        events++;
        checksum += newPrice ^ newQuantity;
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
        events++;
        rejects++;
        checksum += orderId ^ reason;
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {
        events++;
        checksum += price ^ totalQuantity;
    }

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {
        events++;
        checksum += bidPrice ^ askPrice;
    }

    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        events++;
        checksum += cancelledCount;
    }

    public long events() {
        return events;
    }

    /** Trades (one per maker fill). */
    public long trades() {
        return trades;
    }

    public long tradedQuantity() {
        return tradedQuantity;
    }

    public long rejects() {
        return rejects;
    }

    /** A value that depends on every event; hand it to a Blackhole so nothing is dead code. */
    public long checksum() {
        return checksum;
    }
}
