package qsl.book;

/** A {@link MatchingEngine} with recorded events and short-hand commands for tests. */
final class EngineFixture implements AutoCloseable {
    static final byte B = Side.BUY;
    static final byte S = Side.SELL;
    static final byte L = OrderType.LIMIT;
    static final byte M = OrderType.MARKET;
    static final byte GTC = TimeInForce.GTC;
    static final byte IOC = TimeInForce.IOC;
    static final byte FOK = TimeInForce.FOK;

    final RecordedEvents events = new RecordedEvents();
    final MatchingEngine engine;
    /** The account the short-hand commands act as (0 until {@link #as} changes it). */
    int account;

    EngineFixture(int maxOrders, int maxSymbols, int bandLevels) {
        engine = new MatchingEngine(new EngineConfig(maxOrders, maxSymbols, bandLevels), events);
    }

    /** 1,000 orders, 4 symbols, a 64-level band; symbol 0 open around 100. */
    static EngineFixture small() {
        EngineFixture f = new EngineFixture(1000, 4, 64);
        f.engine.addSymbol(SymbolSpec.open(0, 100));
        return f;
    }

    /** Later short-hand commands act as {@code account}. */
    EngineFixture as(int account) {
        this.account = account;
        return this;
    }

    EngineFixture gtc(long id, byte side, long price, long qty) {
        engine.newOrder(0, id, account, side, L, GTC, price, qty);
        return this;
    }

    EngineFixture buy(long id, long price, long qty) {
        return gtc(id, B, price, qty);
    }

    EngineFixture sell(long id, long price, long qty) {
        return gtc(id, S, price, qty);
    }

    EngineFixture order(long id, byte side, byte type, byte tif, long price, long qty) {
        engine.newOrder(0, id, account, side, type, tif, price, qty);
        return this;
    }

    EngineFixture cancel(long id) {
        engine.cancel(0, id, account);
        return this;
    }

    EngineFixture modify(long id, long price, long qty) {
        engine.modify(0, id, account, price, qty);
        return this;
    }

    /** A mass cancel of the current account's orders on {@code symbol} ({@link Engine#ALL_SYMBOLS}: all). */
    EngineFixture massCancel(int symbol) {
        engine.massCancel(account, symbol);
        return this;
    }

    /** Forgets the events so far (the set-up of a test). */
    EngineFixture settle() {
        events.clear();
        return this;
    }

    String book() {
        return BookDump.text(engine, 0);
    }

    @Override
    public void close() {
        engine.close();
    }
}
