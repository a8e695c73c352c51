package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import qsl.book.CancelReason;
import qsl.book.OrderType;
import qsl.book.RejectReason;
import qsl.book.Side;
import qsl.book.TimeInForce;
import qsl.protocol.fix.FixDecimal;
import qsl.protocol.fix.FixEncoder;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixTags;

/**
 * One FIX 4.4 session (one counterparty CompID) as a state machine: fed parsed messages and a
 * clock, it answers with bytes on its {@link FixLink}, hands order-entry commands to the venue
 * and turns the venue's responses into ExecutionReports and OrderCancelRejects. No sockets,
 * no threads, no wall clock: everything it does follows from its inputs, so tests drive it
 * with scripts and a restart rebuilds it from its {@link FixJournal}.
 *
 * <p>Session rules (FIX 4.4 session layer): a message with MsgSeqNum above the expected one
 * triggers one ResendRequest for the gap (the message itself is dropped; the peer resends it);
 * below it without PossDupFlag=Y is a Logout naming both numbers, with PossDupFlag=Y it is
 * ignored; SequenceReset (gap fill or reset) moves the expected number; a ResendRequest is
 * answered with the kept application messages (PossDupFlag=Y, OrigSendingTime) and
 * SequenceReset-GapFill over administrative messages and over anything no longer kept;
 * session-level Reject carries RefSeqNum, RefTagID, RefMsgType and SessionRejectReason.
 * A silent peer gets a TestRequest after HeartBtInt plus 20 %, and a Logout and disconnect
 * after another HeartBtInt.
 *
 * <p>Single-threaded: the gateway's I/O thread calls everything.
 */
public final class FixSession implements EntryResponses {
    // SessionRejectReason (373) codes.
    static final int REJ_INVALID_TAG = 0, REJ_REQUIRED_MISSING = 1, REJ_UNDEFINED_TAG = 3, REJ_NO_VALUE = 4,
            REJ_VALUE_INCORRECT = 5, REJ_FORMAT = 6, REJ_COMP_ID = 9, REJ_INVALID_MSG_TYPE = 11,
            REJ_OUT_OF_ORDER = 14;

    private static final byte SOH = 1;

    final int id;
    final FixSessionConfig config;
    private final byte[] ourCompId;
    private final byte[] theirCompId;
    final FixSymbols symbols;
    private final EntryCommands venue;
    private FixJournal journal;
    final FixOrders orders;
    final FixOutbox outbox;
    private final FixEncoder enc;
    private final MemorySegment rec = MemorySegment.ofArray(new byte[FixResponseRecord.LENGTH]);
    private final MemorySegment idsSegment;
    private final MemorySegment pendingIdsSegment;

    // Durable counters.
    long nextOut = 1;
    long nextIn = 1;
    long execIds;

    // Connection state.
    FixLink link;
    boolean loggedOn;
    boolean logoutSent;
    long logoutSentAt;
    long heartbeatMillis;
    long lastReceived;
    long lastSent;
    long testRequestSentAt = -1;
    long testRequestId;
    long resendUpTo; // highest seq seen during an outstanding ResendRequest, 0: none
    long resendFrom; // BeginSeqNo of the outstanding ResendRequest
    boolean recovering;
    long now;

    public FixSession(int id, String ourCompId, FixSessionConfig config, FixSymbols symbols, EntryCommands venue,
                      FixJournal journal, int maxOrders, int outboxEntries, int outboxBytes) {
        this.id = id;
        this.config = config;
        this.ourCompId = ourCompId.getBytes(StandardCharsets.US_ASCII);
        this.theirCompId = config.compId().getBytes(StandardCharsets.US_ASCII);
        this.symbols = symbols;
        this.venue = venue;
        this.journal = journal;
        this.orders = new FixOrders(maxOrders);
        this.outbox = new FixOutbox(outboxEntries, outboxBytes);
        this.enc = new FixEncoder(MemorySegment.ofArray(new byte[FixEncoder.CAPACITY]));
        this.idsSegment = MemorySegment.ofArray(orders.ids);
        this.pendingIdsSegment = MemorySegment.ofArray(orders.pendingIds);
    }

    /** This session's index in its {@link FixSessions} (the node session it trades for). */
    public int id() { return id; }

    public long nextOutgoingSeq() { return nextOut; }

    public long nextExpectedSeq() { return nextIn; }

    public boolean loggedOn() { return loggedOn; }

    public boolean connected() { return link != null; }

    public int liveOrders() { return orders.live(); }

    byte[] theirCompId() { return theirCompId; }

    byte[] ourCompId() { return ourCompId; }

    /** Restores the durable counters (recovery). */
    void restoreCounters(long nextOut, long nextIn, long execIds) {
        this.nextOut = nextOut;
        this.nextIn = nextIn;
        this.execIds = execIds;
    }

    /** Recovery: replays a journaled inbound application message into the order table, output suppressed. */
    void replayInbound(FixMessage m, long at) {
        recovering = true;
        now = at;
        onApplication(m);
        recovering = false;
    }

    void journal(FixJournal j) {
        this.journal = j;
    }

    /** Decodes one venue response at an offset and calls a session's handler for it. */
    interface ResponseDecoder {
        void dispatch(FixSession s, MemorySegment d, long at);
    }

    /** Recovery: replays a venue response from the node's store, output suppressed. */
    void recoverResponse(MemorySegment d, long at, long time, ResponseDecoder decoder) {
        recovering = true;
        now = time;
        decoder.dispatch(this, d, at);
        recovering = false;
    }

    /** Recovery: replays a journaled venue response, output suppressed. */
    void replayResponse(MemorySegment s, long off, long at) {
        recovering = true;
        now = at;
        FixResponseRecord.replay(s, off, this);
        recovering = false;
    }

    /** Recovery: a journaled sequence reset. */
    void replayReset() {
        outbox.clear();
    }

    /** Recovery: keeps a journaled application message for resends. */
    void replayOutbound(long seq, byte type, long time, MemorySegment s, long off, int len) {
        outbox.put(seq, type, time, s, off, len);
    }

    // ------------------------------------------------------------------ logon

