package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.book.EngineFixture.*;

/** Every reject reason, its precedence, and that a reject changes nothing. */
class RejectReasonsTest {
    /** Tick 5, quantities 10..1000, notional 100,000, collar 50. */
    private static final SymbolSpec STRICT = new SymbolSpec(0, 5, 10, 1000, 100_000, 50, 100);

    private EngineFixture f;

    @BeforeEach
    void setUp() {
        f = new EngineFixture(3, 2, 64);
        f.engine.addSymbol(STRICT);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Runs a new order that must be rejected with {@code reason}, and checks nothing moved. */
    private void rejectsNew(String reason, int symbol, long id, byte side, byte type, byte tif, long price, long qty) {
        long seq = f.engine.lastSequence();
        long digest = f.engine.digest();
        f.engine.newOrder(symbol, id, 0, side, type, tif, price, qty);
        f.events.expect("rej NEW_ORDER s" + symbol + " #" + id + " " + reason);
        assertEquals(seq, f.engine.lastSequence(), "a reject takes no sequence number");
        assertEquals(digest, f.engine.digest(), "a reject changes nothing");
    }

    private void rejectsModify(String reason, long id, long price, long qty) {
        long digest = f.engine.digest();
        f.engine.modify(0, id, 0, price, qty);
        f.events.expect("rej MODIFY s0 #" + id + " " + reason);
        assertEquals(digest, f.engine.digest());
    }

    @Test
    void eachNewOrderReason() {
        rejectsNew("UNKNOWN_SYMBOL", 1, 1, B, L, GTC, 100, 10);   // in range, not registered
        rejectsNew("UNKNOWN_SYMBOL", 2, 1, B, L, GTC, 100, 10);   // >= maxSymbols
        rejectsNew("UNKNOWN_SYMBOL", -1, 1, B, L, GTC, 100, 10);
        rejectsNew("INVALID_SIDE", 0, 1, (byte) 2, L, GTC, 100, 10);
        rejectsNew("INVALID_SIDE", 0, 1, (byte) -1, L, GTC, 100, 10);
        rejectsNew("INVALID_TYPE", 0, 1, B, (byte) 2, GTC, 100, 10);
        rejectsNew("INVALID_TIF", 0, 1, B, L, (byte) 3, 100, 10);
        rejectsNew("INVALID_TIF", 0, 1, B, M, GTC, 0, 10);
        rejectsNew("INVALID_PRICE", 0, 1, B, L, GTC, 0, 10);
        rejectsNew("INVALID_PRICE", 0, 1, B, L, GTC, Long.MIN_VALUE, 10);
        rejectsNew("TICK_SIZE", 0, 1, B, L, GTC, 101, 10);
        rejectsNew("INVALID_QUANTITY", 0, 1, B, L, GTC, 100, 0);
        rejectsNew("INVALID_QUANTITY", 0, 1, B, M, IOC, 0, -5);
        rejectsNew("QUANTITY_BELOW_MIN", 0, 1, B, L, GTC, 100, 9);
        rejectsNew("QUANTITY_ABOVE_MAX", 0, 1, B, L, GTC, 100, 1001);
        rejectsNew("NOTIONAL_ABOVE_MAX", 0, 1, B, L, GTC, 105, 1000);     // 105,000
        rejectsNew("NOTIONAL_ABOVE_MAX", 0, 1, B, L, GTC, Long.MAX_VALUE - 2, 10); // product would overflow
        f.engine.newOrder(0, 1, 0, B, L, GTC, 100, 1000);                     // exactly 100,000: fine
        f.events.expect("1 acc s0 #1 BUY LIMIT GTC 1000@100", "1 lvl s0 BUY 100 tot=1000 n=1", "1 tob s0 1000x100 / 0x0");
        rejectsNew("DUPLICATE_ORDER_ID", 0, 1, S, L, GTC, 200, 10);
    }

    @Test
    void marketOrdersSkipThePriceChecks() {
        f.engine.newOrder(0, 1, 0, B, M, IOC, -7, 10); // price ignored: not INVALID_PRICE / TICK_SIZE / NOTIONAL
        f.events.expect("1 acc s0 #1 BUY MARKET IOC 10@-7", "1 cxl s0 #1 BUY 10@-7 UNFILLED");
        rejectsNew("QUANTITY_ABOVE_MAX", 0, 2, B, M, FOK, 0, 1001);
    }

    @Test
    void theCollarAppliesOnlyAfterTheFirstTrade() {
        f.engine.newOrder(0, 1, 0, S, L, GTC, 5000, 10); // no trade yet: any price
        f.engine.newOrder(0, 2, 0, B, L, GTC, 5000, 10); // trade at 5000
        f.settle();
        assertEquals(5000, f.engine.lastTradePrice(0));
        rejectsNew("PRICE_COLLAR", 0, 3, B, L, GTC, 5055, 10);
        rejectsNew("PRICE_COLLAR", 0, 3, S, L, GTC, 4945, 10);
        f.engine.newOrder(0, 3, 0, B, L, GTC, 4950, 10); // exactly the collar away: fine
        f.engine.newOrder(0, 4, 0, S, L, GTC, 5050, 10);
        assertEquals(4, f.engine.lastSequence());
        // Market orders have no price to collar.
        f.engine.newOrder(0, 5, 0, B, M, IOC, 0, 10);
        assertEquals(5, f.engine.lastSequence());
    }

    @Test
    void theCollarNeverOverflows() {
        try (EngineFixture g = new EngineFixture(4, 1, 64)) {
            g.engine.addSymbol(new SymbolSpec(0, 1, 1, 10, Long.MAX_VALUE, Long.MAX_VALUE - 1, 0));
            g.engine.newOrder(0, 1, 0, S, L, GTC, 1, 1);
            g.engine.newOrder(0, 2, 0, B, L, GTC, 1, 1);
            g.settle();
            g.engine.newOrder(0, 3, 0, S, L, GTC, Long.MAX_VALUE, 1); // |MAX - 1| = MAX - 1: within
            g.events.expect("3 acc s0 #3 SELL LIMIT GTC 1@" + Long.MAX_VALUE,
                    "3 lvl s0 SELL " + Long.MAX_VALUE + " tot=1 n=1", "3 tob s0 0x0 / 1x" + Long.MAX_VALUE);
        }
    }

    @Test
    void precedenceFollowsTheCodeOrder() {
        rejectsNew("UNKNOWN_SYMBOL", 7, 1, (byte) 9, (byte) 9, (byte) 9, -1, -1);
        rejectsNew("INVALID_SIDE", 0, 1, (byte) 9, (byte) 9, (byte) 9, -1, -1);
        rejectsNew("INVALID_TYPE", 0, 1, B, (byte) 9, (byte) 9, -1, -1);
        rejectsNew("INVALID_TIF", 0, 1, B, L, (byte) 9, -1, -1);
        rejectsNew("INVALID_PRICE", 0, 1, B, L, GTC, -1, -1);
        rejectsNew("TICK_SIZE", 0, 1, B, L, GTC, 7, -1);
        rejectsNew("INVALID_QUANTITY", 0, 1, B, L, GTC, Long.MAX_VALUE - 2, 0);
        rejectsNew("QUANTITY_BELOW_MIN", 0, 1, B, L, GTC, 5, 1);
        rejectsNew("QUANTITY_ABOVE_MAX", 0, 1, B, L, GTC, Long.MAX_VALUE - 2, 1001);
        // Fill the book: 3 slots.
        f.engine.newOrder(0, 1, 0, B, L, GTC, 100, 10);
        f.engine.newOrder(0, 2, 0, B, L, GTC, 95, 10);
        f.engine.newOrder(0, 3, 0, B, L, GTC, 90, 10);
        f.settle();
        rejectsNew("DUPLICATE_ORDER_ID", 0, 1, B, L, GTC, 100, 10); // duplicate before BOOK_FULL
        rejectsNew("BOOK_FULL", 0, 4, B, L, GTC, 100, 10);
        rejectsNew("NOTIONAL_ABOVE_MAX", 0, 4, B, L, GTC, 200, 1000); // notional before BOOK_FULL
    }

    @Test
    void cancelReasons() {
        f.engine.cancel(1, 5, 0);
        f.events.expect("rej CANCEL s1 #5 UNKNOWN_SYMBOL");
        f.engine.cancel(0, 5, 0);
        f.events.expect("rej CANCEL s0 #5 UNKNOWN_ORDER");
        assertEquals(0, f.engine.lastSequence());
    }

    @Test
    void modifyReasonsCheckTheOrderFirst() {
        f.engine.modify(1, 1, 0, 100, 10);
        f.events.expect("rej MODIFY s1 #1 UNKNOWN_SYMBOL");
        rejectsModify("UNKNOWN_ORDER", 1, -1, -1); // unknown order before the price checks
        f.engine.newOrder(0, 1, 0, S, L, GTC, 200, 10);
        f.engine.newOrder(0, 2, 0, B, L, GTC, 200, 10); // trades at 200: the collar is live
        f.engine.newOrder(0, 3, 0, B, L, GTC, 190, 20);
        f.settle();
        rejectsModify("INVALID_PRICE", 3, 0, 0);
        rejectsModify("TICK_SIZE", 3, 191, 0);
        rejectsModify("INVALID_QUANTITY", 3, 190, 0);
        rejectsModify("QUANTITY_BELOW_MIN", 3, 190, 9);
        rejectsModify("QUANTITY_ABOVE_MAX", 3, 190, 1001);
        rejectsModify("NOTIONAL_ABOVE_MAX", 3, 190, 1000);
        rejectsModify("PRICE_COLLAR", 3, 100, 20);
        // An order resting outside the collar (placed before the first trade) may still be
        // modified at its own price: the collar applies only when the price changes.
        try (EngineFixture g = new EngineFixture(4, 1, 64)) {
            g.engine.addSymbol(STRICT);
            g.engine.newOrder(0, 1, 0, B, L, GTC, 10, 100);
            g.engine.newOrder(0, 2, 0, S, L, GTC, 500, 10);
            g.engine.newOrder(0, 3, 0, B, L, GTC, 500, 10);
            g.settle();
            g.engine.modify(0, 1, 0, 10, 50);
            g.events.expect("4 mod s0 #1 BUY 50@10 kept", "4 lvl s0 BUY 10 tot=50 n=1", "4 tob s0 50x10 / 0x0");
            g.engine.modify(0, 1, 0, 10, 60);
            g.events.expect("5 mod s0 #1 BUY 60@10 moved", "5 lvl s0 BUY 10 tot=0 n=0", "5 lvl s0 BUY 10 tot=60 n=1",
                    "5 tob s0 60x10 / 0x0");
            g.engine.modify(0, 1, 0, 15, 60);
            g.events.expect("rej MODIFY s0 #1 PRICE_COLLAR");
        }
        // A modify on the wrong symbol is an unknown order.
        f.engine.addSymbol(SymbolSpec.open(1, 100));
        f.engine.modify(1, 3, 0, 190, 20);
        f.events.expect("rej MODIFY s1 #3 UNKNOWN_ORDER");
    }

    @Test
    void unknownCommandThroughApply() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rec = arena.allocate(CommandDescriptor.LENGTH);
            CommandDescriptor.writeNewOrder(rec, 0, 0, 77, 0, B, L, GTC, 100, 10);
            rec.set(java.lang.foreign.ValueLayout.JAVA_BYTE, CommandDescriptor.TYPE_OFFSET, (byte) 0);
            f.engine.apply(rec, 0);
            f.events.expect("rej CMD0 s0 #77 UNKNOWN_COMMAND");
            CommandDescriptor.writeNewOrder(rec, 0, 0, 77, 0, B, L, GTC, 100, 10);
            f.engine.apply(rec, 0);
            f.events.expect("1 acc s0 #77 BUY LIMIT GTC 10@100", "1 lvl s0 BUY 100 tot=10 n=1", "1 tob s0 10x100 / 0x0");
        }
    }

    @Test
    void aSpecWhoseTotalsCouldOverflowIsRefusedAtRegistration() {
        assertThrows(IllegalArgumentException.class,
                () -> f.engine.addSymbol(new SymbolSpec(1, 1, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE, 0, 0)));
        f.engine.addSymbol(new SymbolSpec(1, 1, 1, Long.MAX_VALUE / 3, Long.MAX_VALUE, 0, 0));
        assertThrows(IllegalStateException.class, () -> f.engine.addSymbol(SymbolSpec.open(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> f.engine.addSymbol(SymbolSpec.open(2, 0)));
    }
}
