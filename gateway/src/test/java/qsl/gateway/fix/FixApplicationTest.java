package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** NewOrderSingle, OrderCancelRequest and OrderCancelReplaceRequest against a real engine. */
class FixApplicationTest {
    final FixHarness h = new FixHarness();
    final FixHarness.Client c1 = h.logged("C1");
    final FixHarness.Client c2 = h.logged("C2");

    static String limit(String id, String side, long qty, String px, String tif) {
        return "11=" + id + "|55=AAA|54=" + side + "|38=" + qty + "|40=2|44=" + px + "|59=" + tif + "|";
    }

    @Test
    void twoSessionsCrossAtTheMakersPrice() {
        c1.msg("D", limit("b1", "1", 100, "101.25", "1"))
                .expect("35=8|150=0|39=0|11=b1|37=*|17=*|55=AAA|54=1|38=100|44=101.25|151=100|14=0|6=0");
        c2.msg("D", limit("s1", "2", 60, "101", "1")).expect("35=8|150=0|39=0|11=s1|151=60");
        c2.expect("35=8|150=F|39=2|11=s1|31=101.25|32=60|151=0|14=60|6=101.25");
        c1.expect("35=8|150=F|39=1|11=b1|31=101.25|32=60|151=40|14=60|6=101.25");
        c1.expectNothing();
        c2.expectNothing();
    }

    @Test
    void avgPxAcrossTwoLevels() {
        c1.msg("D", limit("a1", "2", 10, "101", "1")).expect("150=0");
        c1.msg("D", limit("a2", "2", 30, "102", "1")).expect("150=0");
        c2.msg("D", "11=m1|55=AAA|54=1|38=20|40=1|59=3|").expect("150=0|40=1|44=!");
        c2.expect("150=F|39=1|31=101|32=10|151=10|14=10|6=101");
        c2.expect("150=F|39=2|31=102|32=10|151=0|14=20|6=101.5");
        c1.expect("150=F|11=a1|39=2|32=10");
        c1.expect("150=F|11=a2|39=1|32=10|151=20|14=10|6=102");
    }

