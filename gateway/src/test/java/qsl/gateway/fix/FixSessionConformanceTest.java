package qsl.gateway.fix;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Session-layer scenarios in the style of the QuickFIX acceptance suite: each test is a script
 * of messages sent to the acceptor and the messages (or silence, or a disconnect) expected
 * back. Run on a real matching engine, no sockets.
 */
class FixSessionConformanceTest {
    final FixHarness h = new FixHarness();

    static final String ORDER = "11=o1|55=AAA|54=1|38=100|40=2|44=101.25|59=1|60=20260101-00:00:00.000|";

    // ---- Logon variants

    @Test
    void s01_logonIsAnsweredWithLogon() {
        h.connect("C1").logon("").expect("35=A|34=1|49=QSL|56=C1|98=0|108=30|141=!");
    }

    @Test
    void s02_logonWithResetSeqNumFlagResetsBothSides() {
        FixHarness.Client c = h.logged("C1");
        c.msg("1", "112=x|").expect("35=0|34=2");
        c.msg("5", "").expect("35=5");
        c.onClosed();
        FixHarness.Client d = h.connect("C1");
        d.logon("141=Y|").expect("35=A|34=1|141=Y");
        d.msg("1", "112=y|").expect("35=0|34=2|112=y");
    }

    @Test
    void s03_unknownSenderCompIdIsRefusedWithLogout() {
        FixHarness.Client c = h.connect("NOBODY").logon("");
        c.expect("35=5|58=unknown SenderCompID|56=NOBODY");
        c.expectClosed();
    }

    @Test
    void s04_wrongTargetCompIdIsRefusedWithLogout() {
        FixHarness.Client c = h.connect("C1");
        c.frame("35=A|49=C1|56=OTHER|34=1|52=20260101-00:00:00.000|98=0|108=30|");
        c.expect("35=5|58=unknown TargetCompID");
        c.expectClosed();
    }

    @Test
    void s05_badPasswordIsRefusedWithLogout() {
        FixHarness.Client c = h.connect("C3").logon("553=u3|554=wrong|");
        c.expect("35=5|58=invalid username or password");
        c.expectClosed();
    }

    @Test
    void s06_missingPasswordIsRefused() {
        FixHarness.Client c = h.connect("C3").logon("");
        c.expect("35=5|58=invalid username or password");
        c.expectClosed();
    }

    @Test
    void s07_goodCredentialsLogOn() {
        h.connect("C3").logon("553=u3|554=p3|").expect("35=A|56=C3");
    }

    @Test
    void s08_firstMessageNotLogonDisconnectsSilently() {
        FixHarness.Client c = h.connect("C1").msg("0", "");
        c.expectNothing();
        c.expectClosed();
    }

    @Test
    void s09_logonWithoutHeartBtIntIsRefused() {
        FixHarness.Client c = h.connect("C1").msg("A", "98=0|");
        c.expect("35=5|58=HeartBtInt (108) missing");
        c.expectClosed();
    }

    @Test
    void s10_logonSeqTooHighIsAnsweredThenResendRequested() {
        FixHarness.Client c = h.connect("C1");
        c.msgSeq("A", 5, "98=0|108=30|");
        c.expect("35=A|34=1");
        c.expect("35=2|34=2|7=1|16=0");
    }

    @Test
    void s11_logonSeqTooLowIsRefused() {
        FixHarness.Client c = h.logged("C1");
        c.msg("0", "");
        c.msg("5", "").expect("35=5");
        c.onClosed();
        FixHarness.Client d = h.connect("C1").logon(""); // seq 1 again, expected 4
        d.expect("35=5|58=MsgSeqNum too low, expecting 4 but received 1");
        d.expectClosed();
    }

    @Test
    void s12_secondConnectionForALoggedOnSessionIsRefused() {
        FixHarness.Client c = h.logged("C1");
        FixHarness.Client d = h.connect("C1").logon("");
        d.expect("35=5|58=session already logged on");
        d.expectClosed();
        c.msg("1", "112=still|").expect("35=0|112=still");
    }

    // ---- Sequence numbers

