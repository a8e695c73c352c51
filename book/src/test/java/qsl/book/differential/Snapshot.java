package qsl.book.differential;

import java.util.ArrayList;
import java.util.List;
import qsl.book.BookVisitor;
import qsl.book.Engine;
import qsl.book.SymbolSpec;

/** Everything observable about an engine between commands, as a comparable value. */
record Snapshot(long lastSequence, int restingOrders, long digest, List<SymbolView> symbols) {

    record LevelRow(byte side, long price, long total, int count) {}

    record OrderRow(byte side, long price, long orderId, int account, long open) {}

    /** {@code walk} holds the visitor's calls in order: each LevelRow followed by its OrderRows. */
    record SymbolView(int symbol, long bestBid, long bestAsk, long lastTrade, List<Record> walk) {}

    static Snapshot of(Engine e, List<SymbolSpec> symbols) {
        List<SymbolView> views = new ArrayList<>();
        for (SymbolSpec s : symbols) {
            List<Record> walk = new ArrayList<>();
            e.visitBook(s.symbol(), new BookVisitor() {
                @Override
                public void level(byte side, long price, long totalQuantity, int orderCount) {
                    walk.add(new LevelRow(side, price, totalQuantity, orderCount));
                }

                @Override
                public void order(byte side, long price, long orderId, int account, long openQuantity) {
                    walk.add(new OrderRow(side, price, orderId, account, openQuantity));
                }
            });
            views.add(new SymbolView(s.symbol(), e.bestBid(s.symbol()), e.bestAsk(s.symbol()), e.lastTradePrice(s.symbol()), walk));
        }
        return new Snapshot(e.lastSequence(), e.restingOrders(), e.digest(), views);
    }
}
