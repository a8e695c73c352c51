package qsl.book;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.book.EngineFixture.*;

/**
 * The price band's two slow paths (overflow levels and re-centring), prices at the ends of the
 * long range, and long drifts checked against {@link PlainBook}. The band is 64 levels wide here
 * so that every path is reached with a handful of orders.
 */
class PriceBandTest {
    private static final long MAX = Long.MAX_VALUE;

    @Test
    void farWorsePricesGoToOverflowAndComeBackWhenTheBandEmpties() {
        try (EngineFixture f = EngineFixture.small()) { // band 64 around 100: ticks [68, 132)
            f.buy(1, 100, 1).buy(2, 10, 2).buy(3, 5, 3).buy(4, 20, 4).buy(5, 10, 5);
            assertEquals(String.join("\n",
                    "BUY 100 tot=1 n=1 [#1:1]",
                    "BUY 20 tot=4 n=1 [#4:4]",
                    "BUY 10 tot=7 n=2 [#2:2 #5:5]",
                    "BUY 5 tot=3 n=1 [#3:3]"), f.book());
            f.settle();
            f.cancel(1);
            f.events.expect("6 cxl s0 #1 BUY 1@100 USER", "6 lvl s0 BUY 100 tot=0 n=0", "6 tob s0 4x20 / 0x0");
            assertEquals(20, f.engine.bestBid(0));
            f.cancel(2); // an order that moved from overflow into the band is still found
            assertEquals("BUY 20 tot=4 n=1 [#4:4]\nBUY 10 tot=5 n=1 [#5:5]\nBUY 5 tot=3 n=1 [#3:3]", f.book());
        }
    }

    @Test
    void aBetterPriceBeyondTheBandGoesToTheBetterChainAndIsTheBest() {
        try (EngineFixture f = EngineFixture.small()) { // ask window [68, 132)
            f.sell(1, 100, 1).sell(2, 101, 2).sell(3, 3, 3); // 3 is below the window: better
            assertEquals(3, f.engine.bestAsk(0));
            f.sell(4, 50, 4); // also better than the window, behind 3
            assertEquals(String.join("\n",
                    "SELL 3 tot=3 n=1 [#3:3]",
                    "SELL 50 tot=4 n=1 [#4:4]",
                    "SELL 100 tot=1 n=1 [#1:1]",
                    "SELL 101 tot=2 n=1 [#2:2]"), f.book());
            f.cancel(4).sell(4, 70, 4).settle(); // inside the window
            f.order(5, B, L, IOC, 200, 10);
            f.events.expect(
                    "7 acc s0 #5 BUY LIMIT IOC 10@200",
                    "7 trade s0 m#3 t#5 BUY 3@3 mr=0 tr=7",
                    "7 lvl s0 SELL 3 tot=0 n=0",
                    "7 trade s0 m#4 t#5 BUY 4@70 mr=0 tr=3",
                    "7 lvl s0 SELL 70 tot=0 n=0",
                    "7 trade s0 m#1 t#5 BUY 1@100 mr=0 tr=2",
                    "7 lvl s0 SELL 100 tot=0 n=0",
                    "7 trade s0 m#2 t#5 BUY 2@101 mr=0 tr=0",
                    "7 lvl s0 SELL 101 tot=0 n=0",
                    "7 tob s0 0x0 / 0x0");
        }
    }

