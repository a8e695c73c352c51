package qsl.gateway.feed;

import java.util.SplittableRandom;
import qsl.book.Engine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/**
 * A seeded random command flow over a few symbols that exercises every event the publisher
 * translates: resting and crossing limit orders (GTC, IOC, FOK), market orders, cancels,
 * mass cancels (one account, one symbol or all), priority-keeping reductions, price moves and quantity increases. Some commands are rejected
 * (unknown ids); that is part of the flow.
 */
final class Flow {
    final SplittableRandom random;
    final int symbols;
    private long nextId = 1;

    Flow(long seed, int symbols) {
        this.random = new SplittableRandom(seed);
        this.symbols = symbols;
    }

    /** Runs one command on {@code engine}. */
    void step(Engine engine) {
        int symbol = random.nextInt(symbols);
        int kind = random.nextInt(100);
        long price = 90 + random.nextInt(21);
        long qty = 1 + random.nextInt(20);
        byte side = random.nextBoolean() ? Side.BUY : Side.SELL;
        if (kind < 45) {
            FlowCalls.newOrder(engine, symbol, nextId++, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
        } else if (kind < 50) {
            FlowCalls.newOrder(engine, symbol, nextId++, side, OrderType.LIMIT, TimeInForce.IOC, price, qty);
        } else if (kind < 53) {
            FlowCalls.newOrder(engine, symbol, nextId++, side, OrderType.LIMIT, TimeInForce.FOK, price, qty * 3);
        } else if (kind < 55) {
            FlowCalls.newOrder(engine, symbol, nextId++, side, OrderType.MARKET, TimeInForce.IOC, 0, qty);
        } else if (kind < 70) {
            FlowCalls.cancel(engine, symbol, recentId());
        } else if (kind < 80) {
            FlowCalls.modify(engine, symbol, recentId(), price, qty); // a move or a size change
        } else if (kind < 95) {
            // a same-price reduction (keeps priority) when the id rests at that price; otherwise rejected or a move
            long id = recentId();
            FlowCalls.modify(engine, symbol, id, price, 1 + random.nextInt(3));
        } else if (kind < 99) {
            FlowCalls.modify(engine, symbol, recentId(), price, 30 + random.nextInt(30)); // quantity increase
        } else {
            FlowCalls.massCancel(engine, random.nextInt(FlowCalls.ACCOUNTS), random.nextBoolean() ? symbol : Engine.ALL_SYMBOLS);
        }
    }

    private long recentId() {
        long span = Math.min(nextId - 1, 200);
        return span <= 0 ? 1 : nextId - 1 - random.nextInt((int) span);
    }
}