    @Test
    void s13_seqTooHighTriggersOneResendRequestAndTheGapIsFilled() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("0", 5, "");
        c.expect("35=2|7=2|16=0");
        c.msgSeq("0", 6, "");
        c.expectNothing(); // one request covers the gap
        c.msgSeq("4", 2, "43=Y|122=20260101-00:00:00.000|123=Y|36=4|");
        c.msgSeq("1", 4, "43=Y|122=20260101-00:00:00.000|112=a|").expect("35=0|112=a");
        c.msgSeq("1", 5, "43=Y|122=20260101-00:00:00.000|112=b|").expect("35=0|112=b");
        c.msgSeq("1", 6, "43=Y|122=20260101-00:00:00.000|112=c|").expect("35=0|112=c");
        c.msgSeq("1", 7, "112=d|").expect("35=0|112=d");
        c.expectNothing();
    }

    @Test
    void s13b_aResendThatStopsShortIsAskedForAgainWhenNewMessagesComeAboveIt() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("0", 4, "");
        c.expect("35=2|7=2|16=0");
        c.msgSeq("0", 5, ""); // sent before the peer saw the request
        c.expectNothing();
        // The peer answers with what it had sent when it got the request: up to 3 only.
        c.msgSeq("4", 2, "43=Y|122=20260101-00:00:00.000|123=Y|36=4|");
        c.expectNothing();
        // A new message above the gap: the rest (4, 5) is asked for again, or it would never come.
        c.msgSeq("0", 6, "");
        c.expect("35=2|7=4|16=0");
        c.msgSeq("4", 4, "43=Y|122=20260101-00:00:00.000|123=Y|36=7|");
        c.msgSeq("1", 7, "112=z|").expect("35=0|112=z");
        c.expectNothing();
    }

    @Test
    void s14_seqTooLowWithoutPossDupIsLogout() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("0", 2, "");
        c.msgSeq("0", 2, "").expect("35=5|58=MsgSeqNum too low, expecting 3 but received 2");
        c.msgSeq("5", 3, "");
        c.expectClosed();
    }

    @Test
    void s15_possDupDuplicateIsIgnored() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("D", 2, ORDER).expect("35=8|150=0");
        c.msgSeq("D", 2, "43=Y|122=20260101-00:00:00.000|" + ORDER);
        c.expectNothing();
        assertEquals(1, h.engine.restingOrders());
    }

    @Test
    void s16_possDupWithoutOrigSendingTimeIsRejected() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("1", 2, "43=Y|112=z|").expect("35=3|45=2|371=122|372=1|373=1");
    }

    @Test
    void s17_sequenceResetGapFillMovesTheExpectedNumber() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("4", 2, "123=Y|36=10|");
        c.expectNothing();
        c.msgSeq("1", 10, "112=ok|").expect("35=0|112=ok");
    }

    @Test
    void s18_sequenceResetResetModeIgnoresItsOwnSeq() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("4", 99, "36=20|");
        c.expectNothing();
        c.msgSeq("1", 20, "112=r|").expect("35=0|112=r");
    }

    @Test
    void s19_sequenceResetBackwardsIsRejected() {
        FixHarness.Client c = h.logged("C1");
        c.msgSeq("0", 2, "");
        c.msgSeq("4", 3, "36=2|").expect("35=3|45=3|371=36|373=5");
    }

    // ---- Garbled messages are ignored

    @Test
    void s20_badCheckSumIsIgnored() {
        FixHarness.Client c = h.logged("C1");
        String good = FixHarness.text(FixHarness.frameBytes("35=1|49=C1|56=QSL|34=2|52=20260101-00:00:00.000|112=g|"));
        String bad = good.substring(0, good.length() - 4) + (good.charAt(good.length() - 2) == '9' ? "00|" : "99|");
        c.raw(bad.substring(0, bad.length() - 3) + bad.substring(bad.length() - 3));
        c.expectNothing();
        c.msgSeq("1", 2, "112=after|").expect("35=0|112=after");
    }

    @Test
    void s21_badBodyLengthIsIgnored() {
        FixHarness.Client c = h.logged("C1");
        String good = FixHarness.text(FixHarness.frameBytes("35=1|49=C1|56=QSL|34=2|52=20260101-00:00:00.000|112=g|"));
        int nine = good.indexOf("|9=") + 3;
        int end = good.indexOf('|', nine);
        int len = Integer.parseInt(good.substring(nine, end));
        c.raw(good.substring(0, nine) + (len - 3) + good.substring(end));
        c.expectNothing();
        c.msgSeq("1", 2, "112=after|").expect("35=0|112=after");
    }

    @Test
    void s22_wrongBeginStringIsIgnored() {
        FixHarness.Client c = h.logged("C1");
        c.raw("8=FIX.4.2|9=5|35=0|10=000|");
        c.expectNothing();
        c.msgSeq("1", 2, "112=after|").expect("35=0|112=after");
    }

    @Test
    void s23_missingMsgSeqNumIsLogout() {
        FixHarness.Client c = h.logged("C1");
        c.frame("35=0|49=C1|56=QSL|52=20260101-00:00:00.000|");
        c.expect("35=5|58=MsgSeqNum (34) missing");
    }

    // ---- Field-level rejects

    @Test
    void s24_emptyValueIsRejectedWithTheTag() {
        FixHarness.Client c = h.logged("C1");
        c.frame("35=D|49=C1|56=QSL|34=2|52=20260101-00:00:00.000|11=o|44=|");
        c.expect("35=3|45=2|371=44|372=D|373=4");
        c.msgSeq("1", 3, "112=next|").expect("35=0|112=next");
    }

    @Test
    void s25_nonNumericTagIsRejected() {
        FixHarness.Client c = h.logged("C1");
        c.frame("35=D|49=C1|56=QSL|34=2|52=20260101-00:00:00.000|x4=1|");
        c.expect("35=3|45=2|373=0");
    }

    @Test
    void s26_requiredTagMissingInNewOrderSingle() {
        FixHarness.Client c = h.logged("C1");
        c.msg("D", "11=o1|54=1|38=100|40=2|44=1|").expect("35=3|45=2|371=55|372=D|373=1");
        assertEquals(0, h.engine.restingOrders());
    }

    @Test
    void s27_invalidSideValue() {
        FixHarness.Client c = h.logged("C1");
        c.msg("D", "11=o1|55=AAA|54=9|38=100|40=2|44=1|").expect("35=3|371=54|373=5");
    }

    @Test
    void s28_priceNotADecimal() {
        FixHarness.Client c = h.logged("C1");
        c.msg("D", "11=o1|55=AAA|54=1|38=100|40=2|44=1x|").expect("35=3|371=44|373=6");
    }

    @Test
    void s29_sendingTimeMissing() {
        FixHarness.Client c = h.logged("C1");
        c.frame("35=1|49=C1|56=QSL|34=2|112=q|").expect("35=3|45=2|371=52|373=1");
    }

    @Test
    void s30_unsupportedMsgType() {
        FixHarness.Client c = h.logged("C1");
        c.msg("ZZ", "").expect("35=3|45=2|372=ZZ|373=11");
        c.msg("B", "").expect("35=3|45=3|373=11");
    }

    @Test
    void s31_compIdMismatchAfterLogonIsRejectedAndLoggedOut() {
        FixHarness.Client c = h.logged("C1");
        c.frame("35=0|49=C2|56=QSL|34=2|52=20260101-00:00:00.000|");
        c.expect("35=3|373=9");
        c.expect("35=5");
    }

    // ---- Heartbeats and TestRequest

    @Test
    void s32_testRequestIsAnsweredWithItsId() {
        h.logged("C1").msg("1", "112=PING-1|").expect("35=0|34=2|112=PING-1");
    }

    @Test
    void s33_testRequestWithoutIdIsRejected() {
        h.logged("C1").msg("1", "").expect("35=3|371=112|373=1");
    }

    @Test
    void s34_idleSessionSendsHeartbeats() {
        FixHarness.Client c = h.logged("C1");
        h.advance(29_000);
        c.expectNothing();
        c.msg("0", ""); // the peer is alive
        h.advance(1_000);
        c.expect("35=0|34=2|112=!");
    }

    @Test
    void s35_silentPeerGetsTestRequestThenDisconnect() {
        FixHarness.Client c = h.logged("C1");
        h.advance(36_000);
        c.expect("35=1|112=*");
        h.advance(29_000);
        c.expectNothing();
        h.advance(1_000);
        c.expect("35=5|58=test request not answered");
        c.conn.onTimer(h.now);
        c.expectClosed();
    }

    @Test
    void s36_answeredTestRequestKeepsTheSession() {
        FixHarness.Client c = h.logged("C1");
        h.advance(36_000);
        String tr = c.expect("35=1");
        c.msg("0", "112=" + FixHarness.field(tr, "112") + "|");
        h.advance(30_000);
        c.expect("35=0"); // our own heartbeat, no logout
        assertFalse(c.closed);
    }

    // ---- ResendRequest

    @Test
    void s37_resendRequestOverAdminAndApplicationMessages() {
        FixHarness.Client c = h.logged("C1");                       // our 1: Logon
        c.msg("1", "112=t|").expect("35=0|34=2");                  // our 2: Heartbeat
        c.msg("D", ORDER).expect("35=8|34=3|150=0");              // our 3: ER new
        c.msg("1", "112=u|").expect("35=0|34=4");                  // our 4: Heartbeat
        c.msg("F", "11=c1|41=o1|55=AAA|54=1|").expect("35=8|34=5|150=4"); // our 5: ER canceled
        c.msg("2", "7=1|16=0|");
        c.expect("35=4|34=1|43=Y|123=Y|36=3|122=*");
        c.expect("35=8|34=3|43=Y|122=*|150=0|11=o1");
        c.expect("35=4|34=4|43=Y|123=Y|36=5");
        c.expect("35=8|34=5|43=Y|122=*|150=4|11=c1|41=o1");
        c.expectNothing();
    }

    @Test
    void s38_resendRequestOverAdminOnlyIsOneGapFill() {
        FixHarness.Client c = h.logged("C1");
        c.msg("1", "112=a|").expect("35=0|34=2");
        c.msg("1", "112=b|").expect("35=0|34=3");
        c.msg("2", "7=2|16=3|").expect("35=4|34=2|123=Y|36=4");
        c.expectNothing();
    }

    @Test
    void s39_resendRequestWithBadRangeIsRejected() {
        h.logged("C1").msg("2", "7=x|16=0|").expect("35=3|371=7|373=6");
    }

    @Test
    void s40_reportsWhileDisconnectedAreResentOnRequest() {
        FixHarness.Client c1 = h.logged("C1");
        c1.msg("D", ORDER).expect("35=8|34=2|150=0");
        c1.msg("5", "").expect("35=5");
        c1.onClosed();
        FixHarness.Client c2 = h.logged("C2");
        c2.msg("D", "11=s1|55=AAA|54=2|38=40|40=2|44=101|").expect("150=0");
        c2.expect("150=F|31=101.25|32=40");
        FixHarness.Client again = h.connect("C1");
        again.seq = 4;
        again.logon("");
        again.expect("35=A|34=5"); // 4 was the fill, sent while away
        again.msg("2", "7=4|16=0|").expect("35=8|34=4|43=Y|150=F|11=o1|31=101.25|32=40|151=60|14=40");
    }

    @Test
    void s44_resetSeqNumForgetsKeptMessages() {
        FixHarness.Client c = h.logged("C1");
        c.msg("D", ORDER).expect("35=8|34=2|150=0");
        c.msg("5", "").expect("35=5");
        c.onClosed();
        FixHarness.Client d = h.connect("C1");
        d.logon("141=Y|").expect("35=A|34=1|141=Y");
        d.msg("1", "112=x|").expect("35=0|34=2");
        d.msg("2", "7=1|16=0|").expect("35=4|34=1|123=Y|36=3"); // the old ER 2 is not resent as the new 2
        d.expectNothing();
    }

    // ---- Logout

    @Test
    void s41_peerLogoutIsAnsweredAndClosed() {
        FixHarness.Client c = h.logged("C1");
        c.msg("5", "").expect("35=5|34=2");
        c.expectClosed();
    }

    @Test
    void s42_ourLogoutWaitsForTheAnswer() {
        FixHarness.Client c = h.logged("C1");
        h.sessions.get(0).logout("end of day", h.now);
        c.expect("35=5|58=end of day");
        assertFalse(c.closed);
        c.msg("5", "");
        c.expectClosed();
    }

    @Test
    void s43_ourLogoutClosesAfterATimeoutWithoutAnswer() {
        FixHarness.Client c = h.logged("C1");
        h.sessions.get(0).logout("bye", h.now);
        c.expect("35=5");
        h.advance(30_000);
        c.conn.onTimer(h.now);
        c.expectClosed();
    }
}
