package qsl.book;

import java.util.ArrayList;
import java.util.List;

/** Renders one symbol's book through {@link Engine#visitBook} as lines, for state assertions. */
final class BookDump implements BookVisitor {
    private final List<String> lines = new ArrayList<>();

    static List<String> of(Engine engine, int symbol) {
        BookDump d = new BookDump();
        engine.visitBook(symbol, d);
        return d.lines;
    }

    /** "BUY 100 tot=15 n=2 [#1:5 #2:10]" per level, bids best to worst then asks. */
    static String text(Engine engine, int symbol) {
        return String.join("\n", of(engine, symbol));
    }

    private StringBuilder current;

    @Override
    public void level(byte side, long price, long totalQuantity, int orderCount) {
        current = new StringBuilder(RecordedEvents.side(side) + " " + price + " tot=" + totalQuantity + " n=" + orderCount + " [");
        lines.add("");
        if (orderCount == 0) lines.set(lines.size() - 1, current + "]");
    }

    @Override
    public void order(byte side, long price, long orderId, int account, long openQuantity) {
        if (current.charAt(current.length() - 1) != '[') current.append(' ');
        current.append('#').append(orderId).append(':').append(openQuantity);
        if (account != 0) current.append("/a").append(account); // account 0 is left out
        lines.set(lines.size() - 1, current + "]");
    }
}
