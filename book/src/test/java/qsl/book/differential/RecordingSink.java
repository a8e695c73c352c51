package qsl.book.differential;

import java.util.ArrayList;
import java.util.List;
import qsl.book.CancelReason;
import qsl.book.EventSink;
import qsl.book.RejectReason;

/** Records every {@link EventSink} call as a value, so two engines' outputs compare with {@code equals}. */
public final class RecordingSink implements EventSink {

    /** One recorded event; {@code toString} is what a failure report prints. */
    public sealed interface Event permits Accepted, Trade, Cancelled, Modified, Rejected, Level, TopOfBook,
            MassCancelled {}

    public record Accepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) implements Event {}

    public record Trade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                       long makerRemaining, long takerRemaining) implements Event {}

    public record Cancelled(long seq, int symbol, long orderId, byte side, long price, long quantity, byte reason) implements Event {
        @Override
        public String toString() {
            String r = switch (reason) {
                case CancelReason.USER -> "USER";
                case CancelReason.UNFILLED -> "UNFILLED";
                case CancelReason.FOK_KILLED -> "FOK_KILLED";
                case CancelReason.MASS -> "MASS";
                default -> "REASON_" + reason;
            };
            return "Cancelled[seq=" + seq + ", symbol=" + symbol + ", orderId=" + orderId + ", side=" + side
                    + ", price=" + price + ", quantity=" + quantity + ", reason=" + r + "]";
        }
    }

    public record Modified(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean keptPriority) implements Event {}

    public record Rejected(byte commandType, int symbol, long orderId, byte reason) implements Event {
        @Override
        public String toString() {
            return "Rejected[cmd=" + commandType + ", symbol=" + symbol + ", orderId=" + orderId + ", "
                    + RejectReason.name(reason) + "]";
        }
    }

    public record Level(long seq, int symbol, byte side, long price, long total, int count) implements Event {}

    public record TopOfBook(long seq, int symbol, long bid, long bidQty, long ask, long askQty) implements Event {}

    public record MassCancelled(long seq, int account, int symbol, int count) implements Event {}

    private final List<Event> events = new ArrayList<>();

    public List<Event> events() {
        return events;
    }

    /** Returns the events recorded so far and starts a fresh list. */
    public List<Event> drain() {
        List<Event> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        events.add(new Accepted(seq, symbol, orderId, side, type, tif, price, quantity));
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price,
                        long quantity, long makerRemaining, long takerRemaining) {
        events.add(new Trade(seq, symbol, makerOrderId, takerOrderId, takerSide, price, quantity, makerRemaining, takerRemaining));
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        events.add(new Cancelled(seq, symbol, orderId, side, price, cancelledQuantity, reason));
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        events.add(new Modified(seq, symbol, orderId, side, newPrice, newQuantity, keptPriority));
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
        events.add(new Rejected(commandType, symbol, orderId, reason));
    }

    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        events.add(new MassCancelled(seq, account, symbol, cancelledCount));
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {
        events.add(new Level(seq, symbol, side, price, totalQuantity, orderCount));
    }

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {
        events.add(new TopOfBook(seq, symbol, bidPrice, bidQuantity, askPrice, askQuantity));
    }
}