    /**
     * A Logon on a new connection that names this session. Credentials and CompIDs are checked
     * by the caller except the password, which is checked here.
     *
     * @return true if the session is now logged on over {@code link}
     */
    boolean logon(FixLink link, FixMessage m, long now) {
        this.now = now;
        if (this.link != null) {
            refuse(link, m, "session already logged on");
            return false;
        }
        boolean offered = m.indexOf(FixTags.USERNAME) >= 0 || m.indexOf(FixTags.PASSWORD) >= 0;
        if (config.requireCredentials() || offered) {
            boolean ok = config.password() != null
                    && (config.username() == null || m.valueEquals(FixTags.USERNAME, bytes(config.username())))
                    && m.valueEquals(FixTags.PASSWORD, bytes(config.password()));
            if (!ok) {
                this.link = link;
                sendLogout("invalid username or password");
                this.link = null;
                link.close();
                return false;
            }
        }
        long hb = m.getLong(FixTags.HEART_BT_INT);
        if (hb < 0 || hb > 3600) {
            this.link = link;
            sendLogout(hb == FixMessage.MISSING ? "HeartBtInt (108) missing" : "HeartBtInt (108) invalid");
            this.link = null;
            link.close();
            return false;
        }
        long seq = m.getLong(FixTags.MSG_SEQ_NUM);
        boolean reset = m.getBoolean(FixTags.RESET_SEQ_NUM_FLAG) == 1;
        if (reset) {
            if (seq != 1) {
                refuse(link, m, "ResetSeqNumFlag with MsgSeqNum other than 1");
                return false;
            }
            nextOut = 1;
            nextIn = 1;
            outbox.clear();
            journal.reset(id);
        }
        if (seq < nextIn) {
            this.link = link;
            sendLogout(tooLow(seq));
            this.link = null;
            link.close();
            return false;
        }
        this.link = link;
        loggedOn = true;
        logoutSent = false;
        heartbeatMillis = hb * 1000;
        lastReceived = now;
        testRequestSentAt = -1;
        resendUpTo = 0;
        header((byte) 'A', nextOut).putLong(FixTags.ENCRYPT_METHOD, 0).putLong(FixTags.HEART_BT_INT, hb);
        if (reset) enc.putBoolean(FixTags.RESET_SEQ_NUM_FLAG, true);
        sendAdmin();
        if (seq > nextIn) {
            requestResend(seq);
        } else {
            nextIn = seq + 1;
        }
        counters();
        return true;
    }

    private void refuse(FixLink other, FixMessage m, String reason) {
        FixLink saved = link;
        link = other;
        // Not this session's connection: a Logout outside the sequence, then close.
        enc.begin((byte) '5').putBytes(FixTags.SENDER_COMP_ID, ourCompId).putBytes(FixTags.TARGET_COMP_ID, theirCompId)
                .putLong(FixTags.MSG_SEQ_NUM, 1).putTimestamp(FixTags.SENDING_TIME, now)
                .putBytes(FixTags.TEXT, bytes(reason)).finish();
        other.send(enc.buffer(), enc.start(), enc.length());
        other.close();
        link = saved;
    }

    /** The connection {@code l} closed; ignored if the session has since moved to another one. */
    void linkClosed(FixLink l) {
        if (link == l) disconnected();
    }

    /** The connection went away. */
    void disconnected() {
        link = null;
        loggedOn = false;
        logoutSent = false;
        resendUpTo = 0;
        testRequestSentAt = -1;
    }

    // ------------------------------------------------------------------ inbound

    /** A parsed message on this session's connection (after Logon). */
    void onMessage(FixMessage m, long now) {
        this.now = now;
        lastReceived = now;
        testRequestSentAt = -1;
        byte type = m.msgType();
        if (!m.valueEquals(FixTags.SENDER_COMP_ID, theirCompId) || !m.valueEquals(FixTags.TARGET_COMP_ID, ourCompId)) {
            long seq = m.getLong(FixTags.MSG_SEQ_NUM);
            sendReject(seq < 0 ? 0 : seq, m, m.indexOf(FixTags.SENDER_COMP_ID) < 0 ? FixTags.SENDER_COMP_ID
                    : m.valueEquals(FixTags.SENDER_COMP_ID, theirCompId) ? FixTags.TARGET_COMP_ID : FixTags.SENDER_COMP_ID,
                    REJ_COMP_ID, "CompID problem");
            if (seq == nextIn) nextIn++;
            sendLogout("CompID problem");
            return;
        }
        long seq = m.getLong(FixTags.MSG_SEQ_NUM);
        if (seq < 0) {
            sendLogout(seq == FixMessage.MISSING ? "MsgSeqNum (34) missing" : "MsgSeqNum (34) invalid");
            return;
        }
        if (type == '4' && m.msgTypeLength() == 1) { // SequenceReset acts whatever its MsgSeqNum
            onSequenceReset(m, seq);
            return;
        }
        if (seq > nextIn) {
            if (type == '5' && m.msgTypeLength() == 1) { onLogout(); return; }
            if (resendUpTo == 0) requestResend(seq);
            else if (nextIn > resendFrom && m.getBoolean(FixTags.POSS_DUP_FLAG) != 1) requestResend(seq); // see below
            else if (seq > resendUpTo) resendUpTo = seq;
            if (type == '2' && m.msgTypeLength() == 1) onResendRequest(m, seq); // answer it now too
            return;
        }
        if (seq < nextIn) {
            if (m.getBoolean(FixTags.POSS_DUP_FLAG) == 1) {
                if (m.indexOf(FixTags.ORIG_SENDING_TIME) < 0) {
                    sendReject(seq, m, FixTags.ORIG_SENDING_TIME, REJ_REQUIRED_MISSING, "OrigSendingTime (122) missing");
                }
                return; // a duplicate: ignored
            }
            sendLogout(tooLow(seq));
            return;
        }
        // seq == nextIn
        if (m.getBoolean(FixTags.POSS_DUP_FLAG) == 1 && m.indexOf(FixTags.ORIG_SENDING_TIME) < 0) {
            nextIn++;
            sendReject(seq, m, FixTags.ORIG_SENDING_TIME, REJ_REQUIRED_MISSING, "OrigSendingTime (122) missing");
            endResend();
            counters();
            return;
        }
        if (m.indexOf(FixTags.SENDING_TIME) < 0) {
            nextIn++;
            sendReject(seq, m, FixTags.SENDING_TIME, REJ_REQUIRED_MISSING, "SendingTime (52) missing");
            endResend();
            counters();
            return;
        }
        nextIn++;
        endResend();
        if (m.msgTypeLength() != 1) {
            sendReject(seq, m, FixTags.MSG_TYPE, REJ_INVALID_MSG_TYPE, "unsupported MsgType");
        } else {
            switch (type) {
                case '0' -> { } // Heartbeat: any traffic clears the test request
                case '1' -> onTestRequest(m, seq);
                case '2' -> onResendRequest(m, seq);
                case '3' -> { } // Reject from the peer: nothing to do
                case '5' -> { onLogout(); counters(); return; }
                case 'A' -> sendReject(seq, m, FixTags.MSG_TYPE, REJ_VALUE_INCORRECT, "already logged on");
                case 'D', 'F', 'G' -> {
                    if (onApplication(m)) journal.inbound(id, now, m.segment(), m.start(), m.length());
                }
                default -> sendReject(seq, m, FixTags.MSG_TYPE, REJ_INVALID_MSG_TYPE, "unsupported MsgType");
            }
        }
        counters();
    }

