package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;
import static qsl.gateway.fix.QfjClient.expect;
import static qsl.gateway.fix.QfjClient.limit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.OrigSendingTime;
import quickfix.field.PossDupFlag;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TestReqID;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.TestRequest;

/**
 * QuickFIX/J initiators as the real counterparty of the node's FIX acceptor (in-process node,
 * journaled, 127.0.0.1): crossing, cancel, cancel/replace with and without priority, heartbeat
 * and TestRequest, sequence gaps in both directions answered by resends.
 */
@Timeout(60)
class FixQuickFixJTest {
    FixNodeFixture node;
    QfjClient alice;
    QfjClient bob;

    @BeforeEach
    void start() throws Exception {
        node = new FixNodeFixture().start(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (alice != null) alice.close();
        if (bob != null) bob.close();
        node.close();
    }

    QfjClient connect(String user, int heartBtInt) throws Exception {
        QfjClient c = new QfjClient(user, node.fixPort(), heartBtInt);
        assertTrue(c.awaitLogon(10_000), user + " did not log on");
        return c;
    }

    @Test
    void twoInitiatorsCrossAndBothGetCorrectExecutionReports() throws Exception {
        alice = connect("alice", 30);
        bob = connect("bob", 30);
        alice.send(limit("a1", Side.BUY, 100, 101.25, TimeInForce.DAY));
        Message a = expect(alice, ExecType.NEW, "a1");
        assertEquals(OrdStatus.NEW, a.getChar(OrdStatus.FIELD));
        assertEquals(100, a.getDouble(LeavesQty.FIELD));
        bob.send(limit("b1", Side.SELL, 60, 101.00, TimeInForce.DAY));
        expect(bob, ExecType.NEW, "b1");
        Message bt = expect(bob, ExecType.TRADE, "b1");
        assertEquals(OrdStatus.FILLED, bt.getChar(OrdStatus.FIELD));
        assertEquals(101.25, bt.getDouble(LastPx.FIELD)); // the maker's price
        assertEquals(60, bt.getDouble(LastQty.FIELD));
        assertEquals(60, bt.getDouble(CumQty.FIELD));
        assertEquals(0, bt.getDouble(LeavesQty.FIELD));
        assertEquals(101.25, bt.getDouble(AvgPx.FIELD));
        Message at = expect(alice, ExecType.TRADE, "a1");
        assertEquals(OrdStatus.PARTIALLY_FILLED, at.getChar(OrdStatus.FIELD));
        assertEquals(101.25, at.getDouble(LastPx.FIELD));
        assertEquals(60, at.getDouble(CumQty.FIELD));
        assertEquals(40, at.getDouble(LeavesQty.FIELD));
        assertEquals(101.25, at.getDouble(AvgPx.FIELD));
        // A second taker sweeps the rest at the same price, then AvgPx stays 101.25.
        bob.send(limit("b2", Side.SELL, 40, 100.00, TimeInForce.IMMEDIATE_OR_CANCEL));
        expect(bob, ExecType.NEW, "b2");
        expect(bob, ExecType.TRADE, "b2");
        Message at2 = expect(alice, ExecType.TRADE, "a1");
        assertEquals(OrdStatus.FILLED, at2.getChar(OrdStatus.FIELD));
        assertEquals(100, at2.getDouble(CumQty.FIELD));
        assertEquals(101.25, at2.getDouble(AvgPx.FIELD));
    }

    @Test
    void cancel() throws Exception {
        alice = connect("alice", 30);
        alice.send(limit("a1", Side.BUY, 100, 99.5, TimeInForce.GOOD_TILL_CANCEL));
        expect(alice, ExecType.NEW, "a1");
        OrderCancelRequest c = new OrderCancelRequest(new OrigClOrdID("a1"), new ClOrdID("c1"), new Side(Side.BUY), new TransactTime());
        c.set(new Symbol("AAPL"));
        alice.send(c);
        Message m = expect(alice, ExecType.CANCELED, "c1");
        assertEquals("a1", m.getString(OrigClOrdID.FIELD));
        assertEquals(OrdStatus.CANCELED, m.getChar(OrdStatus.FIELD));
        // Cancelling it again is an OrderCancelReject.
        OrderCancelRequest again = new OrderCancelRequest(new OrigClOrdID("a1"), new ClOrdID("c2"), new Side(Side.BUY), new TransactTime());
        again.set(new Symbol("AAPL"));
        alice.send(again);
        Message r = alice.next();
        assertEquals(MsgType.ORDER_CANCEL_REJECT, r.getHeader().getString(MsgType.FIELD));
        assertEquals("c2", r.getString(ClOrdID.FIELD));
    }

    OrderCancelReplaceRequest replace(String orig, String id, double qty, double px) {
        OrderCancelReplaceRequest r = new OrderCancelReplaceRequest(new OrigClOrdID(orig), new ClOrdID(id), new Side(Side.BUY),
                new TransactTime(), new OrdType(OrdType.LIMIT));
        r.set(new Symbol("AAPL"));
        r.set(new OrderQty(qty));
        r.set(new Price(px));
        return r;
    }

    @Test
    void cancelReplaceKeepingAndLosingPriority() throws Exception {
        alice = connect("alice", 30);
        bob = connect("bob", 30);
        alice.send(limit("k1", Side.BUY, 100, 100, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "k1");
        alice.send(limit("k2", Side.BUY, 100, 100, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "k2");
        // Down at the same price: keeps its place.
        alice.send(replace("k1", "k1r", 50, 100));
        Message r = expect(alice, ExecType.REPLACED, "k1r");
        assertEquals("k1", r.getString(OrigClOrdID.FIELD));
        assertEquals(50, r.getDouble(LeavesQty.FIELD));
        bob.send(limit("s1", Side.SELL, 10, 100, TimeInForce.IMMEDIATE_OR_CANCEL));
        expect(alice, ExecType.TRADE, "k1r");
        // Up: goes to the back, behind k2.
        alice.send(replace("k1r", "k1rr", 90, 100)); // total 90 with 10 filled: open 80 > 40 left -> loses priority
        Message up = expect(alice, ExecType.REPLACED, "k1rr");
        assertEquals(80, up.getDouble(LeavesQty.FIELD));
        assertEquals(10, up.getDouble(CumQty.FIELD));
        assertEquals(90, up.getDouble(OrderQty.FIELD));
        bob.send(limit("s2", Side.SELL, 10, 100, TimeInForce.IMMEDIATE_OR_CANCEL));
        expect(alice, ExecType.TRADE, "k2");
    }

    @Test
    void cancelOnDisconnectUserLosesItsOrdersWhenTheConnectionDrops() throws Exception {
        QfjClient carol = connect("carol", 30);
        carol.send(limit("x1", Side.BUY, 10, 97, TimeInForce.GOOD_TILL_CANCEL));
        expect(carol, ExecType.NEW, "x1");
        carol.close(); // Logout, connection closed: the node mass-cancels carol's account
        bob = connect("bob", 30);
        bob.send(limit("y1", Side.SELL, 10, 97, TimeInForce.IMMEDIATE_OR_CANCEL));
        expect(bob, ExecType.NEW, "y1");
        Message m = expect(bob, ExecType.CANCELED, "y1"); // nothing left to trade against
        assertEquals(0, m.getDouble(CumQty.FIELD));
    }

    @Test
    void heartbeatsAndTestRequest() throws Exception {
        alice = connect("alice", 1);
        Message hb = alice.nextAdmin(MsgType.HEARTBEAT, 5_000);
        assertFalse(hb.isSetField(TestReqID.FIELD));
        alice.send(new TestRequest(new TestReqID("T-1")));
        while (true) {
            Message m = alice.nextAdmin(MsgType.HEARTBEAT, 5_000);
            if (m.isSetField(TestReqID.FIELD)) {
                assertEquals("T-1", m.getString(TestReqID.FIELD));
                break;
            }
        }
        assertTrue(alice.session().isLoggedOn());
    }

    @Test
    void aGapTowardsTheClientIsAnsweredWithAResend() throws Exception {
        alice = connect("alice", 30);
        alice.send(limit("g1", Side.BUY, 10, 98, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "g1");
        int next = alice.session().getExpectedTargetNum();
        alice.session().setNextTargetMsgSeqNum(next - 1); // forget the acceptor's last message (the ER)
        alice.send(new TestRequest(new TestReqID("gap")));  // the Heartbeat answer is "too high" for QuickFIX/J
        Message again = expect(alice, ExecType.NEW, "g1");
        assertTrue(again.getHeader().getBoolean(PossDupFlag.FIELD));
        assertTrue(again.getHeader().isSetField(OrigSendingTime.FIELD));
        alice.send(limit("g2", Side.BUY, 10, 98, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "g2");
    }

    @Test
    void aGapFromTheClientIsAnsweredWithAResendRequest() throws Exception {
        alice = connect("alice", 30);
        alice.send(limit("h1", Side.BUY, 10, 98, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "h1");
        int next = alice.session().getExpectedSenderNum();
        alice.session().setNextSenderMsgSeqNum(next + 3); // three numbers never sent
        alice.send(limit("h2", Side.BUY, 10, 98, TimeInForce.DAY));
        // The acceptor asks for the gap; QuickFIX/J gap-fills and resends h2 (PossDup); h2 is acknowledged once.
        expect(alice, ExecType.NEW, "h2");
        alice.send(limit("h3", Side.BUY, 10, 98, TimeInForce.DAY));
        expect(alice, ExecType.NEW, "h3");
        assertEquals(next + 5, alice.session().getExpectedSenderNum());
    }
}