    @Test
    void cancelIsReportedWithBothClOrdIds() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c1.msg("F", "11=c1|41=o1|55=AAA|54=1|").expect("35=8|150=4|39=4|11=c1|41=o1|151=0|14=0");
        assertEquals(0, h.engine.restingOrders());
    }

    @Test
    void cancelOfAnUnknownOrderIsACancelReject() {
        c1.msg("F", "11=c1|41=nope|55=AAA|54=1|").expect("35=9|11=c1|41=nope|434=1|102=1|39=8");
    }

    @Test
    void sessionsTouchOnlyTheirOwnOrders() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c2.msg("F", "11=c1|41=o1|55=AAA|54=1|").expect("35=9|434=1|102=1");
        c2.msg("G", "11=r1|41=o1|55=AAA|54=1|38=10|40=2|44=100|").expect("35=9|434=2|102=1");
        assertEquals(1, h.engine.restingOrders());
    }

    @Test
    void replaceDownAtTheSamePriceKeepsPriority() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c1.msg("D", limit("o2", "1", 100, "100", "1")).expect("150=0");
        c1.msg("G", "11=o1b|41=o1|55=AAA|54=1|38=50|40=2|44=100|")
                .expect("35=8|150=5|39=0|11=o1b|41=o1|38=50|151=50|44=100|58=priority kept");
        c2.msg("D", limit("s", "2", 50, "100", "3"));
        c2.expect("150=0");
        c2.expect("150=F|32=50");
        c1.expect("150=F|11=o1b|32=50|39=2"); // o1b still first
    }

    @Test
    void replaceUpLosesPriority() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c1.msg("D", limit("o2", "1", 100, "100", "1")).expect("150=0");
        c1.msg("G", "11=o1b|41=o1|55=AAA|54=1|38=150|40=2|44=100|")
                .expect("150=5|11=o1b|41=o1|38=150|151=150|58=priority lost");
        c2.msg("D", limit("s", "2", 50, "100", "3"));
        c2.expect("150=0");
        c2.expect("150=F|32=50");
        c1.expect("150=F|11=o2|32=50"); // o2 is now first
    }

    @Test
    void replaceOrderQtyIsTheNewTotalAfterPartialFills() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c2.msg("D", limit("s", "2", 30, "100", "3"));
        c2.drain();
        c1.expect("150=F|151=70|14=30");
        c1.msg("G", "11=o1b|41=o1|55=AAA|54=1|38=80|40=2|44=100|")
                .expect("150=5|39=1|38=80|151=50|14=30|6=100");
        c1.msg("G", "11=o1c|41=o1b|55=AAA|54=1|38=30|40=2|44=100|")
                .expect("35=9|11=o1c|41=o1b|434=2|102=0|39=1");
        c1.msg("G", "11=o1d|41=o1|55=AAA|54=1|38=90|40=2|44=100|")
                .expect("35=9|41=o1|102=1"); // o1 is no longer the order's ClOrdID
    }

    @Test
    void replaceChangesPriceAndCanTrade() {
        c2.msg("D", limit("s", "2", 10, "101", "1")).expect("150=0");
        c1.msg("D", limit("o1", "1", 10, "100", "1")).expect("150=0");
        c1.msg("G", "11=o1b|41=o1|55=AAA|54=1|38=10|40=2|44=101|").expect("150=5|44=101");
        c1.expect("150=F|11=o1b|31=101|39=2");
        c2.expect("150=F|11=s|39=2");
    }

    @Test
    void iocRestIsCanceled() {
        c1.msg("D", limit("a", "2", 10, "100", "1")).expect("150=0");
        c2.msg("D", limit("b", "1", 25, "100", "3"));
        c2.expect("150=0|59=3");
        c2.expect("150=F|32=10|151=15");
        c2.expect("150=4|39=4|11=b|14=10|151=0|58=UNFILLED");
    }

    @Test
    void fokThatCannotFillIsKilledAndTheBookIsUntouched() {
        c1.msg("D", limit("a", "2", 10, "100", "1")).expect("150=0");
        c2.msg("D", limit("b", "1", 25, "100", "4"));
        c2.expect("150=0|59=4");
        c2.expect("150=4|14=0|58=FOK_KILLED");
        assertEquals(1, h.engine.restingOrders());
    }

    @Test
    void marketOrderWithNothingToTradeIsCanceled() {
        c1.msg("D", "11=m|55=AAA|54=1|38=5|40=1|").expect("150=0|40=1");
        c1.expect("150=4|58=UNFILLED");
    }

    @Test
    void offGridPriceIsRejectedWithTheReason() {
        c1.msg("D", "11=x|55=BBB|54=1|38=5|40=2|44=100.02|").expect("35=8|150=8|39=8|103=99|58=price off the tick grid");
        c1.msg("D", "11=y|55=AAA|54=1|38=5|40=2|44=100.001|").expect("150=8|58=price off the tick grid");
        c1.msg("D", "11=z|55=BBB|54=1|38=5|40=2|44=100.05|").expect("150=0|44=100.05");
    }

    @Test
    void unknownSymbolIsRejected() {
        c1.msg("D", "11=x|55=ZZZ|54=1|38=5|40=2|44=1|").expect("35=8|150=8|103=1|55=ZZZ|58=unknown symbol");
    }

    @Test
    void duplicateLiveClOrdIdIsRejected() {
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=0");
        c1.msg("D", limit("o1", "1", 100, "100", "1")).expect("150=8|103=6");
        assertEquals(1, h.engine.restingOrders());
    }

    @Test
    void engineRejectIsReported() {
        c1.msg("D", limit("o1", "1", 0, "100", "1")).expect("150=8|39=8|58=INVALID_QUANTITY");
        c1.msg("D", limit("o2", "1", 5, "100", "1")).expect("150=0");
    }

    @Test
    void cancelAfterFillIsTooLate() {
        c1.msg("D", limit("o1", "1", 10, "100", "1")).expect("150=0");
        c2.msg("D", limit("s", "2", 10, "100", "1"));
        c2.drain();
        c1.expect("150=F|39=2");
        c1.msg("F", "11=c1|41=o1|55=AAA|54=1|").expect("35=9|102=1");
    }

    @Test
    void pendingNothingAfterManyOrdersFreeSlots() {
        for (int i = 0; i < 3000; i++) { // more than the harness's 1,024 slots: slots are reused
            c1.msg("D", limit("o" + i, "1", 1, "100", "1")).expect("150=0");
            c1.msg("F", "11=c" + i + "|41=o" + i + "|").expect("150=4");
        }
        assertEquals(0, h.sessions.get(0).liveOrders());
    }
}
