package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.protocol.fix.FixEncoder;
import qsl.protocol.fix.FixError;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixParser;
import qsl.protocol.fix.FixTags;

/**
 * One TCP connection of the FIX acceptor: buffers inbound bytes, parses them, routes the first
 * message (which must be a Logon) to its session, and every later message to that session.
 * Garbled frames (bad BeginString, BodyLength or CheckSum) are dropped as FIX requires; a
 * frame with a bad field reaches the session as a field error (a session-level Reject).
 * A connection that sends no Logon within {@link #LOGON_TIMEOUT_MILLIS} is closed.
 */
public final class FixConnection {
    public static final long LOGON_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER = 2 * FixParser.MAX_MESSAGE;

    private final FixSessions sessions;
    final FixLink link;
    private final MemorySegment in = MemorySegment.ofArray(new byte[BUFFER]);
    private final FixParser parser = new FixParser();
    private final FixMessage message = new FixMessage();
    private final FixEncoder enc = new FixEncoder(MemorySegment.ofArray(new byte[FixEncoder.CAPACITY]));
    int filled;
    FixSession session;
    boolean closed;
    final long openedAt;

    public FixConnection(FixSessions sessions, FixLink link, long now) {
        this.sessions = sessions;
        this.link = link;
        this.openedAt = now;
    }

    public FixSession session() { return session; }

    /** The link this connection sends on. */
    public FixLink link() { return link; }

    public boolean closed() { return closed; }

    /** Bytes the peer sent; parses and handles every complete message. */
    public void onBytes(MemorySegment src, long off, int len, long now) {
        while (len > 0 && !closed) {
            int n = Math.min(len, BUFFER - filled);
            MemorySegment.copy(src, off, in, filled, n);
            filled += n;
            off += n;
            len -= n;
            drain(now);
            if (filled == BUFFER) { // cannot happen with MAX_MESSAGE frames, but never spin
                filled = 0;
            }
        }
    }

    private void drain(long now) {
        int at = 0;
        while (at < filled && !closed) {
            int r = parser.parse(in, at, filled - at, message);
            if (r == FixParser.NEED_MORE) break;
            if (r > 0) {
                at += r;
                handle(now);
            } else {
                byte reason = parser.errorReason();
                if (!FixError.isGarbled(reason) && message.length() > 0 && session != null) {
                    session.onFieldError(message, parser.errorTag(), rejectReason(reason), now);
                }
                at += parser.errorSkip();
            }
            if (session != null && !session.connected()) close();
        }
        if (at > 0) {
            MemorySegment.copy(in, at, in, 0, filled - at);
            filled -= at;
        }
    }

    private static int rejectReason(byte reason) {
        return switch (reason) {
            case FixError.EMPTY_VALUE -> FixSession.REJ_NO_VALUE;
            case FixError.BAD_TAG, FixError.NO_EQUALS -> FixSession.REJ_INVALID_TAG;
            case FixError.MSG_TYPE_NOT_THIRD, FixError.MISPLACED_HEADER -> FixSession.REJ_OUT_OF_ORDER;
            default -> FixSession.REJ_VALUE_INCORRECT;
        };
    }

    private void handle(long now) {
        if (session != null) {
            session.onMessage(message, now);
            if (!session.connected()) close();
            return;
        }
        if (message.msgType() != 'A' || message.msgTypeLength() != 1) { // the first message must be a Logon
            close();
            return;
        }
        FixSession s = sessions.forLogon(message);
        if (s == null || !sessions.isOurs(message)) {
            refuse(now, s == null ? "unknown SenderCompID" : "unknown TargetCompID");
            return;
        }
        if (s.logon(link, message, now)) {
            session = s;
        } else {
            closed = true;
        }
    }

    /** A Logout outside any session's sequence (MsgSeqNum 1), then close. */
    private void refuse(long now, String reason) {
        int sender = message.indexOf(FixTags.SENDER_COMP_ID);
        enc.begin((byte) '5').putBytes(FixTags.SENDER_COMP_ID, sessions.ourCompIdBytes());
        if (sender >= 0) enc.putBytes(FixTags.TARGET_COMP_ID, message.segment(), message.valueOffset(sender),
                Math.min(64, message.valueLength(sender)));
        enc.putLong(FixTags.MSG_SEQ_NUM, 1).putTimestamp(FixTags.SENDING_TIME, now)
                .putBytes(FixTags.TEXT, reason.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).finish();
        link.send(enc.buffer(), enc.start(), enc.length());
        close();
    }

    /** Timer: logon timeout before a session is bound (session timers run from {@link FixSessions#onTimer}). */
    public void onTimer(long now) {
        if (session == null && !closed && now - openedAt >= LOGON_TIMEOUT_MILLIS) close();
        if (session != null && !session.connected()) close();
    }

    /** The socket closed (peer or us). */
    public void onClosed() {
        if (session != null) session.linkClosed(link);
        session = null;
        closed = true;
    }

    private void close() {
        if (closed) return;
        closed = true;
        link.close();
    }

    byte peek(int i) { return in.get(ValueLayout.JAVA_BYTE, i); }
}
