package qsl.book;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.book.EngineFixture.*;

/** The bugs order books are known for, each pinned by exact events and state. */
class ClassicBugsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void cancelAnywhereInAFifoThenSweepTradesTheRestInOrder(int cancelled) {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 5).sell(2, 100, 6).sell(3, 100, 7).settle();
            long q = 4 + cancelled;
            f.cancel(cancelled);
            f.events.expect(
                    "4 cxl s0 #" + cancelled + " SELL " + q + "@100 USER",
                    "4 lvl s0 SELL 100 tot=" + (18 - q) + " n=2",
                    "4 tob s0 0x0 / " + (18 - q) + "x100");
            f.buy(4, 100, 18 - q);
            List<String> ev = f.events.take();
            long left = 18 - q;
            int i = 1;
            for (int id = 1; id <= 3; id++) {
                if (id == cancelled) continue;
                long fill = 4 + id;
                left -= fill;
                assertEquals("5 trade s0 m#" + id + " t#4 BUY " + fill + "@100 mr=0 tr=" + left, ev.get(i++));
            }
            assertEquals(List.of("5 lvl s0 SELL 100 tot=0 n=0", "5 tob s0 0x0 / 0x0"), ev.subList(i, ev.size()));
            assertEquals("", f.book());
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void cancellingTheBestLevelLeavesNoPhantomBestPrice() {
        try (EngineFixture f = EngineFixture.small()) {
            f.buy(1, 101, 5).buy(2, 100, 6).buy(3, 98, 7).settle();
            f.cancel(1);
            f.events.expect("4 cxl s0 #1 BUY 5@101 USER", "4 lvl s0 BUY 101 tot=0 n=0", "4 tob s0 6x100 / 0x0");
            assertEquals(100, f.engine.bestBid(0));
            f.cancel(2);
            f.events.expect("5 cxl s0 #2 BUY 6@100 USER", "5 lvl s0 BUY 100 tot=0 n=0", "5 tob s0 7x98 / 0x0");
            f.cancel(3);
            f.events.expect("6 cxl s0 #3 BUY 7@98 USER", "6 lvl s0 BUY 98 tot=0 n=0", "6 tob s0 0x0 / 0x0");
            assertEquals(0, f.engine.bestBid(0));
            // A sell at any price now rests: no phantom bid to trade with.
            f.sell(4, 99, 1);
            f.events.expect("7 acc s0 #4 SELL LIMIT GTC 1@99", "7 lvl s0 SELL 99 tot=1 n=1", "7 tob s0 0x0 / 1x99");
            f.buy(5, 97, 1);
            assertEquals(97, f.engine.bestBid(0));
        }
    }

    @Test
    void aMultiLevelSweepStopsExactlyAtTheLimitPrice() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 101, 1).sell(2, 102, 2).sell(3, 103, 3).sell(4, 104, 4).settle();
            f.buy(5, 103, 100);
            f.events.expect(
                    "5 acc s0 #5 BUY LIMIT GTC 100@103",
                    "5 trade s0 m#1 t#5 BUY 1@101 mr=0 tr=99",
                    "5 lvl s0 SELL 101 tot=0 n=0",
                    "5 trade s0 m#2 t#5 BUY 2@102 mr=0 tr=97",
                    "5 lvl s0 SELL 102 tot=0 n=0",
                    "5 trade s0 m#3 t#5 BUY 3@103 mr=0 tr=94",
                    "5 lvl s0 SELL 103 tot=0 n=0",
                    "5 lvl s0 BUY 103 tot=94 n=1",
                    "5 tob s0 94x103 / 4x104");
            assertEquals("BUY 103 tot=94 n=1 [#5:94]\nSELL 104 tot=4 n=1 [#4:4]", f.book());
            assertEquals(103, f.engine.lastTradePrice(0));
        }
    }

    @Test
    void aPartiallyFilledRestingOrderIsStillCancellable() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 10).buy(2, 100, 4).settle();
            f.cancel(1);
            f.events.expect("3 cxl s0 #1 SELL 6@100 USER", "3 lvl s0 SELL 100 tot=0 n=0", "3 tob s0 0x0 / 0x0");
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void staleCancelAndModifyAfterAFullFillAreUnknownOrders() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 5).buy(2, 100, 5).settle();
            long digest = f.engine.digest();
            f.cancel(1).modify(1, 100, 1).cancel(2).modify(2, 101, 1);
            f.events.expect(
                    "rej CANCEL s0 #1 UNKNOWN_ORDER",
                    "rej MODIFY s0 #1 UNKNOWN_ORDER",
                    "rej CANCEL s0 #2 UNKNOWN_ORDER",
                    "rej MODIFY s0 #2 UNKNOWN_ORDER");
            assertEquals(2, f.engine.lastSequence());
            assertEquals(digest, f.engine.digest());
        }
    }

    @Test
    void anIdIsReusableOnceItsOrderIsGone() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 5).buy(2, 100, 5).settle();
            f.sell(1, 101, 3).buy(2, 99, 3);
            f.events.expect(
                    "3 acc s0 #1 SELL LIMIT GTC 3@101", "3 lvl s0 SELL 101 tot=3 n=1", "3 tob s0 0x0 / 3x101",
                    "4 acc s0 #2 BUY LIMIT GTC 3@99", "4 lvl s0 BUY 99 tot=3 n=1", "4 tob s0 3x99 / 3x101");
            f.cancel(1).settle();
            f.buy(1, 98, 2);
            f.events.expect("6 acc s0 #1 BUY LIMIT GTC 2@98", "6 lvl s0 BUY 98 tot=2 n=1");
            // An IOC taker id never rests, so it is free again at once.
            f.order(7, B, L, IOC, 50, 1).order(7, B, L, IOC, 50, 1);
            assertEquals(8, f.engine.lastSequence());
            assertEquals("BUY 99 tot=3 n=1 [#2:3]\nBUY 98 tot=2 n=1 [#1:2]", f.book());
        }
    }

    @Test
    void aFiveThousandFillSweepAtOnePrice() {
        try (EngineFixture f = new EngineFixture(6000, 1, 64)) {
            f.engine.addSymbol(SymbolSpec.open(0, 100));
            for (int id = 1; id <= 5000; id++) f.sell(id, 100, 1 + id % 3);
            long total = 0;
            for (int id = 1; id <= 5000; id++) total += 1 + id % 3;
            f.settle();
            f.buy(9999, 100, total + 5);
            List<String> ev = f.events.take();
            assertEquals(5004, ev.size());
            assertEquals("5001 acc s0 #9999 BUY LIMIT GTC " + (total + 5) + "@100", ev.get(0));
            long left = total + 5;
            for (int id = 1; id <= 5000; id++) {
                long q = 1 + id % 3;
                left -= q;
                assertEquals("5001 trade s0 m#" + id + " t#9999 BUY " + q + "@100 mr=0 tr=" + left, ev.get(id));
            }
            assertEquals("5001 lvl s0 SELL 100 tot=0 n=0", ev.get(5001));
            assertEquals("5001 lvl s0 BUY 100 tot=5 n=1", ev.get(5002));
            assertEquals("5001 tob s0 5x100 / 0x0", ev.get(5003));
            assertEquals(1, f.engine.restingOrders());
        }
    }

    @Test
    void fillOrKillFillsInFullOrLeavesTheBookUntouched() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 101, 5).sell(2, 102, 5).settle();
            String book = f.book();
            f.order(3, B, L, FOK, 102, 11);
            f.events.expect("3 acc s0 #3 BUY LIMIT FOK 11@102", "3 cxl s0 #3 BUY 11@102 FOK_KILLED");
            f.order(4, B, L, FOK, 101, 6); // 10 on the book, only 5 at acceptable prices
            f.events.expect("4 acc s0 #4 BUY LIMIT FOK 6@101", "4 cxl s0 #4 BUY 6@101 FOK_KILLED");
            f.order(5, B, M, FOK, 0, 11);
            f.events.expect("5 acc s0 #5 BUY MARKET FOK 11@0", "5 cxl s0 #5 BUY 11@0 FOK_KILLED");
            assertEquals(book, f.book());
            assertEquals(0, f.engine.lastTradePrice(0));
            f.order(6, B, L, FOK, 102, 10);
            f.events.expect(
                    "6 acc s0 #6 BUY LIMIT FOK 10@102",
                    "6 trade s0 m#1 t#6 BUY 5@101 mr=0 tr=5",
                    "6 lvl s0 SELL 101 tot=0 n=0",
                    "6 trade s0 m#2 t#6 BUY 5@102 mr=0 tr=0",
                    "6 lvl s0 SELL 102 tot=0 n=0",
                    "6 tob s0 0x0 / 0x0");
            f.buy(7, 100, 3).settle();
            f.order(8, S, M, FOK, 0, 3);
            f.events.expect(
                    "8 acc s0 #8 SELL MARKET FOK 3@0",
                    "8 trade s0 m#7 t#8 SELL 3@100 mr=0 tr=0",
                    "8 lvl s0 BUY 100 tot=0 n=0",
                    "8 tob s0 0x0 / 0x0");
        }
    }

    @Test
    void anIocRemainderIsCancelled() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 101, 5).settle();
            f.order(2, B, L, IOC, 102, 8);
            f.events.expect(
                    "2 acc s0 #2 BUY LIMIT IOC 8@102",
                    "2 trade s0 m#1 t#2 BUY 5@101 mr=0 tr=3",
                    "2 lvl s0 SELL 101 tot=0 n=0",
                    "2 cxl s0 #2 BUY 3@102 UNFILLED",
                    "2 tob s0 0x0 / 0x0");
            f.order(3, S, L, IOC, 90, 4);
            f.events.expect("3 acc s0 #3 SELL LIMIT IOC 4@90", "3 cxl s0 #3 SELL 4@90 UNFILLED");
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void aMarketOrderOnAnEmptyBook() {
        try (EngineFixture f = EngineFixture.small()) {
            f.order(1, B, M, IOC, 0, 5);
            f.events.expect("1 acc s0 #1 BUY MARKET IOC 5@0", "1 cxl s0 #1 BUY 5@0 UNFILLED");
            f.order(2, S, M, FOK, 0, 5);
            f.events.expect("2 acc s0 #2 SELL MARKET FOK 5@0", "2 cxl s0 #2 SELL 5@0 FOK_KILLED");
            f.order(3, S, M, GTC, 0, 5);
            f.events.expect("rej NEW_ORDER s0 #3 INVALID_TIF");
            // A market order sweeps every price.
            f.sell(4, 1, 1).sell(5, 1_000_000, 2).settle();
            f.order(6, B, M, IOC, 0, 10);
            f.events.expect(
                    "5 acc s0 #6 BUY MARKET IOC 10@0",
                    "5 trade s0 m#4 t#6 BUY 1@1 mr=0 tr=9",
                    "5 lvl s0 SELL 1 tot=0 n=0",
                    "5 trade s0 m#5 t#6 BUY 2@1000000 mr=0 tr=7",
                    "5 lvl s0 SELL 1000000 tot=0 n=0",
                    "5 cxl s0 #6 BUY 7@0 UNFILLED",
                    "5 tob s0 0x0 / 0x0");
        }
    }

    @Test
    void modifyDownKeepsPriorityModifyUpLosesIt() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 100, 5).sell(2, 100, 5).settle();
            f.modify(1, 100, 3);
            f.events.expect("3 mod s0 #1 SELL 3@100 kept", "3 lvl s0 SELL 100 tot=8 n=2", "3 tob s0 0x0 / 8x100");
            assertEquals("SELL 100 tot=8 n=2 [#1:3 #2:5]", f.book());
            f.modify(1, 100, 3);
            f.events.expect("4 mod s0 #1 SELL 3@100 kept", "4 lvl s0 SELL 100 tot=8 n=2");
            f.modify(1, 100, 6);
            f.events.expect(
                    "5 mod s0 #1 SELL 6@100 moved",
                    "5 lvl s0 SELL 100 tot=5 n=1",
                    "5 lvl s0 SELL 100 tot=11 n=2",
                    "5 tob s0 0x0 / 11x100");
            assertEquals("SELL 100 tot=11 n=2 [#2:5 #1:6]", f.book());
            f.buy(3, 100, 5);
            f.events.expect(
                    "6 acc s0 #3 BUY LIMIT GTC 5@100",
                    "6 trade s0 m#2 t#3 BUY 5@100 mr=0 tr=0",
                    "6 lvl s0 SELL 100 tot=6 n=1",
                    "6 tob s0 0x0 / 6x100");
            // A price change loses priority even when it is a reduction.
            f.sell(4, 101, 1).sell(5, 101, 1).settle();
            f.modify(4, 100, 1).modify(4, 101, 1);
            assertEquals("SELL 100 tot=6 n=1 [#1:6]\nSELL 101 tot=2 n=2 [#5:1 #4:1]", f.book());
        }
    }

    @Test
    void aCrossingModifyTradesAtTheMakerPrice() {
        try (EngineFixture f = EngineFixture.small()) {
            f.buy(1, 100, 5).buy(2, 99, 5).sell(3, 105, 12).settle();
            f.modify(3, 95, 12);
            f.events.expect(
                    "4 mod s0 #3 SELL 12@95 moved",
                    "4 lvl s0 SELL 105 tot=0 n=0",
                    "4 trade s0 m#1 t#3 SELL 5@100 mr=0 tr=7",
                    "4 lvl s0 BUY 100 tot=0 n=0",
                    "4 trade s0 m#2 t#3 SELL 5@99 mr=0 tr=2",
                    "4 lvl s0 BUY 99 tot=0 n=0",
                    "4 lvl s0 SELL 95 tot=2 n=1",
                    "4 tob s0 0x0 / 2x95");
            assertEquals(99, f.engine.lastTradePrice(0));
            // Fully filled by its modify: the id is gone.
            f.buy(4, 94, 1).settle();
            f.modify(3, 94, 1);
            f.events.expect(
                    "6 mod s0 #3 SELL 1@94 moved",
                    "6 lvl s0 SELL 95 tot=0 n=0",
                    "6 trade s0 m#4 t#3 SELL 1@94 mr=0 tr=0",
                    "6 lvl s0 BUY 94 tot=0 n=0",
                    "6 tob s0 0x0 / 0x0");
            f.cancel(3);
            f.events.expect("rej CANCEL s0 #3 UNKNOWN_ORDER");
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void bookFullWhenEverySlotIsInUse() {
        try (EngineFixture f = new EngineFixture(2, 1, 64)) {
            f.engine.addSymbol(SymbolSpec.open(0, 100));
            f.sell(1, 101, 5).buy(2, 99, 5).settle();
            f.buy(3, 101, 5); // would fill in full, but the check comes before matching
            f.events.expect("rej NEW_ORDER s0 #3 BOOK_FULL");
            f.order(4, B, L, IOC, 101, 2);
            f.events.expect(
                    "3 acc s0 #4 BUY LIMIT IOC 2@101",
                    "3 trade s0 m#1 t#4 BUY 2@101 mr=3 tr=0",
                    "3 lvl s0 SELL 101 tot=3 n=1",
                    "3 tob s0 5x99 / 3x101");
            f.modify(2, 98, 9); // a modify keeps its slot
            f.events.expect("4 mod s0 #2 BUY 9@98 moved", "4 lvl s0 BUY 99 tot=0 n=0", "4 lvl s0 BUY 98 tot=9 n=1",
                    "4 tob s0 9x98 / 3x101");
            f.cancel(2).settle();
            f.buy(3, 97, 1);
            f.events.expect("6 acc s0 #3 BUY LIMIT GTC 1@97", "6 lvl s0 BUY 97 tot=1 n=1", "6 tob s0 1x97 / 3x101");
        }
    }
}