    /** A message whose frame was intact but a field was not (the parser's field errors). */
    void onFieldError(FixMessage m, int tag, int rejectReason, long now) {
        this.now = now;
        lastReceived = now;
        long seq = m.getLong(FixTags.MSG_SEQ_NUM);
        if (seq < 0) return; // no sequence number to name: treated as garbled
        if (seq > nextIn) {
            if (resendUpTo == 0) requestResend(seq);
            return;
        }
        if (seq < nextIn) return;
        nextIn++;
        endResend();
        sendReject(seq, m, tag, rejectReason, "invalid field");
        counters();
    }

    private void endResend() {
        if (resendUpTo != 0 && nextIn > resendUpTo) resendUpTo = 0;
    }

    /**
     * Asks for everything from the next expected message on. Asked again when, with a request
     * outstanding, the peer's resend has moved the expected number on and new (not PossDup)
     * messages still come in above it: the peer answered with what it had sent before the request
     * and has moved on, so the rest (a message it sent while we were waiting, such as its own
     * ResendRequest) would otherwise never be asked for.
     */
    private void requestResend(long received) {
        resendUpTo = received;
        resendFrom = nextIn;
        header((byte) '2', nextOut).putLong(FixTags.BEGIN_SEQ_NO, nextIn).putLong(FixTags.END_SEQ_NO, 0);
        sendAdmin();
    }

    private String tooLow(long seq) {
        return "MsgSeqNum too low, expecting " + nextIn + " but received " + seq;
    }

    private void onTestRequest(FixMessage m, long seq) {
        int i = m.indexOf(FixTags.TEST_REQ_ID);
        if (i < 0) {
            sendReject(seq, m, FixTags.TEST_REQ_ID, REJ_REQUIRED_MISSING, "TestReqID (112) missing");
            return;
        }
        header((byte) '0', nextOut).putBytes(FixTags.TEST_REQ_ID, m.segment(), m.valueOffset(i), m.valueLength(i));
        sendAdmin();
    }

    private void onSequenceReset(FixMessage m, long seq) {
        boolean gapFill = m.getBoolean(FixTags.GAP_FILL_FLAG) == 1;
        long newSeq = m.getLong(FixTags.NEW_SEQ_NO);
        if (gapFill) {
            if (seq > nextIn) { // a gap before the gap fill
                if (resendUpTo == 0) requestResend(seq);
                return;
            }
            if (seq < nextIn) {
                if (m.getBoolean(FixTags.POSS_DUP_FLAG) != 1) sendLogout(tooLow(seq));
                return;
            }
        }
        if (newSeq < 0) {
            if (!gapFill || seq == nextIn) nextIn = Math.max(nextIn, seq + 1);
            sendReject(seq, m, FixTags.NEW_SEQ_NO, REJ_REQUIRED_MISSING, "NewSeqNo (36) missing");
            counters();
            return;
        }
        if (newSeq < nextIn) {
            if (gapFill) nextIn++;
            sendReject(seq, m, FixTags.NEW_SEQ_NO, REJ_VALUE_INCORRECT,
                    "NewSeqNo " + newSeq + " below expected " + nextIn);
            counters();
            return;
        }
        nextIn = newSeq;
        endResend();
        counters();
    }

    private void onResendRequest(FixMessage m, long seq) {
        long begin = m.getLong(FixTags.BEGIN_SEQ_NO);
        long end = m.getLong(FixTags.END_SEQ_NO);
        if (begin < 0 || end < 0) {
            sendReject(seq, m, begin < 0 ? FixTags.BEGIN_SEQ_NO : FixTags.END_SEQ_NO,
                    begin == FixMessage.MISSING || end == FixMessage.MISSING ? REJ_REQUIRED_MISSING : REJ_FORMAT,
                    "bad ResendRequest range");
            return;
        }
        long last = nextOut - 1;
        if (end == 0 || end > last) end = last;
        if (begin < 1) begin = 1;
        long gapStart = -1;
        for (long s = begin; s <= end; s++) {
            int e = outbox.find(s);
            if (e >= 0) {
                if (gapStart >= 0) { gapFill(gapStart, s); gapStart = -1; }
                resend(s, e);
            } else if (gapStart < 0) {
                gapStart = s;
            }
        }
        if (gapStart >= 0) gapFill(gapStart, end + 1);
    }

