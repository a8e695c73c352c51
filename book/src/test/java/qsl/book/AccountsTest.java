package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static qsl.book.EngineFixture.B;
import static qsl.book.EngineFixture.GTC;
import static qsl.book.EngineFixture.L;
import static qsl.book.EngineFixture.S;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Every order carries its account: only that account may cancel or modify it, and a mass cancel removes all of them. */
class AccountsTest {

    @Test
    void anotherAccountCannotCancelOrModifyAndChangesNothing() {
        try (EngineFixture f = EngineFixture.small()) {
            f.as(1).buy(1, 100, 5).as(2).sell(2, 105, 5).settle();
            long digest = f.engine.digest();
            f.as(2).cancel(1);
            f.events.expect("rej CANCEL s0 #1 NOT_OWNER");
            f.modify(1, 101, 5);
            f.events.expect("rej MODIFY s0 #1 NOT_OWNER");
            f.as(0).modify(1, 100, 4); // account 0 is an account like any other
            f.events.expect("rej MODIFY s0 #1 NOT_OWNER");
            f.as(1).cancel(2);
            f.events.expect("rej CANCEL s0 #2 NOT_OWNER");
            assertEquals(2, f.engine.lastSequence(), "a NOT_OWNER reject takes no sequence number");
            assertEquals(digest, f.engine.digest(), "and changes nothing");
            assertEquals("BUY 100 tot=5 n=1 [#1:5/a1]\nSELL 105 tot=5 n=1 [#2:5/a2]", f.book());

            f.as(1).modify(1, 100, 4);
            f.events.expect("3 mod s0 #1 BUY 4@100 kept", "3 lvl s0 BUY 100 tot=4 n=1", "3 tob s0 4x100 / 5x105");
            f.as(2).cancel(2);
            f.events.expect("4 cxl s0 #2 SELL 5@105 USER", "4 lvl s0 SELL 105 tot=0 n=0", "4 tob s0 4x100 / 0x0");
        }
    }

    @Test
    void ownershipIsCheckedAfterUnknownOrderAndBeforeThePriceChecks() {
        try (EngineFixture f = EngineFixture.small()) {
            f.engine.addSymbol(SymbolSpec.open(1, 200));
            f.as(1).buy(1, 100, 5).settle();
            f.as(2).cancel(99);
            f.events.expect("rej CANCEL s0 #99 UNKNOWN_ORDER");
            f.engine.cancel(1, 1, 2); // resting on symbol 0, not 1: unknown there, whoever asks
            f.events.expect("rej CANCEL s1 #1 UNKNOWN_ORDER");
            f.engine.modify(1, 1, 2, 100, 5);
            f.events.expect("rej MODIFY s1 #1 UNKNOWN_ORDER");
            f.engine.cancel(3, 1, 2);
            f.events.expect("rej CANCEL s3 #1 UNKNOWN_SYMBOL");
            f.as(2).modify(1, -5, 0); // invalid price and quantity, but not the caller's order first
            f.events.expect("rej MODIFY s0 #1 NOT_OWNER");
            f.as(1).modify(1, -5, 0);
            f.events.expect("rej MODIFY s0 #1 INVALID_PRICE");
        }
    }

    @Test
    void aRepricedOrderKeepsItsOwnerAndAccountsAreOpaqueInts() {
        try (EngineFixture f = EngineFixture.small()) {
            f.as(-7).buy(1, 100, 5).modify(1, 101, 6).as(Integer.MAX_VALUE).buy(2, 99, 1).settle();
            assertEquals("BUY 101 tot=6 n=1 [#1:6/a-7]\nBUY 99 tot=1 n=1 [#2:1/a2147483647]", f.book());
            f.as(0).cancel(1);
            f.events.expect("rej CANCEL s0 #1 NOT_OWNER");
            f.as(-7).massCancel(Engine.ALL_SYMBOLS);
            f.events.expect("4 cxl s0 #1 BUY 6@101 MASS", "4 lvl s0 BUY 101 tot=0 n=0", "4 tob s0 1x99 / 0x0",
                    "4 mass a-7 s-1 n=1");
        }
    }

    @Test
    void massCancelOfAnAccountWithoutOrdersIsSequencedAndCancelsNothing() {
        try (EngineFixture f = EngineFixture.small()) {
            f.as(1).buy(1, 100, 5).settle();
            long digestBefore = f.engine.digest();
            f.as(3).massCancel(0);
            f.events.expect("2 mass a3 s0 n=0");
            f.massCancel(Engine.ALL_SYMBOLS);
            f.events.expect("3 mass a3 s-1 n=0");
            assertEquals(3, f.engine.lastSequence());
            assertEquals("BUY 100 tot=5 n=1 [#1:5/a1]", f.book());
            org.junit.jupiter.api.Assertions.assertNotEquals(digestBefore, f.engine.digest(), "the sequence moved");
        }
    }

