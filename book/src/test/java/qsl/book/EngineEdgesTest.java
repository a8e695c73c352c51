package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static qsl.book.EngineFixture.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's edges outside matching: the restore methods' argument checks (each refusal leaves
 * the state as it was) and their accepted boundaries, symbol ids at and past {@code maxSymbols},
 * queries of unknown symbols, and every query after {@code close()}.
 */
class EngineEdgesTest {
    /** 4 orders, 2 symbols; symbol 0 tick 5, symbol 1 open. */
    static MatchingEngine engine(RecordedEvents events) {
        MatchingEngine e = new MatchingEngine(new EngineConfig(4, 2, 64), events);
        e.addSymbol(new SymbolSpec(0, 5, 1, 1_000, Long.MAX_VALUE, 0, 100));
        e.addSymbol(SymbolSpec.open(1, 100));
        return e;
    }

    @Test
    void restoreOrderRefusesWhatNoValidSnapshotHoldsAndChangesNothing() {
        RecordedEvents events = new RecordedEvents();
        try (MatchingEngine e = engine(events)) {
            e.restoreOrder(0, 1, 7, B, 5, 1); // the smallest price and quantity
            long before = e.digest();
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(2, 2, 0, B, 100, 1));   // symbol == maxSymbols
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(-1, 2, 0, B, 100, 1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, (byte) 2, 100, 1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, (byte) -1, 100, 1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, -5, 1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, 100, 0));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, 100, -1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreOrder(0, 2, 0, B, 101, 1));   // off tick 5
            assertThrows(IllegalStateException.class, () -> e.restoreOrder(1, 1, 0, S, 100, 1));     // id 1 is live on symbol 0
            assertEquals(before, e.digest());
            assertEquals(1, e.restingOrders());
            e.restoreOrder(0, 2, 0, S, 100, 2);
            e.restoreOrder(1, 3, 0, S, 100, 3);
            e.restoreOrder(1, 4, 0, B, 99, 4);
            long full = e.digest();
            assertThrows(IllegalStateException.class, () -> e.restoreOrder(1, 5, 0, B, 98, 1));     // no free slot
            assertEquals(full, e.digest());
            assertEquals(4, e.restingOrders());
            assertEquals(List.of("BUY 5 tot=1 n=1 [#1:1/a7]", "SELL 100 tot=2 n=1 [#2:2]"), BookDump.of(e, 0));
            assertEquals(List.of("BUY 99 tot=4 n=1 [#4:4]", "SELL 100 tot=3 n=1 [#3:3]"), BookDump.of(e, 1));
            assertEquals(0, events.size(), "a restore emits nothing");
        }
    }

    @Test
    void restoreLastTradePriceAndSequenceCheckTheirArguments() {
        RecordedEvents events = new RecordedEvents();
        try (MatchingEngine e = engine(events)) {
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastTradePrice(2, 100));
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastTradePrice(-1, 100));
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastTradePrice(0, -5));
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastTradePrice(0, 7));
            assertEquals(0, e.lastTradePrice(0));
            e.restoreLastTradePrice(0, 15);
            assertEquals(15, e.lastTradePrice(0));
            e.restoreLastTradePrice(0, 0);
            assertEquals(0, e.lastTradePrice(0), "0: no trade yet");
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastSequence(-1));
            assertThrows(IllegalArgumentException.class, () -> e.restoreLastSequence(Long.MAX_VALUE));
            assertEquals(0, e.lastSequence());
            e.restoreLastSequence(Long.MAX_VALUE - 1);
            assertEquals(Long.MAX_VALUE - 1, e.lastSequence());
            e.newOrder(1, 9, 0, B, L, GTC, 100, 1);
            assertEquals(Long.MAX_VALUE, e.lastSequence(), "the next command takes the last sequence number");
            events.expect("9223372036854775807 acc s1 #9 BUY LIMIT GTC 1@100", "9223372036854775807 lvl s1 BUY 100 tot=1 n=1",
                    "9223372036854775807 tob s1 1x100 / 0x0");
            e.restoreLastSequence(0);
            assertEquals(0, e.lastSequence());
        }
    }

    @Test
    void symbolIdsAtOrPastMaxSymbolsAreUnknown() {
        RecordedEvents events = new RecordedEvents();
        try (MatchingEngine e = engine(events)) {
            assertThrows(IllegalArgumentException.class, () -> e.addSymbol(SymbolSpec.open(2, 100)));
            assertThrows(IllegalStateException.class, () -> e.addSymbol(SymbolSpec.open(1, 100)));
            e.newOrder(2, 1, 0, B, L, GTC, 100, 1);
            e.cancel(2, 1, 0);
            e.modify(2, 1, 0, 100, 1);
            e.massCancel(0, 2);
            e.newOrder(-2, 1, 0, B, L, GTC, 100, 1);
            events.expect("rej NEW_ORDER s2 #1 UNKNOWN_SYMBOL", "rej CANCEL s2 #1 UNKNOWN_SYMBOL",
                    "rej MODIFY s2 #1 UNKNOWN_SYMBOL", "rej MASS_CANCEL s2 #0 UNKNOWN_SYMBOL", "rej NEW_ORDER s-2 #1 UNKNOWN_SYMBOL");
            e.newOrder(1, 1, 0, B, L, GTC, 100, 1);
            e.newOrder(1, 2, 0, S, L, GTC, 101, 1);
            for (int unknown : new int[] {2, -1, Integer.MAX_VALUE}) {
                assertEquals(0, e.bestBid(unknown));
                assertEquals(0, e.bestAsk(unknown));
                assertEquals(0, e.lastTradePrice(unknown));
                assertEquals(List.of(), BookDump.of(e, unknown));
            }
            assertEquals(100, e.bestBid(1));
            assertEquals(101, e.bestAsk(1));
            assertEquals(new EngineConfig(4, 2, 64), e.config());
        }
        // The largest maxQuantity whose level totals cannot overflow.
        try (MatchingEngine e = new MatchingEngine(new EngineConfig(4, 1, 64), EventSink.NONE)) {
            e.addSymbol(new SymbolSpec(0, 1, 1, Long.MAX_VALUE / 4, Long.MAX_VALUE, 0, 0));
        }
        try (MatchingEngine e = new MatchingEngine(new EngineConfig(4, 1, 64), EventSink.NONE)) {
            assertThrows(IllegalArgumentException.class,
                    () -> e.addSymbol(new SymbolSpec(0, 1, 1, Long.MAX_VALUE / 4 + 1, Long.MAX_VALUE, 0, 0)));
        }
    }

    @Test
    void everyQueryAfterCloseFailsLikeACommand() {
        MatchingEngine e = engine(new RecordedEvents());
        e.newOrder(1, 1, 0, B, L, GTC, 100, 1);
        e.close();
        List<Runnable> queries = new ArrayList<>(List.of(
                e::lastSequence, () -> e.bestBid(1), () -> e.bestAsk(1), () -> e.lastTradePrice(1), e::restingOrders,
                e::digest, () -> e.visitBook(1, new BookDump()), () -> e.massCancel(0, 1),
                () -> e.massCancel(0, Engine.ALL_SYMBOLS), () -> e.restoreLastTradePrice(1, 100),
                () -> e.restoreLastSequence(3), () -> e.bestBid(7), () -> e.visitBook(7, new BookDump())));
        for (Runnable q : queries) assertThrows(IllegalStateException.class, q::run);
    }

    @Test
    void aNotionalThatOverflowsIntoTheSignBitIsAboveAnyMaximum() {
        RecordedEvents events = new RecordedEvents();
        try (MatchingEngine e = new MatchingEngine(new EngineConfig(4, 1, 64), events)) {
            e.addSymbol(new SymbolSpec(0, 1, 1, 1L << 40, Long.MAX_VALUE, 0, 0));
            e.newOrder(0, 1, 0, B, L, GTC, 1L << 32, 1L << 31); // 2^63: the low half's sign bit, high half 0
            events.expect("rej NEW_ORDER s0 #1 NOTIONAL_ABOVE_MAX");
            e.newOrder(0, 2, 0, B, L, GTC, (1L << 32) - 1, 1L << 31); // 2^63 - 2^31: below Long.MAX_VALUE
            assertEquals(1, e.restingOrders());
            events.clear();
            e.modify(0, 2, 0, 1L << 32, 1L << 31);
            events.expect("rej MODIFY s0 #2 NOTIONAL_ABOVE_MAX");
        }
    }
}