    private void gapFill(long from, long to) {
        enc.begin((byte) '4').putBytes(FixTags.SENDER_COMP_ID, ourCompId).putBytes(FixTags.TARGET_COMP_ID, theirCompId)
                .putLong(FixTags.MSG_SEQ_NUM, from).putBoolean(FixTags.POSS_DUP_FLAG, true)
                .putTimestamp(FixTags.SENDING_TIME, now).putTimestamp(FixTags.ORIG_SENDING_TIME, now)
                .putBoolean(FixTags.GAP_FILL_FLAG, true).putLong(FixTags.NEW_SEQ_NO, to).finish();
        transmit();
    }

    private void resend(long seq, int e) {
        enc.begin(outbox.type(e)).putBytes(FixTags.SENDER_COMP_ID, ourCompId).putBytes(FixTags.TARGET_COMP_ID, theirCompId)
                .putLong(FixTags.MSG_SEQ_NUM, seq).putBoolean(FixTags.POSS_DUP_FLAG, true)
                .putTimestamp(FixTags.SENDING_TIME, now).putTimestamp(FixTags.ORIG_SENDING_TIME, outbox.sendingTime(e))
                .putRawBytes(outbox.arena(), outbox.offset(e), outbox.length(e)).finish();
        transmit();
    }

    private void onLogout() {
        if (!logoutSent) {
            header((byte) '5', nextOut);
            sendAdmin();
        }
        FixLink l = link;
        disconnected();
        if (l != null) l.close();
    }

    /** Sends a Logout with {@code text}; the session disconnects on the peer's answer or a timeout. */
    void sendLogout(String text) {
        if (link == null) return;
        header((byte) '5', nextOut);
        if (text != null) enc.putBytes(FixTags.TEXT, bytes(text));
        sendAdmin();
        logoutSent = true;
        logoutSentAt = now;
        counters();
    }

    /** Starts a Logout handshake (operator or shutdown). */
    public void logout(String text, long now) {
        this.now = now;
        sendLogout(text);
    }

    // ------------------------------------------------------------------ timer

    /** Heartbeats, TestRequest for a silent peer, disconnect after an unanswered one or a Logout. */
    public void onTimer(long now) {
        this.now = now;
        if (link == null || !loggedOn) return;
        if (logoutSent) {
            if (now - logoutSentAt >= Math.max(heartbeatMillis, 2000)) {
                FixLink l = link;
                disconnected();
                l.close();
            }
            return;
        }
        if (heartbeatMillis <= 0) return;
        if (testRequestSentAt >= 0) {
            if (now - testRequestSentAt >= heartbeatMillis) {
                sendLogout("test request not answered");
                FixLink l = link;
                disconnected();
                l.close();
            }
            return;
        }
        if (now - lastReceived >= heartbeatMillis + heartbeatMillis / 5) {
            testRequestId++;
            testRequestSentAt = now;
            header((byte) '1', nextOut).putLong(FixTags.TEST_REQ_ID, testRequestId);
            sendAdmin();
            counters();
            return;
        }
        if (now - lastSent >= heartbeatMillis) {
            header((byte) '0', nextOut);
            sendAdmin();
            counters();
        }
    }

    // ------------------------------------------------------------------ application inbound

    /** @return true if the message changed the order table (journaled for recovery) */
    private boolean onApplication(FixMessage m) {
        return switch (m.msgType()) {
            case 'D' -> onNewOrder(m);
            case 'F' -> onCancelRequest(m);
            default -> onReplaceRequest(m);
        };
    }

    private long seqOf(FixMessage m) {
        return m.getLong(FixTags.MSG_SEQ_NUM);
    }

    private boolean require(FixMessage m, int tag) {
        if (m.indexOf(tag) >= 0) return true;
        sendReject(seqOf(m), m, tag, REJ_REQUIRED_MISSING, "required tag missing");
        return false;
    }

    private boolean onNewOrder(FixMessage m) {
        if (!require(m, FixTags.CL_ORD_ID) || !require(m, FixTags.SYMBOL) || !require(m, FixTags.SIDE)
                || !require(m, FixTags.ORDER_QTY) || !require(m, FixTags.ORD_TYPE)) return false;
        int idIdx = m.indexOf(FixTags.CL_ORD_ID);
        if (m.valueLength(idIdx) > FixOrders.MAX_ID) {
            sendReject(seqOf(m), m, FixTags.CL_ORD_ID, REJ_VALUE_INCORRECT, "ClOrdID longer than 40");
            return false;
        }
        byte side = side(m.getChar(FixTags.SIDE));
        if (side < 0) { sendReject(seqOf(m), m, FixTags.SIDE, REJ_VALUE_INCORRECT, "Side must be 1 or 2"); return false; }
        byte ordType = m.getChar(FixTags.ORD_TYPE);
        if (ordType != '1' && ordType != '2') {
            sendReject(seqOf(m), m, FixTags.ORD_TYPE, REJ_VALUE_INCORRECT, "OrdType must be 1 or 2");
            return false;
        }
        byte tif = tif(m);
        if (tif < 0) {
            sendReject(seqOf(m), m, FixTags.TIME_IN_FORCE, REJ_VALUE_INCORRECT, "TimeInForce must be 0, 1, 3 or 4");
            return false;
        }
        byte type = ordType == '2' ? OrderType.LIMIT : OrderType.MARKET;
        if (type == OrderType.MARKET && tif == TimeInForce.GTC) tif = TimeInForce.IOC; // a market order never rests
        int symIdx = m.indexOf(FixTags.SYMBOL);
        int sym = symbols.find(m.segment(), m.valueOffset(symIdx), m.valueLength(symIdx));
        long qty = FixDecimal.toUnits(m, FixTags.ORDER_QTY, 0);
        if (qty < 0) {
            sendReject(seqOf(m), m, FixTags.ORDER_QTY, qty == FixDecimal.INVALID ? REJ_FORMAT : REJ_VALUE_INCORRECT,
                    "OrderQty must be a whole number");
            return false;
        }
        long price = 0;
        if (type == OrderType.LIMIT) {
            if (!require(m, FixTags.PRICE)) return false;
            if (sym >= 0) {
                int pi = m.indexOf(FixTags.PRICE);
                price = FixDecimal.toTicks(m.segment(), m.valueOffset(pi), m.valueLength(pi), symbols.decimals(sym), symbols.tick(sym));
                if (price == FixDecimal.INVALID) {
                    sendReject(seqOf(m), m, FixTags.PRICE, REJ_FORMAT, "Price is not a decimal");
                    return false;
                }
            }
        }
        if (sym < 0) { rejectOrder(m, side, 1, "unknown symbol"); return false; }
        if (price == FixDecimal.OFF_GRID) { rejectOrder(m, side, 99, "price off the tick grid"); return false; }
        if (price == FixDecimal.OVERFLOW) { rejectOrder(m, side, 99, "price out of range"); return false; }
        if (orders.inUse(m.segment(), m.valueOffset(idIdx), m.valueLength(idIdx))) {
            rejectOrder(m, side, 6, "duplicate ClOrdID");
            return false;
        }
        int slot = orders.allocate(m.segment(), m.valueOffset(idIdx), m.valueLength(idIdx));
        if (slot < 0) { rejectOrder(m, side, 99, "too many open orders"); return false; }
        orders.symbol[slot] = sym;
        orders.side[slot] = side;
        orders.type[slot] = type;
        orders.tif[slot] = tif;
        orders.price[slot] = price;
        orders.orderQty[slot] = qty;
        if (!recovering) venue.enterOrder(id, orders.token[slot], symbols.id(sym), side, type, tif, price, qty);
        return true;
    }

