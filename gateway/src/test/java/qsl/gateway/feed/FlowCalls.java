package qsl.gateway.feed;

import qsl.book.Engine;

/** The engine's command signatures in one place (account 0 for every order). */
final class FlowCalls {
    static final int ACCOUNT = 0;

    private FlowCalls() {}

    static void newOrder(Engine e, int symbol, long id, byte side, byte type, byte tif, long price, long qty) {
        e.newOrder(symbol, id, side, type, tif, price, qty);
    }

    static void cancel(Engine e, int symbol, long id) {
        e.cancel(symbol, id);
    }

    static void modify(Engine e, int symbol, long id, long price, long qty) {
        e.modify(symbol, id, price, qty);
    }
}