    @Test
    void aLongChainMovesTheWindowEvenPastAStaleBest() {
        try (EngineFixture f = EngineFixture.small()) { // bid window [68, 132)
            f.buy(1, 100, 1); // the stale best, far above where the market goes
            int limit = 32;
            for (int i = 0; i < limit; i++) f.buy(2 + i, 40 - i, 1); // 40, 39, ...: worse than the window, chained
            f.buy(100, 3, 1); // the chain is full: the window moves down to 3, the stale best leaves it
            assertEquals(100, f.engine.bestBid(0));
            List<String> book = BookDump.of(f.engine, 0);
            assertEquals("BUY 100 tot=1 n=1 [#1:1]", book.get(0));
            assertEquals("BUY 40 tot=1 n=1 [#2:1]", book.get(1));
            assertEquals("BUY 3 tot=1 n=1 [#100:1]", book.get(book.size() - 1));
            assertEquals(limit + 2, book.size());
            f.order(200, S, M, IOC, 0, limit + 2); // sweeps every level in price order
            assertEquals(0, f.engine.restingOrders());
            assertEquals(0, f.engine.bestBid(0));
            assertEquals(3, f.engine.lastTradePrice(0));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aJumpPastAFullChainMovesItsLevelsToTheOtherChain(boolean bids) {
        byte side = bids ? B : S;
        try (EngineFixture f = new EngineFixture(1000, 1, 64)) {
            f.engine.addSymbol(SymbolSpec.open(0, 5000)); // window [4968, 5032)
            int limit = 32;
            long step = bids ? 1 : -1; // towards better prices
            f.gtc(1, side, 5000, 1);
            for (int i = 0; i < limit; i++) f.gtc(2 + i, side, 5000 + step * (100 + i), 1); // the better chain, full
            long far = 5000 + step * 3000;
            f.gtc(100, side, far, 1); // better again: the window jumps to it, past the whole chain
            List<String> book = BookDump.of(f.engine, 0);
            String name = bids ? "BUY" : "SELL";
            assertEquals(name + " " + far + " tot=1 n=1 [#100:1]", book.get(0));
            for (int i = 0; i < limit; i++) {
                int id = 1 + limit - i;
                assertEquals(name + " " + (5000 + step * (100 + limit - 1 - i)) + " tot=1 n=1 [#" + id + ":1]", book.get(1 + i));
            }
            assertEquals(name + " 5000 tot=1 n=1 [#1:1]", book.get(limit + 1));
            // Sweep it all: every level in price order, and the side ends empty.
            f.settle();
            f.order(500, bids ? S : B, M, IOC, 0, limit + 2);
            List<String> ev = f.events.take();
            assertTrue(ev.get(1).contains("@" + far), ev.get(1));
            assertTrue(ev.get(ev.size() - 3).contains("@5000"), ev.get(ev.size() - 3));
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void fillOrKillCountsOverflowLevels() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 5).sell(2, 100_000, 5).settle();
            f.order(3, B, L, FOK, 100_000, 11);
            f.events.expect("3 acc s0 #3 BUY LIMIT FOK 11@100000", "3 cxl s0 #3 BUY 11@100000 FOK_KILLED");
            f.order(4, B, L, FOK, 99_999, 10);
            f.events.expect("4 acc s0 #4 BUY LIMIT FOK 10@99999", "4 cxl s0 #4 BUY 10@99999 FOK_KILLED");
            f.order(5, B, L, FOK, 100_000, 10);
            assertEquals("", f.book());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {100, 127, 128, 131})
    void bestAcrossTheCircularWrapOfTheBand(long top) {
        // Window [68, 132): position 127 is the last slot of the words, 128 wraps to slot 0.
        try (EngineFixture f = EngineFixture.small()) {
            List<Long> prices = new ArrayList<>();
            for (long p = top; p > top - 6; p--) prices.add(p);
            int id = 1;
            for (long p : prices) f.buy(id++, p, 1);
            for (long p : prices) f.sell(id++, p + 200, 1); // far asks, their own band
            for (int i = 0; i < prices.size(); i++) {
                assertEquals(prices.get(i), f.engine.bestBid(0));
                f.cancel(i + 1);
            }
            assertEquals(0, f.engine.bestBid(0));
            for (int i = 0; i < prices.size(); i++) {
                assertEquals(prices.get(prices.size() - 1) + 200 + i, f.engine.bestAsk(0));
                f.cancel(prices.size() * 2 - i);
            }
            assertEquals(0, f.engine.bestAsk(0));
        }
    }

    @Test
    void pricesAtTheTopOfTheLongRange() {
        try (EngineFixture f = new EngineFixture(100, 1, 64)) {
            f.engine.addSymbol(SymbolSpec.open(0, 0)); // band starts at 0, far from these prices
            f.sell(1, MAX, 1).sell(2, MAX - 1, 1).sell(3, MAX, 1).buy(4, MAX - 2, 1).buy(5, 1, 1);
            assertEquals(MAX - 1, f.engine.bestAsk(0));
            assertEquals(MAX - 2, f.engine.bestBid(0));
            assertEquals(String.join("\n",
                    "BUY " + (MAX - 2) + " tot=1 n=1 [#4:1]",
                    "BUY 1 tot=1 n=1 [#5:1]",
                    "SELL " + (MAX - 1) + " tot=1 n=1 [#2:1]",
                    "SELL " + MAX + " tot=2 n=2 [#1:1 #3:1]"), f.book());
            f.settle();
            f.order(6, B, M, IOC, 0, 3); // a limit of 3 at MAX would break the notional limit
            f.events.expect(
                    "6 acc s0 #6 BUY MARKET IOC 3@0",
                    "6 trade s0 m#2 t#6 BUY 1@" + (MAX - 1) + " mr=0 tr=2",
                    "6 lvl s0 SELL " + (MAX - 1) + " tot=0 n=0",
                    "6 trade s0 m#1 t#6 BUY 1@" + MAX + " mr=0 tr=1",
                    "6 trade s0 m#3 t#6 BUY 1@" + MAX + " mr=0 tr=0",
                    "6 lvl s0 SELL " + MAX + " tot=0 n=0",
                    "6 tob s0 1x" + (MAX - 2) + " / 0x0");
            f.cancel(4); // band of the bids re-centres from the top of the range down to 1
            assertEquals(1, f.engine.bestBid(0));
            f.order(7, S, M, IOC, 0, 1);
            assertEquals(0, f.engine.bestBid(0));
            assertEquals(1, f.engine.lastTradePrice(0));
        }
    }

    @Test
    void aHugeTickAndPricesNearTheTop() {
        long tick = 1_000_000_000_000_000_000L; // 1e18: the largest multiple is 9e18
        try (EngineFixture f = new EngineFixture(100, 1, 64)) {
            f.engine.addSymbol(new SymbolSpec(0, tick, 1, 5, MAX, 0, 5 * tick));
            f.buy(1, 9 * tick, 1).buy(2, tick, 1).sell(3, 9 * tick, 1).sell(5, 8 * tick, 1);
            f.events.take();
            assertEquals(tick, f.engine.bestBid(0));
            assertEquals(8 * tick, f.engine.bestAsk(0));
            assertEquals(9 * tick, f.engine.lastTradePrice(0));
            f.buy(4, 9 * tick - 1, 1);
            f.events.expect("rej NEW_ORDER s0 #4 TICK_SIZE");
        }
    }

    /** A market that walks {@code steps} times by up to {@code jump} ticks, orders on both sides, checked against {@link PlainBook}. */
    private static void drift(long seed, int steps, int jump, long start, int bandLevels) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (EngineFixture f = new EngineFixture(4096, 1, bandLevels)) {
            f.engine.addSymbol(SymbolSpec.open(0, start));
            PlainBook plain = new PlainBook();
            long mid = start;
            long nextId = 1;
            List<Long> ids = new ArrayList<>();
            int maxLevels = 0;
            for (int step = 0; step < steps; step++) {
                mid = Math.max(10 * jump + 10, mid + rnd.nextInt(-jump, jump + 1));
                for (int k = 0; k < 4; k++) {
                    long id = nextId++;
                    byte side = rnd.nextBoolean() ? B : S;
                    long off = 1 + rnd.nextInt(3 * bandLevels);
                    long price = side == B ? mid - off : mid + off;
                    if (rnd.nextInt(10) == 0) price = side == B ? mid + rnd.nextInt(5) : mid - rnd.nextInt(5); // crossing
                    long qty = 1 + rnd.nextInt(20);
                    boolean gtc = rnd.nextInt(5) != 0;
                    f.engine.newOrder(0, id, 0, side, L, gtc ? GTC : IOC, price, qty);
                    plain.limit(id, side, price, qty, gtc);
                    if (gtc) ids.add(id);
                }
                // Move or resize a few: within the level, across it, and far away.
                for (int k = 0; k < 2 && !ids.isEmpty(); k++) {
                    long id = ids.get(rnd.nextInt(ids.size()));
                    long price = Math.max(1, mid + rnd.nextInt(-4 * bandLevels, 4 * bandLevels + 1));
                    long qty = 1 + rnd.nextInt(20);
                    boolean live = plain.modify(id, price, qty);
                    f.events.clear();
                    f.engine.modify(0, id, 0, price, qty);
                    assertEquals(live, !f.events.take().get(0).startsWith("rej"), "modify #" + id);
                }
                // Cancel a few, mostly old ones, so far levels linger and then vanish.
                for (int k = 0; k < 3 && !ids.isEmpty(); k++) {
                    int at = rnd.nextInt(10) < 7 ? rnd.nextInt(Math.min(ids.size(), 8)) : rnd.nextInt(ids.size());
                    long id = ids.remove(at);
                    boolean live = plain.cancel(id);
                    f.events.clear();
                    f.engine.cancel(0, id, 0);
                    assertEquals(live, !f.events.take().get(0).startsWith("rej"), "cancel #" + id);
                }
                if (ids.size() > 3000) ids.subList(0, 1000).clear();
                assertEquals(plain.bestBid(), f.engine.bestBid(0), "step " + step);
                assertEquals(plain.bestAsk(), f.engine.bestAsk(0), "step " + step);
                assertEquals(plain.size(), f.engine.restingOrders());
                if (step % 16 == 0 || step == steps - 1) assertEquals(plain.text(), f.book(), "step " + step);
                maxLevels = Math.max(maxLevels, f.engine.levelCount(0, B) + f.engine.levelCount(0, S));
                f.events.clear();
            }
            assertEquals(plain.lastTrade, f.engine.lastTradePrice(0));
            assertTrue(maxLevels > 20, "levels spread over many widths: " + maxLevels);
        }
    }

    @Test
    void aMarketDriftingUpAcrossManyBandWidths() {
        drift(1, 1500, 40, 1000, 64);
    }

    @Test
    void aRandomWalkWithJumpsOfSeveralWidths() {
        drift(2, 1500, 300, 100_000, 64);
        drift(3, 800, 1000, 1_000_000, 128);
    }
}
