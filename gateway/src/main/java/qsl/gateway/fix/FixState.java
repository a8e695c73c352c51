package qsl.gateway.fix;

import static qsl.gateway.fix.FixStateDescriptor.*;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Encodes and restores the complete state of a {@link FixSessions} and its connections
 * ({@link FixStateDescriptor}): sequence numbers, connection state, live orders with their
 * ClOrdIDs and free-slot order, and the messages kept for resends. For a front end whose
 * sessions are a replicated state machine (the clustered node snapshots it), where restoring
 * must give exactly the state the other replicas have. A link is named by a caller's id.
 *
 * <p>Restoring is total: malformed bytes give a {@link Restored.Malformed} with the offset,
 * never an exception. The target sessions are meant to be fresh; after a Malformed they are
 * partly overwritten and must not be used.
 */
public final class FixState {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FixState() {}

    /** The outcome of {@link #restore}. */
    public sealed interface Restored permits Restored.Ok, Restored.Malformed {
        /** The connections, in encoded order, each with its id. */
        record Ok(FixConnection[] connections, long[] ids) implements Restored {}

        record Malformed(long offset, String reason) implements Restored {}
    }

    /**
     * The state of {@code sessions} and of {@code count} connections.
     *
     * @param ids names each connection's link (every session's link is one of theirs)
     */
    public static byte[] encode(FixSessions sessions, FixConnection[] connections, int count, ToLongFunction<FixLink> ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[HEADER_LENGTH];
        MemorySegment h = MemorySegment.ofArray(head);
        h.set(I32, 0, sessions.size());
        h.set(I32, 4, count);
        out.writeBytes(head);
        for (int i = 0; i < sessions.size(); i++) encodeSession(sessions.get(i), ids, out);
        for (int i = 0; i < count; i++) {
            FixConnection c = connections[i];
            byte[] b = new byte[CONNECTION_LENGTH];
            MemorySegment s = MemorySegment.ofArray(b);
            s.set(I64, CONNECTION_ID_OFFSET, ids.applyAsLong(c.link));
            s.set(I64, CONNECTION_OPENED_OFFSET, c.openedAt);
            s.set(I32, CONNECTION_SESSION_OFFSET, c.session == null ? -1 : c.session.id);
            s.set(ValueLayout.JAVA_BYTE, CONNECTION_CLOSED_OFFSET, c.closed ? (byte) 1 : 0);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static void encodeSession(FixSession x, ToLongFunction<FixLink> ids, ByteArrayOutputStream out) {
        FixOrders o = x.orders;
        FixOutbox box = x.outbox;
        int kept = 0;
        for (int e = 0; e < box.seqs.length; e++) if (box.find(box.seqs[e]) == e) kept++;
        byte[] b = new byte[SESSION_LENGTH];
        MemorySegment s = MemorySegment.ofArray(b);
        long[] longs = {x.nextOut, x.nextIn, x.execIds, x.link == null ? -1 : ids.applyAsLong(x.link), x.logoutSentAt,
                x.heartbeatMillis, x.lastReceived, x.lastSent, x.testRequestSentAt, x.testRequestId, x.resendUpTo, x.now};
        for (int i = 0; i < longs.length; i++) s.set(I64, 8L * i, longs[i]);
        s.set(ValueLayout.JAVA_BYTE, LOGGED_ON_OFFSET, x.loggedOn ? (byte) 1 : 0);
        s.set(ValueLayout.JAVA_BYTE, LOGOUT_SENT_OFFSET, x.logoutSent ? (byte) 1 : 0);
        s.set(I64, TOKEN_COUNTER_OFFSET, o.tokenCounter);
        s.set(I32, FREE_COUNT_OFFSET, o.freeCount);
        s.set(I32, LIVE_COUNT_OFFSET, o.live);
        s.set(I64, OUTBOX_WRITTEN_OFFSET, box.written);
        s.set(I32, KEPT_COUNT_OFFSET, kept);
        s.set(I64, RESEND_FROM_OFFSET, x.resendFrom);
        out.writeBytes(b);
        byte[] free = new byte[4 * o.freeCount];
        for (int i = 0; i < o.freeCount; i++) MemorySegment.ofArray(free).set(I32, 4L * i, o.free[i]);
        out.writeBytes(free);
        for (int slot = 0; slot < o.capacity(); slot++) {
            if (o.token[slot] == 0) continue; // free
            byte[] r = new byte[ORDER_LENGTH];
            MemorySegment m = MemorySegment.ofArray(r);
            m.set(I32, ORDER_SLOT_OFFSET, slot);
            m.set(I32, ORDER_SYMBOL_OFFSET, o.symbol[slot]);
            long[] v = {o.token[slot], o.pendingToken[slot], o.price[slot], o.pendingPrice[slot], o.orderQty[slot],
                    o.pendingQty[slot], o.cumQty[slot], o.notional[slot], o.orderId[slot]};
            for (int i = 0; i < v.length; i++) m.set(I64, ORDER_LONGS_OFFSET + 8L * i, v[i]);
            byte[] f = {o.idLen[slot], o.pendingIdLen[slot], o.pending[slot], o.side[slot], o.type[slot], o.tif[slot],
                    o.acked[slot] ? (byte) 1 : 0};
            System.arraycopy(f, 0, r, ORDER_BYTES_OFFSET, f.length);
            System.arraycopy(o.ids, slot * FixOrders.MAX_ID, r, ORDER_ID_OFFSET, FixOrders.MAX_ID);
            System.arraycopy(o.pendingIds, slot * FixOrders.MAX_ID, r, ORDER_PENDING_ID_OFFSET, FixOrders.MAX_ID);
            out.writeBytes(r);
        }
        for (int e = 0; e < box.seqs.length; e++) {
            if (box.find(box.seqs[e]) != e) continue;
            byte[] r = new byte[MESSAGE_HEADER_LENGTH + box.lengths[e]];
            MemorySegment m = MemorySegment.ofArray(r);
            m.set(I32, MESSAGE_ENTRY_OFFSET, e);
            m.set(I32, MESSAGE_LENGTH_OFFSET, box.lengths[e]);
            m.set(I64, MESSAGE_SEQ_OFFSET, box.seqs[e]);
            m.set(I64, MESSAGE_START_OFFSET, box.starts[e]);
            m.set(I64, MESSAGE_TIME_OFFSET, box.times[e]);
            m.set(ValueLayout.JAVA_BYTE, MESSAGE_TYPE_OFFSET, box.types[e]);
            MemorySegment.copy(box.arena, box.offset(e), m, MESSAGE_HEADER_LENGTH, box.lengths[e]);
            out.writeBytes(r);
        }
    }

    /**
     * Restores {@code bytes} into {@code into} (fresh sessions with the encoder's counterparties,
     * capacities and symbols) and returns the connections, made with links from {@code links}
     * (which must give one link object per id).
     */
    public static Restored restore(byte[] bytes, FixSessions into, LongFunction<FixLink> links) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        long size = bytes.length;
        if (size < HEADER_LENGTH) return bad(0, "shorter than the header");
        int sessions = s.get(I32, 0);
        int connections = s.get(I32, 4);
        if (sessions != into.size()) return bad(0, "session count " + sessions + ", expected " + into.size());
        if (connections < 0 || (long) connections * CONNECTION_LENGTH > size) return bad(4, "connection count");
        long at = HEADER_LENGTH;
        long[] linkIds = new long[sessions];
        for (int i = 0; i < sessions; i++) {
            long r = restoreSession(s, at, size, into.get(i), links);
            if (r < 0) return bad(-r - 1, "session " + i);
            linkIds[i] = s.get(I64, at + LINK_OFFSET);
            at = r;
        }
        if (at + (long) connections * CONNECTION_LENGTH != size) return bad(at, "connection section length");
        FixConnection[] out = new FixConnection[connections];
        long[] ids = new long[connections];
        for (int i = 0; i < connections; i++, at += CONNECTION_LENGTH) {
            long id = s.get(I64, at + CONNECTION_ID_OFFSET);
            int session = s.get(I32, at + CONNECTION_SESSION_OFFSET);
            byte closed = s.get(ValueLayout.JAVA_BYTE, at + CONNECTION_CLOSED_OFFSET);
            if (id < 0 || (closed & ~1) != 0) return bad(at, "connection id or closed flag");
            if (session < -1 || session >= sessions || (session >= 0 && linkIds[session] != id)) return bad(at, "connection's session");
            for (int k = 0; k < i; k++) if (ids[k] == id) return bad(at, "connection id twice");
            FixConnection c = new FixConnection(into, links.apply(id), s.get(I64, at + CONNECTION_OPENED_OFFSET));
            c.session = session < 0 ? null : into.get(session);
            c.closed = closed == 1;
            out[i] = c;
            ids[i] = id;
        }
        for (int i = 0; i < sessions; i++) {
            if (linkIds[i] == -1) continue;
            boolean found = false;
            for (int k = 0; k < connections; k++) found |= ids[k] == linkIds[i] && out[k].session == into.get(i);
            if (!found) return bad(HEADER_LENGTH, "session " + i + " is linked to no connection bound to it");
        }
        return new Restored.Ok(out, ids);
    }

    private static Restored bad(long offset, String reason) {
        return new Restored.Malformed(offset, reason);
    }

    /** Restores one session block at {@code at}; returns the offset after it, or {@code -(offset of the error) - 1}. */
    private static long restoreSession(MemorySegment s, long at, long size, FixSession x, LongFunction<FixLink> links) {
        if (at + SESSION_LENGTH > size) return -at - 1;
        long nextOut = s.get(I64, at + NEXT_OUT_OFFSET);
        long nextIn = s.get(I64, at + NEXT_IN_OFFSET);
        long execIds = s.get(I64, at + EXEC_IDS_OFFSET);
        long link = s.get(I64, at + LINK_OFFSET);
        byte loggedOn = s.get(ValueLayout.JAVA_BYTE, at + LOGGED_ON_OFFSET);
        byte logoutSent = s.get(ValueLayout.JAVA_BYTE, at + LOGOUT_SENT_OFFSET);
        if (nextOut < 1 || nextIn < 1 || execIds < 0 || link < -1 || (loggedOn & ~1) != 0 || (logoutSent & ~1) != 0
                || (link == -1 && loggedOn == 1)) return -at - 1;
        FixOrders o = x.orders;
        FixOutbox box = x.outbox;
        long tokenCounter = s.get(I64, at + TOKEN_COUNTER_OFFSET);
        int freeCount = s.get(I32, at + FREE_COUNT_OFFSET);
        int live = s.get(I32, at + LIVE_COUNT_OFFSET);
        long written = s.get(I64, at + OUTBOX_WRITTEN_OFFSET);
        int kept = s.get(I32, at + KEPT_COUNT_OFFSET);
        if (tokenCounter < 0 || tokenCounter > (Long.MAX_VALUE >>> FixOrders.SLOT_BITS) || freeCount < 0 || freeCount > o.capacity()
                || live != o.capacity() - freeCount || written < 0 || kept < 0 || kept > box.seqs.length) return -at - 1;
        x.nextOut = nextOut;
        x.nextIn = nextIn;
        x.execIds = execIds;
        x.link = link == -1 ? null : links.apply(link);
        x.logoutSentAt = s.get(I64, at + LOGOUT_SENT_AT_OFFSET);
        x.heartbeatMillis = s.get(I64, at + HEARTBEAT_OFFSET);
        x.lastReceived = s.get(I64, at + LAST_RECEIVED_OFFSET);
        x.lastSent = s.get(I64, at + LAST_SENT_OFFSET);
        x.testRequestSentAt = s.get(I64, at + TEST_REQUEST_SENT_AT_OFFSET);
        x.testRequestId = s.get(I64, at + TEST_REQUEST_ID_OFFSET);
        x.resendUpTo = s.get(I64, at + RESEND_UP_TO_OFFSET);
        x.resendFrom = s.get(I64, at + RESEND_FROM_OFFSET);
        x.now = s.get(I64, at + NOW_OFFSET);
        x.loggedOn = loggedOn == 1;
        x.logoutSent = logoutSent == 1;
        at += SESSION_LENGTH;
        // Orders: the free list in its order, then every live slot.
        if (at + 4L * freeCount + (long) live * ORDER_LENGTH > size) return -at - 1;
        o.clear();
        boolean[] used = new boolean[o.capacity()];
        for (int i = 0; i < freeCount; i++, at += 4) {
            int slot = s.get(I32, at);
            if (slot < 0 || slot >= o.capacity() || used[slot]) return -at - 1;
            used[slot] = true;
            o.free[i] = slot;
        }
        o.freeCount = freeCount;
        o.tokenCounter = tokenCounter;
        for (int i = 0; i < live; i++, at += ORDER_LENGTH) {
            int slot = s.get(I32, at + ORDER_SLOT_OFFSET);
            if (slot < 0 || slot >= o.capacity() || used[slot]) return -at - 1;
            used[slot] = true;
            int symbol = s.get(I32, at + ORDER_SYMBOL_OFFSET);
            long token = s.get(I64, at + ORDER_LONGS_OFFSET);
            long pendingToken = s.get(I64, at + ORDER_LONGS_OFFSET + 8);
            byte idLen = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET);
            byte pendingIdLen = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 1);
            byte pending = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 2);
            byte acked = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 6);
            if (symbol < 0 || symbol >= x.symbols.size() || token <= 0 || (token & FixOrders.SLOT_MASK) != slot
                    || (pendingToken != 0 && (pendingToken < 0 || (pendingToken & FixOrders.SLOT_MASK) != slot))
                    || idLen < 0 || idLen > FixOrders.MAX_ID || pendingIdLen < 0 || pendingIdLen > FixOrders.MAX_ID
                    || pending < FixOrders.NONE || pending > FixOrders.REPLACE || (acked & ~1) != 0) return -at - 1;
            o.symbol[slot] = symbol;
            o.token[slot] = token;
            o.pendingToken[slot] = pendingToken;
            o.price[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 16);
            o.pendingPrice[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 24);
            o.orderQty[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 32);
            o.pendingQty[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 40);
            o.cumQty[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 48);
            o.notional[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 56);
            o.orderId[slot] = s.get(I64, at + ORDER_LONGS_OFFSET + 64);
            o.idLen[slot] = idLen;
            o.pendingIdLen[slot] = pendingIdLen;
            o.pending[slot] = pending;
            o.side[slot] = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 3);
            o.type[slot] = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 4);
            o.tif[slot] = s.get(ValueLayout.JAVA_BYTE, at + ORDER_BYTES_OFFSET + 5);
            o.acked[slot] = acked == 1;
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at + ORDER_ID_OFFSET, o.ids, slot * FixOrders.MAX_ID, FixOrders.MAX_ID);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at + ORDER_PENDING_ID_OFFSET, o.pendingIds, slot * FixOrders.MAX_ID,
                    FixOrders.MAX_ID);
            if (o.find(MemorySegment.ofArray(o.ids), (long) slot * FixOrders.MAX_ID, idLen) >= 0) return -at - 1; // ClOrdID twice
            o.insert(slot);
        }
        o.live = live;
        // Kept messages.
        Arrays.fill(box.seqs, 0);
        box.written = written;
        boolean[] entries = new boolean[box.seqs.length];
        for (int i = 0; i < kept; i++) {
            if (at + MESSAGE_HEADER_LENGTH > size) return -at - 1;
            int e = s.get(I32, at + MESSAGE_ENTRY_OFFSET);
            int len = s.get(I32, at + MESSAGE_LENGTH_OFFSET);
            long seq = s.get(I64, at + MESSAGE_SEQ_OFFSET);
            long start = s.get(I64, at + MESSAGE_START_OFFSET);
            if (e < 0 || e >= box.seqs.length || entries[e] || len < 0 || len > box.arenaSize || seq <= 0 || (seq & box.mask) != e
                    || start < 0 || start > written - len || start < written - box.arenaSize
                    || start % box.arenaSize + len > box.arenaSize || at + MESSAGE_HEADER_LENGTH + len > size) return -at - 1;
            entries[e] = true;
            box.seqs[e] = seq;
            box.starts[e] = start;
            box.lengths[e] = len;
            box.times[e] = s.get(I64, at + MESSAGE_TIME_OFFSET);
            box.types[e] = s.get(ValueLayout.JAVA_BYTE, at + MESSAGE_TYPE_OFFSET);
            MemorySegment.copy(s, at + MESSAGE_HEADER_LENGTH, box.arena, start % box.arenaSize, len);
            at += MESSAGE_HEADER_LENGTH + len;
        }
        return at;
    }
}
