package qsl.gateway.feed;

import qsl.book.Engine;

/** The engine's command signatures in one place: an order's account is its id modulo {@link #ACCOUNTS}. */
final class FlowCalls {
    static final int ACCOUNTS = 4;

    private FlowCalls() {}

    static int account(long id) {
        return (int) Math.floorMod(id, (long) ACCOUNTS);
    }

    static void newOrder(Engine e, int symbol, long id, byte side, byte type, byte tif, long price, long qty) {
        e.newOrder(symbol, id, account(id), side, type, tif, price, qty);
    }

    static void cancel(Engine e, int symbol, long id) {
        e.cancel(symbol, id, account(id));
    }

    static void modify(Engine e, int symbol, long id, long price, long qty) {
        e.modify(symbol, id, account(id), price, qty);
    }

    static void massCancel(Engine e, int account, int symbol) {
        e.massCancel(account, symbol);
    }
}
