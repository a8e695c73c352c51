package qsl.book;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@link EventSink} that records every event as one readable line, for tests that assert
 * exact event sequences. Line formats:
 * <pre>
 *   "1 acc s0 #7 BUY LIMIT GTC 10@100"
 *   "1 trade s0 m#3 t#7 BUY 5@100 mr=0 tr=5"
 *   "1 cxl s0 #7 BUY 5@100 UNFILLED"
 *   "1 mod s0 #7 BUY 5@100 kept"          (or "moved")
 *   "rej NEW_ORDER s0 #7 DUPLICATE_ORDER_ID"
 *   "1 lvl s0 SELL 100 tot=5 n=1"
 *   "1 tob s0 99x10 / 101x5"
 *   "1 mass a3 s-1 n=2"                  (account 3, every symbol, 2 orders cancelled)
 * </pre>
 */
final class RecordedEvents implements EventSink {
    private final List<String> lines = new ArrayList<>();

    static String side(byte s) {
        return s == Side.BUY ? "BUY" : s == Side.SELL ? "SELL" : "SIDE" + s;
    }

    static String type(byte t) {
        return t == OrderType.LIMIT ? "LIMIT" : t == OrderType.MARKET ? "MARKET" : "TYPE" + t;
    }

    static String tif(byte t) {
        return switch (t) {
            case TimeInForce.GTC -> "GTC";
            case TimeInForce.IOC -> "IOC";
            case TimeInForce.FOK -> "FOK";
            default -> "TIF" + t;
        };
    }

    static String command(byte c) {
        return switch (c) {
            case CommandType.NEW_ORDER -> "NEW_ORDER";
            case CommandType.CANCEL -> "CANCEL";
            case CommandType.MODIFY -> "MODIFY";
            case CommandType.MASS_CANCEL -> "MASS_CANCEL";
            default -> "CMD" + c;
        };
    }

    static String cancelReason(byte r) {
        return switch (r) {
            case CancelReason.USER -> "USER";
            case CancelReason.UNFILLED -> "UNFILLED";
            case CancelReason.FOK_KILLED -> "FOK_KILLED";
            case CancelReason.MASS -> "MASS";
            default -> "REASON" + r;
        };
    }

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        lines.add(seq + " acc s" + symbol + " #" + orderId + " " + side(side) + " " + type(type) + " " + tif(tif)
                + " " + quantity + "@" + price);
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price,
                        long quantity, long makerRemaining, long takerRemaining) {
        lines.add(seq + " trade s" + symbol + " m#" + makerOrderId + " t#" + takerOrderId + " " + side(takerSide)
                + " " + quantity + "@" + price + " mr=" + makerRemaining + " tr=" + takerRemaining);
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        lines.add(seq + " cxl s" + symbol + " #" + orderId + " " + side(side) + " " + cancelledQuantity + "@" + price
                + " " + cancelReason(reason));
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        lines.add(seq + " mod s" + symbol + " #" + orderId + " " + side(side) + " " + newQuantity + "@" + newPrice
                + (keptPriority ? " kept" : " moved"));
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
        lines.add("rej " + command(commandType) + " s" + symbol + " #" + orderId + " " + RejectReason.name(reason));
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {
        lines.add(seq + " lvl s" + symbol + " " + side(side) + " " + price + " tot=" + totalQuantity + " n=" + orderCount);
    }

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {
        lines.add(seq + " tob s" + symbol + " " + bidQuantity + "x" + bidPrice + " / " + askQuantity + "x" + askPrice);
    }

    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        lines.add(seq + " mass a" + account + " s" + symbol + " n=" + cancelledCount);
    }

    /** Everything recorded since the last {@link #take()}, then forgets it. */
    List<String> take() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }

    /** Asserts the events since the last take are exactly {@code expected}, in order. */
    void expect(String... expected) {
        assertEquals(String.join("\n", expected), String.join("\n", take()));
    }

    /** Forgets what was recorded. */
    void clear() {
        lines.clear();
    }

    int size() {
        return lines.size();
    }
}