    private boolean onCancelRequest(FixMessage m) {
        if (!require(m, FixTags.CL_ORD_ID) || !require(m, FixTags.ORIG_CL_ORD_ID)) return false;
        int slot = findOrig(m);
        if (slot < 0) { cancelReject(m, -1, '1', 1, "unknown order"); return false; }
        if (orders.pending[slot] != FixOrders.NONE) {
            cancelReject(m, slot, '1', 3, "a cancel or replace is already pending");
            return false;
        }
        int idIdx = m.indexOf(FixTags.CL_ORD_ID);
        if (m.valueLength(idIdx) > FixOrders.MAX_ID) {
            sendReject(seqOf(m), m, FixTags.CL_ORD_ID, REJ_VALUE_INCORRECT, "ClOrdID longer than 40");
            return false;
        }
        orders.pending[slot] = FixOrders.CANCEL;
        orders.setPendingId(slot, m.segment(), m.valueOffset(idIdx), m.valueLength(idIdx));
        if (!recovering) venue.cancelOrder(id, orders.token[slot]);
        return true;
    }

    private boolean onReplaceRequest(FixMessage m) {
        if (!require(m, FixTags.CL_ORD_ID) || !require(m, FixTags.ORIG_CL_ORD_ID) || !require(m, FixTags.ORDER_QTY)
                || !require(m, FixTags.ORD_TYPE)) return false;
        int slot = findOrig(m);
        if (slot < 0) { cancelReject(m, -1, '2', 1, "unknown order"); return false; }
        if (orders.pending[slot] != FixOrders.NONE) {
            cancelReject(m, slot, '2', 3, "a cancel or replace is already pending");
            return false;
        }
        int idIdx = m.indexOf(FixTags.CL_ORD_ID);
        if (m.valueLength(idIdx) > FixOrders.MAX_ID) {
            sendReject(seqOf(m), m, FixTags.CL_ORD_ID, REJ_VALUE_INCORRECT, "ClOrdID longer than 40");
            return false;
        }
        if (m.getChar(FixTags.ORD_TYPE) != '2' || orders.type[slot] != OrderType.LIMIT) {
            cancelReject(m, slot, '2', 99, "only limit orders can be replaced");
            return false;
        }
        byte side = m.indexOf(FixTags.SIDE) < 0 ? orders.side[slot] : side(m.getChar(FixTags.SIDE));
        int symIdx = m.indexOf(FixTags.SYMBOL);
        int sym = orders.symbol[slot];
        if (side != orders.side[slot] || (symIdx >= 0
                && symbols.find(m.segment(), m.valueOffset(symIdx), m.valueLength(symIdx)) != sym)) {
            cancelReject(m, slot, '2', 99, "Side and Symbol cannot change");
            return false;
        }
        long total = FixDecimal.toUnits(m, FixTags.ORDER_QTY, 0);
        if (total < 0) {
            sendReject(seqOf(m), m, FixTags.ORDER_QTY, total == FixDecimal.INVALID ? REJ_FORMAT : REJ_VALUE_INCORRECT,
                    "OrderQty must be a whole number");
            return false;
        }
        long price = orders.price[slot];
        int pi = m.indexOf(FixTags.PRICE);
        if (pi >= 0) {
            price = FixDecimal.toTicks(m.segment(), m.valueOffset(pi), m.valueLength(pi), symbols.decimals(sym), symbols.tick(sym));
            if (price == FixDecimal.INVALID) {
                sendReject(seqOf(m), m, FixTags.PRICE, REJ_FORMAT, "Price is not a decimal");
                return false;
            }
            if (price < 0) { cancelReject(m, slot, '2', 99, "price off the tick grid"); return false; }
        }
        long open = total - orders.cumQty[slot];
        if (open <= 0) {
            cancelReject(m, slot, '2', 0, "OrderQty not above CumQty");
            return false;
        }
        orders.pending[slot] = FixOrders.REPLACE;
        orders.setPendingId(slot, m.segment(), m.valueOffset(idIdx), m.valueLength(idIdx));
        orders.pendingToken[slot] = orders.nextToken(slot);
        orders.pendingPrice[slot] = price;
        orders.pendingQty[slot] = total;
        if (!recovering) venue.replaceOrder(id, orders.token[slot], orders.pendingToken[slot], price, open);
        return true;
    }

    private int findOrig(FixMessage m) {
        int i = m.indexOf(FixTags.ORIG_CL_ORD_ID);
        return orders.find(m.segment(), m.valueOffset(i), m.valueLength(i));
    }

    private static byte side(byte fix) {
        return fix == '1' ? Side.BUY : fix == '2' ? Side.SELL : -1;
    }