    @Test
    void massCancelOfAnUnknownSymbolIsRejected() {
        try (EngineFixture f = EngineFixture.small()) {
            f.as(1).buy(1, 100, 5).settle();
            f.massCancel(1); // in range, not registered
            f.massCancel(4); // maxSymbols
            f.massCancel(-2); // negative but not ALL_SYMBOLS
            f.events.expect("rej MASS_CANCEL s1 #0 UNKNOWN_SYMBOL", "rej MASS_CANCEL s4 #0 UNKNOWN_SYMBOL",
                    "rej MASS_CANCEL s-2 #0 UNKNOWN_SYMBOL");
            assertEquals(1, f.engine.lastSequence());
            assertEquals(1, f.engine.restingOrders());
        }
    }

    /** Account 1 on two symbols and several levels of both sides, interleaved with account 2 at one level. */
    private static EngineFixture twoAccountsTwoSymbols() {
        EngineFixture f = EngineFixture.small();
        f.engine.addSymbol(SymbolSpec.open(1, 200));
        f.as(1).buy(1, 100, 5).as(2).buy(2, 100, 6).as(1).buy(3, 100, 7).as(2).buy(4, 100, 8)
                .as(1).buy(5, 99, 2).as(1).sell(6, 102, 3).as(2).sell(7, 101, 4);
        f.engine.newOrder(1, 8, 1, B, L, GTC, 200, 1);
        f.engine.newOrder(1, 9, 1, S, L, GTC, 210, 2);
        f.engine.newOrder(1, 11, 2, S, L, GTC, 211, 2);
        return f.settle();
    }

    @Test
    void massCancelOfAllSymbolsGoesSymbolBySymbolInBookOrderAndKeepsOthersPriority() {
        try (EngineFixture f = twoAccountsTwoSymbols()) {
            f.as(1).massCancel(Engine.ALL_SYMBOLS);
            f.events.expect(
                    "11 cxl s0 #1 BUY 5@100 MASS", "11 lvl s0 BUY 100 tot=21 n=3",
                    "11 cxl s0 #3 BUY 7@100 MASS", "11 lvl s0 BUY 100 tot=14 n=2",
                    "11 cxl s0 #5 BUY 2@99 MASS", "11 lvl s0 BUY 99 tot=0 n=0",
                    "11 cxl s0 #6 SELL 3@102 MASS", "11 lvl s0 SELL 102 tot=0 n=0",
                    "11 tob s0 14x100 / 4x101",
                    "11 cxl s1 #8 BUY 1@200 MASS", "11 lvl s1 BUY 200 tot=0 n=0",
                    "11 cxl s1 #9 SELL 2@210 MASS", "11 lvl s1 SELL 210 tot=0 n=0",
                    "11 tob s1 0x0 / 2x211",
                    "11 mass a1 s-1 n=6");
            assertEquals("BUY 100 tot=14 n=2 [#2:6/a2 #4:8/a2]\nSELL 101 tot=4 n=1 [#7:4/a2]", f.book());
            assertEquals(4, f.engine.restingOrders()); // and #11 on symbol 1
            // Account 2's orders kept their time priority: #2 still fills before #4.
            f.as(3).sell(10, 100, 10);
            f.events.expect("12 acc s0 #10 SELL LIMIT GTC 10@100", "12 trade s0 m#2 t#10 SELL 6@100 mr=0 tr=4",
                    "12 trade s0 m#4 t#10 SELL 4@100 mr=4 tr=0", "12 lvl s0 BUY 100 tot=4 n=1", "12 tob s0 4x100 / 4x101");
            // A cancelled id is gone: its owner cannot cancel it again, and it may be reused.
            f.as(1).cancel(1);
            f.events.expect("rej CANCEL s0 #1 UNKNOWN_ORDER");
            f.as(1).buy(1, 98, 1);
            assertEquals(4, f.engine.restingOrders());
        }
    }

    @Test
    void massCancelOfOneSymbolLeavesTheAccountsOtherSymbols() {
        try (EngineFixture f = twoAccountsTwoSymbols()) {
            f.as(1).massCancel(1);
            f.events.expect("11 cxl s1 #8 BUY 1@200 MASS", "11 lvl s1 BUY 200 tot=0 n=0",
                    "11 cxl s1 #9 SELL 2@210 MASS", "11 lvl s1 SELL 210 tot=0 n=0",
                    "11 tob s1 0x0 / 2x211", "11 mass a1 s1 n=2");
            assertEquals(8, f.engine.restingOrders());
            f.as(2).massCancel(0);
            f.events.expect("12 cxl s0 #2 BUY 6@100 MASS", "12 lvl s0 BUY 100 tot=20 n=3",
                    "12 cxl s0 #4 BUY 8@100 MASS", "12 lvl s0 BUY 100 tot=12 n=2",
                    "12 cxl s0 #7 SELL 4@101 MASS", "12 lvl s0 SELL 101 tot=0 n=0",
                    "12 tob s0 12x100 / 3x102", "12 mass a2 s0 n=3");
            assertEquals("BUY 100 tot=12 n=2 [#1:5/a1 #3:7/a1]\nBUY 99 tot=2 n=1 [#5:2/a1]\nSELL 102 tot=3 n=1 [#6:3/a1]",
                    f.book());
            assertEquals("SELL 211 tot=2 n=1 [#11:2/a2]", BookDump.text(f.engine, 1));
        }
    }

