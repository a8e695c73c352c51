package qsl.gateway.feed;

import java.util.ArrayList;
import java.util.List;
import qsl.book.BookVisitor;
import qsl.book.Engine;

/** Full-depth dumps of an engine's book and a feed book, line per level and per order, for exact comparison. */
final class BookDumps {
    private BookDumps() {}

    static List<String> engine(Engine engine, int symbol) {
        List<String> out = new ArrayList<>();
        engine.visitBook(symbol, new EngineVisitor(out));
        return out;
    }

    static List<String> feed(MboBook book, int symbol) {
        List<String> out = new ArrayList<>();
        book.visit(symbol, new MboBook.Visitor() {
            @Override public void level(byte side, long price, long total, int count) {
                out.add("L " + side + " " + price + " " + total + " " + count);
            }

            @Override public void order(byte side, long price, long id, long qty) {
                out.add("O " + side + " " + price + " " + id + " " + qty);
            }
        });
        return out;
    }

    private static final class EngineVisitor implements BookVisitor {
        private final List<String> out;

        EngineVisitor(List<String> out) {
            this.out = out;
        }

        @Override public void level(byte side, long price, long total, int count) {
            out.add("L " + side + " " + price + " " + total + " " + count);
        }

        @Override public void order(byte side, long price, long id, int account, long qty) {
            out.add("O " + side + " " + price + " " + id + " " + qty);
        }
    }
}
