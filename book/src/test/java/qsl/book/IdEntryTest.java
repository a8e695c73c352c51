package qsl.book;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import qsl.offheap.LongLongMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's id map holds each resting order's slot and level ({@code MatchingEngine.idEntry}):
 * every path that moves an order to another level must leave the right level there, which a
 * later cancel (it reads the level from the map, not from the order) shows.
 */
class IdEntryTest {
    /** Two ids whose probes start at the same entry of the engine's (still smallest) id map table. */
    private static long[] collidingIds() {
        try (Arena arena = Arena.ofConfined()) {
            LongLongMap probe = LongLongMap.forEntries(arena, 1000); // the fixture's maxOrders: same first table
            long a = 1;
            for (long b = 2; ; b++) if (probe.homeIndex(b) == probe.homeIndex(a)) return new long[] {a, b};
        }
    }

    @Test
    void entryPacksLevelAboveSlotAndIsNeverAbsent() {
        assertEquals(1L << 32, MatchingEngine.idEntry(0, 0));
        assertEquals(3L << 32 | 5, MatchingEngine.idEntry(5, 2));
        assertEquals((long) Integer.MAX_VALUE << 32 | Integer.MAX_VALUE, MatchingEngine.idEntry(Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
    }

    @Test
    void aCrossingModifyThatShiftedTheOrdersEntryStillRecordsItsNewLevel() {
        long[] ids = collidingIds();
        long maker = ids[0], mover = ids[1];
        try (EngineFixture f = EngineFixture.small()) {
            // The maker takes the shared home entry, the mover the one after it.
            f.sell(maker, 100, 5).buy(mover, 90, 1).settle();
            // The mover re-prices through the maker: the sweep removes the maker's entry, and the
            // backward shift moves the mover's entry into its home; the rest goes to a new level.
            f.modify(mover, 100, 10);
            assertEquals("BUY 100 tot=5 n=1 [#" + mover + ":5]", f.book());
            f.settle().cancel(mover);
            f.events.expect("4 cxl s0 #" + mover + " BUY 5@100 USER", "4 lvl s0 BUY 100 tot=0 n=0", "4 tob s0 0x0 / 0x0");
            assertEquals("", f.book());
            assertEquals(0, f.engine.restingOrders());
        }
    }

    @Test
    void aPassiveModifyRecordsItsNewLevelInPlace() {
        try (EngineFixture f = EngineFixture.small()) {
            f.buy(1, 90, 1).buy(2, 91, 2).buy(3, 92, 3);
            f.modify(2, 95, 2).modify(1, 96, 1).modify(2, 97, 2); // each a new level, no trade
            f.settle().cancel(2).cancel(1).cancel(3);
            f.events.expect(
                    "7 cxl s0 #2 BUY 2@97 USER", "7 lvl s0 BUY 97 tot=0 n=0", "7 tob s0 1x96 / 0x0",
                    "8 cxl s0 #1 BUY 1@96 USER", "8 lvl s0 BUY 96 tot=0 n=0", "8 tob s0 3x92 / 0x0",
                    "9 cxl s0 #3 BUY 3@92 USER", "9 lvl s0 BUY 92 tot=0 n=0", "9 tob s0 0x0 / 0x0");
            assertEquals("", f.book());
        }
    }
}
