package qsl.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;

@Timeout(60)
class NodeTradingTest {

    @Test
    void twoClientsCross() throws Exception {
        try (NodeFixture f = new NodeFixture()) {
            f.start();
            try (EntryClient a = f.login("alice"); EntryClient b = f.login("bob")) {
                a.enter(11, "AAPL", 'S', 'L', 'G', 10_000, 100);
                EntryClient.Packet acc = a.next(5000);
                assertNotNull(acc);
                assertEquals(Wire.ACCEPTED, acc.messageType());
                assertEquals(11, acc.longAt(Wire.ACC_TOKEN));
                long makerId = acc.longAt(Wire.ACC_ORDER_ID);

                b.enter(7, "AAPL", 'B', 'L', 'G', 10_050, 40);
                EntryClient.Packet bacc = b.next(5000);
                assertEquals(Wire.ACCEPTED, bacc.messageType());
                EntryClient.Packet bexe = b.next(5000);
                assertEquals(Wire.EXECUTED, bexe.messageType());
                assertEquals(7, bexe.longAt(Wire.EXE_TOKEN));
                assertEquals(10_000, bexe.longAt(Wire.EXE_PRICE), "maker's price");
                assertEquals(40, bexe.longAt(Wire.EXE_QUANTITY));
                assertEquals(0, bexe.longAt(Wire.EXE_LEAVES));
                assertEquals(Wire.LIQUIDITY_REMOVED, bexe.byteAt(Wire.EXE_LIQUIDITY));

                EntryClient.Packet aexe = a.next(5000);
                assertEquals(Wire.EXECUTED, aexe.messageType());
                assertEquals(11, aexe.longAt(Wire.EXE_TOKEN));
                assertEquals(makerId, aexe.longAt(Wire.EXE_ORDER_ID));
                assertEquals(10_000, aexe.longAt(Wire.EXE_PRICE));
                assertEquals(60, aexe.longAt(Wire.EXE_LEAVES));
                assertEquals(Wire.LIQUIDITY_ADDED, aexe.byteAt(Wire.EXE_LIQUIDITY));
                assertEquals(aexe.longAt(Wire.EXE_MATCH_ID), bexe.longAt(Wire.EXE_MATCH_ID));

                // replace then cancel the rest
                a.replace(11, 12, 10_010, 30);
                EntryClient.Packet rep = a.next(5000);
                assertEquals(Wire.REPLACED, rep.messageType());
                assertEquals(12, rep.longAt(Wire.REP_NEW_TOKEN));
                a.cancel(12);
                EntryClient.Packet can = a.next(5000);
                assertEquals(Wire.CANCELED, can.messageType());
                assertEquals(12, can.longAt(Wire.CAN_TOKEN));
                assertEquals(30, can.longAt(Wire.CAN_QUANTITY));
                a.cancel(12);
                EntryClient.Packet rej = a.next(5000);
                assertEquals(Wire.CANCEL_REJECT, rej.messageType());
                assertEquals(Wire.REASON_UNKNOWN_TOKEN, rej.byteAt(Wire.CREJ_REASON));
                assertTrue(a.nextSequence() > 4);
            }
        }
    }
}