    private static byte tif(FixMessage m) {
        int i = m.indexOf(FixTags.TIME_IN_FORCE);
        if (i < 0) return TimeInForce.GTC;
        byte t = m.valueLength(i) == 1 ? m.segment().get(ValueLayout.JAVA_BYTE, m.valueOffset(i)) : 0;
        return switch (t) {
            case '0', '1' -> TimeInForce.GTC; // day is treated as GTC: qsl has no trading-day boundary
            case '3' -> TimeInForce.IOC;
            case '4' -> TimeInForce.FOK;
            default -> -1;
        };
    }

    // ------------------------------------------------------------------ venue responses

    private void journalResponse(byte kind, long token, long token2, long orderId, int symbol, byte side, byte type,
                                 byte tif, long price, long quantity, long leaves, byte reason, byte flag, int count) {
        if (recovering) return;
        FixResponseRecord.write(rec, kind, token, token2, orderId, symbol, side, type, tif, price, quantity, leaves,
                reason, flag, count);
        journal.response(id, now, rec, 0);
    }

    /** Sets the clock for responses delivered outside {@link #onMessage} (the gateway's poll). */
    void clock(long now) {
        this.now = now;
    }

    @Override
    public void onAccepted(long token, long orderId, int symbol, byte side, byte type, byte tif, long price, long quantity) {
        journalResponse((byte) 'A', token, 0, orderId, symbol, side, type, tif, price, quantity, 0, (byte) 0, (byte) 0, 0);
        int slot = orders.slotOfToken(token);
        if (slot < 0) return;
        orders.orderId[slot] = orderId;
        orders.acked[slot] = true;
        execReport(slot, (byte) '0', (byte) '0', orders.ids, 0, 0, orders.orderQty[slot] - orders.cumQty[slot]);
    }

