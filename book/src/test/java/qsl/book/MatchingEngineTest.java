package qsl.book;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static qsl.book.EngineFixture.*;

/** Basic behaviour of {@link MatchingEngine}: resting, crossing, event order, queries. */
class MatchingEngineTest {

    @Test
    void restingOrdersAndATradeAtTheMakerPrice() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 101, 10);
            f.events.expect(
                    "1 acc s0 #1 SELL LIMIT GTC 10@101",
                    "1 lvl s0 SELL 101 tot=10 n=1",
                    "1 tob s0 0x0 / 10x101");
            f.buy(2, 102, 4);
            f.events.expect(
                    "2 acc s0 #2 BUY LIMIT GTC 4@102",
                    "2 trade s0 m#1 t#2 BUY 4@101 mr=6 tr=0",
                    "2 lvl s0 SELL 101 tot=6 n=1",
                    "2 tob s0 0x0 / 6x101");
            assertEquals(101, f.engine.lastTradePrice(0));
            assertEquals(0, f.engine.bestBid(0));
            assertEquals(101, f.engine.bestAsk(0));
            assertEquals(1, f.engine.restingOrders());
            assertEquals(2, f.engine.lastSequence());
        }
    }

    @Test
    void aGtcRemainderRestsAfterSweeping() {
        try (EngineFixture f = EngineFixture.small()) {
            f.sell(1, 101, 3).sell(2, 102, 3).settle();
            f.buy(3, 102, 10);
            f.events.expect(
                    "3 acc s0 #3 BUY LIMIT GTC 10@102",
                    "3 trade s0 m#1 t#3 BUY 3@101 mr=0 tr=7",
                    "3 lvl s0 SELL 101 tot=0 n=0",
                    "3 trade s0 m#2 t#3 BUY 3@102 mr=0 tr=4",
                    "3 lvl s0 SELL 102 tot=0 n=0",
                    "3 lvl s0 BUY 102 tot=4 n=1",
                    "3 tob s0 4x102 / 0x0");
            assertEquals("BUY 102 tot=4 n=1 [#3:4]", f.book());
        }
    }

    @Test
    void noTopOfBookEventWhenTheTopDoesNotChange() {
        try (EngineFixture f = EngineFixture.small()) {
            f.buy(1, 100, 5).settle();
            f.buy(2, 99, 5);
            f.events.expect(
                    "2 acc s0 #2 BUY LIMIT GTC 5@99",
                    "2 lvl s0 BUY 99 tot=5 n=1");
        }
    }

    @Test
    void visitAndDigestSeeTheSameBook() {
        try (EngineFixture f = EngineFixture.small(); EngineFixture g = EngineFixture.small()) {
            f.buy(1, 100, 5).buy(2, 100, 6).buy(3, 98, 1).sell(4, 103, 2).sell(5, 101, 7);
            assertEquals(String.join("\n",
                    "BUY 100 tot=11 n=2 [#1:5 #2:6]",
                    "BUY 98 tot=1 n=1 [#3:1]",
                    "SELL 101 tot=7 n=1 [#5:7]",
                    "SELL 103 tot=2 n=1 [#4:2]"), f.book());
            g.buy(1, 100, 5).buy(2, 100, 6).buy(3, 98, 1).sell(4, 103, 2).sell(5, 101, 7);
            assertEquals(f.engine.digest(), g.engine.digest());
            g.cancel(2).buy(2, 100, 6);
            // Same levels and quantities, but the sequence moved on.
            assertEquals(f.book(), g.book());
            org.junit.jupiter.api.Assertions.assertNotEquals(f.engine.digest(), g.engine.digest());
        }
    }

    @Test
    void digestFollowsTheDocumentedStream() {
        try (EngineFixture f = EngineFixture.small()) {
            f.buy(1, 100, 5).sell(2, 101, 7).buy(3, 101, 2);
            StateDigest d = new StateDigest()
                    .mix(3).mix(1)
                    .mix(0).mix(101)
                    .mix(1).mix(100).mix(5).mix(1).mix(1).mix(5).mix(0)
                    .mix(1).mix(101).mix(5).mix(1).mix(2).mix(5).mix(0);
            assertEquals(d.value(), f.engine.digest());
        }
    }

    @Test
    void ordersOnDifferentSymbolsNeverMeetAndShareTheSequence() {
        try (EngineFixture f = EngineFixture.small()) {
            f.engine.addSymbol(SymbolSpec.open(1, 100));
            f.engine.newOrder(1, 1, 0, S, L, GTC, 100, 5);
            f.buy(2, 100, 5);
            f.events.expect(
                    "1 acc s1 #1 SELL LIMIT GTC 5@100",
                    "1 lvl s1 SELL 100 tot=5 n=1",
                    "1 tob s1 0x0 / 5x100",
                    "2 acc s0 #2 BUY LIMIT GTC 5@100",
                    "2 lvl s0 BUY 100 tot=5 n=1",
                    "2 tob s0 5x100 / 0x0");
            // Ids are engine-wide: #1 is live on symbol 1.
            f.buy(1, 90, 1);
            f.events.expect("rej NEW_ORDER s0 #1 DUPLICATE_ORDER_ID");
            // ...and cancel names the symbol the order rests on.
            f.cancel(1);
            f.events.expect("rej CANCEL s0 #1 UNKNOWN_ORDER");
            f.engine.cancel(1, 1, 0);
            f.events.expect(
                    "3 cxl s1 #1 SELL 5@100 USER",
                    "3 lvl s1 SELL 100 tot=0 n=0",
                    "3 tob s1 0x0 / 0x0");
        }
    }

    @Test
    void restoreRebuildsWithoutEvents() {
        try (EngineFixture f = EngineFixture.small(); EngineFixture g = EngineFixture.small()) {
            f.buy(1, 100, 5).buy(2, 100, 6).sell(3, 105, 1).sell(4, 101, 8).buy(5, 101, 3);
            g.engine.restoreOrder(0, 1, 0, B, 100, 5);
            g.engine.restoreOrder(0, 2, 0, B, 100, 6);
            g.engine.restoreOrder(0, 4, 0, S, 101, 5);
            g.engine.restoreOrder(0, 3, 0, S, 105, 1);
            g.engine.restoreLastTradePrice(0, 101);
            g.engine.restoreLastSequence(5);
            assertEquals(0, g.events.size());
            assertEquals(f.book(), g.book());
            assertEquals(f.engine.digest(), g.engine.digest());
            g.buy(9, 50, 1);
            g.events.expect("6 acc s0 #9 BUY LIMIT GTC 1@50", "6 lvl s0 BUY 50 tot=1 n=1");
        }
    }

    @Test
    void restoreRefusesAnOffTickPriceAndLeavesTheBookAlone() {
        MatchingEngine e = new MatchingEngine(new EngineConfig(16, 1, 64), EventSink.NONE);
        e.addSymbol(new SymbolSpec(0, 5, 1, 1_000, Long.MAX_VALUE, 0, 100));
        e.restoreOrder(0, 1, 0, B, 100, 5);
        long before = e.digest();
        assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, 102, 5));
        assertEquals(before, e.digest());
        assertEquals(100, e.bestBid(0));
        e.close();
    }

    @Test
    void anOwnedArenaIsFreedOnceACallersArenaIsLeftAlone() {
        MatchingEngine owned = new MatchingEngine(new EngineConfig(16, 1, 64), EventSink.NONE);
        owned.addSymbol(SymbolSpec.open(0, 100));
        owned.newOrder(0, 1, 0, B, L, GTC, 100, 1);
        owned.close();
        owned.close(); // idempotent
        // Memory freed: a use after close fails cleanly in the FFM runtime, never a crash.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> owned.newOrder(0, 2, 0, B, L, GTC, 100, 1));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MatchingEngine borrowed = new MatchingEngine(new EngineConfig(16, 1, 64), EventSink.NONE, arena);
            borrowed.addSymbol(SymbolSpec.open(0, 100));
            borrowed.close(); // not its arena: nothing is freed
            borrowed.newOrder(0, 1, 0, B, L, GTC, 100, 1);
            assertEquals(1, borrowed.restingOrders());
        }
    }

    @Test
    void unknownCommandRecordIsRejectedWithTypeZero() {
        try (EngineFixture f = EngineFixture.small()) {
            java.lang.foreign.MemorySegment rec = java.lang.foreign.Arena.ofAuto().allocate(CommandDescriptor.LENGTH);
            CommandDescriptor.writeCancel(rec, 0, 0, 42, 0);
            rec.set(java.lang.foreign.ValueLayout.JAVA_BYTE, CommandDescriptor.TYPE_OFFSET, (byte) 9);
            f.engine.apply(rec, 0);
            f.events.expect("rej CMD0 s0 #42 UNKNOWN_COMMAND");
            assertEquals(0, f.engine.lastSequence());
        }
    }
}