    @Test
    void massCancelCancelsWhatIsLeftOfPartiallyFilledOrders() {
        try (EngineFixture f = EngineFixture.small()) {
            f.as(1).sell(1, 100, 10).sell(2, 101, 3).as(2).buy(3, 100, 4).settle();
            f.as(1).massCancel(0);
            f.events.expect("4 cxl s0 #1 SELL 6@100 MASS", "4 lvl s0 SELL 100 tot=0 n=0",
                    "4 cxl s0 #2 SELL 3@101 MASS", "4 lvl s0 SELL 101 tot=0 n=0",
                    "4 tob s0 0x0 / 0x0", "4 mass a1 s0 n=2");
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void massCancelSurvivesTheBandRecentringUnderIt() {
        try (EngineFixture f = EngineFixture.small()) {
            // Band of 64 around 100: 10 and 20 rest in the worse chain. Cancelling #1 empties the
            // band and re-centres it on 20, moving that level while the mass cancel still has #3 to do.
            f.as(1).buy(1, 100, 1).as(2).buy(2, 10, 1).as(1).buy(3, 20, 1).settle();
            f.as(1).massCancel(0);
            f.events.expect("4 cxl s0 #1 BUY 1@100 MASS", "4 lvl s0 BUY 100 tot=0 n=0",
                    "4 cxl s0 #3 BUY 1@20 MASS", "4 lvl s0 BUY 20 tot=0 n=0",
                    "4 tob s0 1x10 / 0x0", "4 mass a1 s0 n=2");
            assertEquals("BUY 10 tot=1 n=1 [#2:1/a2]", f.book());
        }
    }

    @Test
    void commandRecordsCarryTheAccountAndMassCancelDecodes() {
        try (EngineFixture f = EngineFixture.small(); Arena arena = Arena.ofConfined()) {
            assertEquals(40, CommandDescriptor.LENGTH);
            MemorySegment rec = arena.allocate(4L * CommandDescriptor.LENGTH);
            long n = CommandDescriptor.LENGTH;
            CommandDescriptor.writeNewOrder(rec, 0, 0, 1, 5, B, L, GTC, 100, 2);
            CommandDescriptor.writeCancel(rec, n, 0, 1, 6);
            CommandDescriptor.writeModify(rec, 2 * n, 0, 1, 6, 100, 1);
            CommandDescriptor.writeMassCancel(rec, 3 * n, 5, Engine.ALL_SYMBOLS);
            assertEquals(5, CommandDescriptor.account(rec, 0));
            assertEquals(0, rec.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, CommandDescriptor.RESERVED_OFFSET));
            assertEquals(CommandType.MASS_CANCEL, CommandDescriptor.type(rec, 3 * n));
            assertEquals(Engine.ALL_SYMBOLS, CommandDescriptor.symbol(rec, 3 * n));
            for (int i = 0; i < 4; i++) f.engine.apply(rec, i * n);
            f.events.expect("1 acc s0 #1 BUY LIMIT GTC 2@100", "1 lvl s0 BUY 100 tot=2 n=1", "1 tob s0 2x100 / 0x0",
                    "rej CANCEL s0 #1 NOT_OWNER", "rej MODIFY s0 #1 NOT_OWNER",
                    "2 cxl s0 #1 BUY 2@100 MASS", "2 lvl s0 BUY 100 tot=0 n=0", "2 tob s0 0x0 / 0x0", "2 mass a5 s-1 n=1");
        }
    }

    @Test
    void restoredOrdersKeepTheirOwners() {
        try (EngineFixture f = EngineFixture.small(); EngineFixture g = EngineFixture.small()) {
            f.as(4).buy(1, 100, 5).as(9).buy(2, 100, 6);
            g.engine.restoreOrder(0, 1, 4, B, 100, 5);
            g.engine.restoreOrder(0, 2, 9, B, 100, 6);
            g.engine.restoreLastSequence(2);
            assertEquals(f.engine.digest(), g.engine.digest());
            g.settle().as(9).cancel(1);
            g.events.expect("rej CANCEL s0 #1 NOT_OWNER");
            g.engine.restoreOrder(0, 3, 7, S, 105, 1);
            g.engine.restoreLastSequence(3);
            f.as(3).sell(3, 105, 1); // same book, other owner: the digest tells them apart
            org.junit.jupiter.api.Assertions.assertNotEquals(f.engine.digest(), g.engine.digest());
        }
    }
}