    @Override
    public void onRejected(long token, byte reason) {
        journalResponse((byte) 'J', token, 0, 0, 0, (byte) 0, (byte) 0, (byte) 0, 0, 0, 0, reason, (byte) 0, 0);
        int slot = orders.slotOfToken(token);
        if (slot < 0) return;
        int ordRej = reason == RejectReason.UNKNOWN_SYMBOL ? 1 : reason == RejectReason.DUPLICATE_ORDER_ID ? 6
                : reason == RejectReason.QUANTITY_ABOVE_MAX || reason == RejectReason.NOTIONAL_ABOVE_MAX ? 3 : 99;
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        enc.putBytes(FixTags.ORDER_ID, NONE_ID);
        putExecId();
        putId(FixTags.CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        enc.putChar(FixTags.EXEC_TYPE, (byte) '8').putChar(FixTags.ORD_STATUS, (byte) '8');
        putInstrument(slot);
        enc.putLong(FixTags.LEAVES_QTY, 0).putLong(FixTags.CUM_QTY, 0).putLong(FixTags.AVG_PX, 0)
                .putLong(FixTags.ORD_REJ_REASON, ordRej).putBytes(FixTags.TEXT, reasonText(reason));
        sendApp((byte) '8', bodyStart);
        orders.release(slot);
    }

    @Override
    public void onExecuted(long token, long orderId, long matchId, long price, long quantity, long leaves, byte liquidity) {
        journalResponse((byte) 'E', token, matchId, orderId, 0, (byte) 0, (byte) 0, (byte) 0, price, quantity, leaves,
                (byte) 0, liquidity, 0);
        int slot = orders.slotOfToken(token);
        if (slot < 0) return;
        orders.cumQty[slot] += quantity;
        orders.notional[slot] += price * quantity;
        byte status = leaves == 0 ? (byte) '2' : (byte) '1';
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        putExecId();
        putId(FixTags.CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        enc.putChar(FixTags.EXEC_TYPE, (byte) 'F').putChar(FixTags.ORD_STATUS, status);
        putInstrument(slot);
        int dec = symbols.decimals(orders.symbol[slot]);
        enc.putDecimal(FixTags.LAST_PX, price, dec).putLong(FixTags.LAST_QTY, quantity)
                .putLong(FixTags.LEAVES_QTY, leaves).putLong(FixTags.CUM_QTY, orders.cumQty[slot]);
        putAvgPx(slot);
        sendApp((byte) '8', bodyStart);
        if (leaves == 0) {
            if (orders.pending[slot] != FixOrders.NONE) tooLateOnFill(slot);
            orders.release(slot);
        }
    }

    @Override
    public void onCanceled(long token, long orderId, long canceledQuantity, byte reason) {
        journalResponse((byte) 'C', token, 0, orderId, 0, (byte) 0, (byte) 0, (byte) 0, 0, canceledQuantity, 0, reason,
                (byte) 0, 0);
        int slot = orders.slotOfToken(token);
        if (slot < 0) return;
        boolean requested = reason == CancelReason.USER && orders.pending[slot] == FixOrders.CANCEL;
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        if (orders.acked[slot]) enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        else enc.putLong(FixTags.ORDER_ID, orderId);
        putExecId();
        if (requested) {
            putId(FixTags.CL_ORD_ID, orders.pendingIds, slot, orders.pendingIdLen[slot]);
            putId(FixTags.ORIG_CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        } else {
            putId(FixTags.CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        }
        enc.putChar(FixTags.EXEC_TYPE, (byte) '4').putChar(FixTags.ORD_STATUS, (byte) '4');
        putInstrument(slot);
        enc.putLong(FixTags.LEAVES_QTY, 0).putLong(FixTags.CUM_QTY, orders.cumQty[slot]);
        putAvgPx(slot);
        if (!requested) enc.putBytes(FixTags.TEXT, cancelText(reason));
        sendApp((byte) '8', bodyStart);
        if (!requested && orders.pending[slot] != FixOrders.NONE) tooLateOnFill(slot);
        orders.release(slot);
    }

    @Override
    public void onReplaced(long oldToken, long newToken, long orderId, long price, long quantity, boolean keptPriority) {
        journalResponse((byte) 'U', oldToken, newToken, orderId, 0, (byte) 0, (byte) 0, (byte) 0, price, quantity, 0,
                (byte) 0, keptPriority ? (byte) 1 : 0, 0);
        int slot = orders.slotOfToken(oldToken);
        if (slot < 0) return;
        orders.price[slot] = price;
        orders.orderQty[slot] = orders.cumQty[slot] + quantity;
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        putExecId();
        putId(FixTags.CL_ORD_ID, orders.pendingIds, slot, orders.pendingIdLen[slot]);
        putId(FixTags.ORIG_CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        enc.putChar(FixTags.EXEC_TYPE, (byte) '5').putChar(FixTags.ORD_STATUS,
                orders.cumQty[slot] > 0 ? (byte) '1' : (byte) '0');
        putInstrument(slot);
        enc.putLong(FixTags.LEAVES_QTY, quantity).putLong(FixTags.CUM_QTY, orders.cumQty[slot]);
        putAvgPx(slot);
        enc.putBytes(FixTags.TEXT, keptPriority ? PRIORITY_KEPT : PRIORITY_LOST);
        sendApp((byte) '8', bodyStart);
        orders.promotePendingId(slot);
        orders.token[slot] = newToken;
        orders.pendingToken[slot] = 0;
        orders.pending[slot] = FixOrders.NONE;
    }

    @Override
    public void onCancelReject(long token, byte reason) {
        journalResponse((byte) 'I', token, 0, 0, 0, (byte) 0, (byte) 0, (byte) 0, 0, 0, 0, reason, (byte) 0, 0);
        int slot = orders.slotOfToken(token);
        if (slot < 0 || orders.pending[slot] != FixOrders.CANCEL) return;
        venueReject(slot, '1', reason);
    }

    @Override
    public void onReplaceReject(long oldToken, long newToken, byte reason) {
        journalResponse((byte) 'K', oldToken, newToken, 0, 0, (byte) 0, (byte) 0, (byte) 0, 0, 0, 0, reason, (byte) 0, 0);
        int slot = orders.slotOfToken(oldToken);
        if (slot < 0 || orders.pending[slot] != FixOrders.REPLACE) return;
        venueReject(slot, '2', reason);
    }

    @Override
    public void onMassCancelAck(int symbol, int count) {
        journalResponse((byte) 'M', 0, 0, 0, symbol, (byte) 0, (byte) 0, (byte) 0, 0, 0, 0, (byte) 0, (byte) 0, count);
    }

    private void venueReject(int slot, char responseTo, byte reason) {
        header((byte) '9', nextOut);
        long bodyStart = enc.position();
        enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        putId(FixTags.CL_ORD_ID, orders.pendingIds, slot, orders.pendingIdLen[slot]);
        putId(FixTags.ORIG_CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        enc.putChar(FixTags.ORD_STATUS, statusOf(slot)).putChar(FixTags.CXL_REJ_RESPONSE_TO, (byte) responseTo)
                .putLong(FixTags.CXL_REJ_REASON, reason == RejectReason.UNKNOWN_ORDER ? 0 : 99)
                .putBytes(FixTags.TEXT, reasonText(reason));
        sendApp((byte) '9', bodyStart);
        orders.pending[slot] = FixOrders.NONE;
        orders.pendingToken[slot] = 0;
    }

    /** The order finished while a cancel or replace was pending: that request is too late. */
    private void tooLateOnFill(int slot) {
        header((byte) '9', nextOut);
        long bodyStart = enc.position();
        enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        putId(FixTags.CL_ORD_ID, orders.pendingIds, slot, orders.pendingIdLen[slot]);
        putId(FixTags.ORIG_CL_ORD_ID, orders.ids, slot, orders.idLen[slot]);
        boolean filled = orders.cumQty[slot] == orders.orderQty[slot];
        enc.putChar(FixTags.ORD_STATUS, filled ? (byte) '2' : (byte) '4')
                .putChar(FixTags.CXL_REJ_RESPONSE_TO, orders.pending[slot] == FixOrders.CANCEL ? (byte) '1' : (byte) '2')
                .putLong(FixTags.CXL_REJ_REASON, 0).putBytes(FixTags.TEXT, TOO_LATE);
        sendApp((byte) '9', bodyStart);
        orders.pending[slot] = FixOrders.NONE;
    }

    private byte statusOf(int slot) {
        return orders.cumQty[slot] > 0 ? (byte) '1' : (byte) '0';
    }

    // ------------------------------------------------------------------ outbound helpers

    private void rejectOrder(FixMessage m, byte side, int ordRejReason, String text) {
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        enc.putBytes(FixTags.ORDER_ID, NONE_ID);
        putExecId();
        int i = m.indexOf(FixTags.CL_ORD_ID);
        enc.putBytes(FixTags.CL_ORD_ID, m.segment(), m.valueOffset(i), Math.min(m.valueLength(i), FixOrders.MAX_ID));
        enc.putChar(FixTags.EXEC_TYPE, (byte) '8').putChar(FixTags.ORD_STATUS, (byte) '8');
        int s = m.indexOf(FixTags.SYMBOL);
        enc.putBytes(FixTags.SYMBOL, m.segment(), m.valueOffset(s), Math.min(m.valueLength(s), 64));
        enc.putChar(FixTags.SIDE, side == Side.BUY ? (byte) '1' : (byte) '2');
        enc.putLong(FixTags.LEAVES_QTY, 0).putLong(FixTags.CUM_QTY, 0).putLong(FixTags.AVG_PX, 0)
                .putLong(FixTags.ORD_REJ_REASON, ordRejReason).putBytes(FixTags.TEXT, bytes(text));
        sendApp((byte) '8', bodyStart);
    }

    private void cancelReject(FixMessage m, int slot, char responseTo, int reason, String text) {
        header((byte) '9', nextOut);
        long bodyStart = enc.position();
        if (slot >= 0) enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        else enc.putBytes(FixTags.ORDER_ID, NONE_ID);
        int i = m.indexOf(FixTags.CL_ORD_ID);
        enc.putBytes(FixTags.CL_ORD_ID, m.segment(), m.valueOffset(i), Math.min(m.valueLength(i), FixOrders.MAX_ID));
        i = m.indexOf(FixTags.ORIG_CL_ORD_ID);
        enc.putBytes(FixTags.ORIG_CL_ORD_ID, m.segment(), m.valueOffset(i), Math.min(m.valueLength(i), FixOrders.MAX_ID));
        enc.putChar(FixTags.ORD_STATUS, slot >= 0 ? statusOf(slot) : (byte) '8')
                .putChar(FixTags.CXL_REJ_RESPONSE_TO, (byte) responseTo).putLong(FixTags.CXL_REJ_REASON, reason)
                .putBytes(FixTags.TEXT, bytes(text));
        sendApp((byte) '9', bodyStart);
    }

    private void execReport(int slot, byte execType, byte status, byte[] idSrc, long lastPx, long lastQty, long leaves) {
        header((byte) '8', nextOut);
        long bodyStart = enc.position();
        enc.putLong(FixTags.ORDER_ID, orders.orderId[slot]);
        putExecId();
        putId(FixTags.CL_ORD_ID, idSrc, slot, orders.idLen[slot]);
        enc.putChar(FixTags.EXEC_TYPE, execType).putChar(FixTags.ORD_STATUS, status);
        putInstrument(slot);
        enc.putLong(FixTags.LEAVES_QTY, leaves).putLong(FixTags.CUM_QTY, orders.cumQty[slot]);
        putAvgPx(slot);
        sendApp((byte) '8', bodyStart);
    }

    private void putInstrument(int slot) {
        int sym = orders.symbol[slot];
        enc.putBytes(FixTags.SYMBOL, symbols.name(sym)).putChar(FixTags.SIDE, orders.side[slot] == Side.BUY ? (byte) '1' : (byte) '2')
                .putLong(FixTags.ORDER_QTY, orders.orderQty[slot])
                .putChar(FixTags.ORD_TYPE, orders.type[slot] == OrderType.LIMIT ? (byte) '2' : (byte) '1');
        if (orders.type[slot] == OrderType.LIMIT) enc.putDecimal(FixTags.PRICE, orders.price[slot], symbols.decimals(sym));
        byte t = orders.tif[slot];
        enc.putChar(FixTags.TIME_IN_FORCE, t == TimeInForce.IOC ? (byte) '3' : t == TimeInForce.FOK ? (byte) '4' : (byte) '1');
    }

    private void putAvgPx(int slot) {
        long cum = orders.cumQty[slot];
        if (cum == 0) enc.putLong(FixTags.AVG_PX, 0);
        else enc.putRatio(FixTags.AVG_PX, orders.notional[slot], cum, symbols.decimals(orders.symbol[slot]), 4);
    }

    private void putId(int tag, byte[] src, int slot, int len) {
        enc.putBytes(tag, src == orders.ids ? idsSegment : pendingIdsSegment, (long) slot * FixOrders.MAX_ID, len);
    }

    private void putExecId() {
        execIds++;
        enc.putLong(FixTags.EXEC_ID, execIds);
    }

    /** Starts a message with the standard header for {@code seq}. */
    private FixEncoder header(byte type, long seq) {
        return enc.begin(type).putBytes(FixTags.SENDER_COMP_ID, ourCompId).putBytes(FixTags.TARGET_COMP_ID, theirCompId)
                .putLong(FixTags.MSG_SEQ_NUM, seq).putTimestamp(FixTags.SENDING_TIME, now);
    }

    /** Sends an administrative message: takes a sequence number, never kept for resend. */
    private void sendAdmin() {
        if (recovering) return;
        nextOut++;
        enc.finish();
        transmit();
    }

    /** Sends an application message: takes a sequence number, kept and journaled for resends even when offline. */
    private void sendApp(byte type, long bodyStart) {
        if (recovering) return;
        long seq = nextOut++;
        long bodyEnd = enc.position();
        outbox.put(seq, type, now, enc.buffer(), bodyStart, (int) (bodyEnd - bodyStart));
        journal.outbound(id, seq, type, now, enc.buffer(), bodyStart, (int) (bodyEnd - bodyStart));
        enc.finish();
        if (loggedOn) transmit();
        counters();
    }

    private void transmit() {
        if (link == null) return;
        lastSent = now;
        link.send(enc.buffer(), enc.start(), enc.length());
    }

    private void counters() {
        if (!recovering) journal.counters(id, nextOut, nextIn, execIds);
    }

    private void sendReject(long refSeq, FixMessage m, int refTag, int reason, String text) {
        header((byte) '3', nextOut).putLong(FixTags.REF_SEQ_NUM, refSeq);
        if (refTag > 0) enc.putLong(FixTags.REF_TAG_ID, refTag);
        int t = m.count() > 2 && m.tag(2) == FixTags.MSG_TYPE ? 2 : -1;
        if (t > 0) enc.putBytes(FixTags.REF_MSG_TYPE, m.segment(), m.valueOffset(t), Math.min(m.valueLength(t), 8));
        enc.putLong(FixTags.SESSION_REJECT_REASON, reason).putBytes(FixTags.TEXT, bytes(text));
        sendAdmin();
    }

    private static final byte[] NONE_ID = bytes("NONE");
    private static final byte[] PRIORITY_KEPT = bytes("priority kept");
    private static final byte[] PRIORITY_LOST = bytes("priority lost");
    private static final byte[] TOO_LATE = bytes("too late: order is done");
    private static final byte[][] REASON_TEXT = new byte[64][];
    private static final byte[][] CANCEL_TEXT = new byte[8][];

    static {
        for (int i = 0; i < REASON_TEXT.length; i++) {
            REASON_TEXT[i] = RejectReason.name((byte) i).getBytes(StandardCharsets.US_ASCII);
        }
        String[] c = {"USER", "UNFILLED", "FOK_KILLED", "MASS"};
        for (int i = 0; i < CANCEL_TEXT.length; i++) {
            CANCEL_TEXT[i] = (i < c.length ? c[i] : "CANCEL_" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] reasonText(byte reason) {
        return reason >= 0 && reason < REASON_TEXT.length ? REASON_TEXT[reason] : REASON_TEXT[0];
    }

    private static byte[] cancelText(byte reason) {
        return reason >= 0 && reason < CANCEL_TEXT.length ? CANCEL_TEXT[reason] : CANCEL_TEXT[0];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
