package qsl.gateway.pipeline;

import static qsl.gateway.pipeline.NodeStateDescriptor.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import qsl.book.Side;

/**
 * Reads and writes the node's snapshot extension ({@link NodeStateDescriptor}). Decoding is total:
 * any byte string gives {@link Decoded.Ok} or {@link Decoded.Malformed}, never an exception.
 */
public final class NodeState {
    private NodeState() {}

    /** One session entry. */
    public record SessionEntry(long usernameKey, int account, boolean cancelOnDisconnect, long storeMessages, long storeBytes) {}

    /** The owner of one resting order; {@code session} indexes the snapshot's session entries. */
    public record OrderEntry(long orderId, long token, int session, int symbol, byte side) {}

    /** The outcome of {@link #decode}. */
    public sealed interface Decoded permits Decoded.Ok, Decoded.Malformed {
        record Ok(long lastOrderId, long lastMatchId, long commands, List<SessionEntry> sessions, List<OrderEntry> orders)
                implements Decoded {}

        record Malformed(long offset, String reason) implements Decoded {}
    }

    /** The state of a node that has applied nothing, with no sessions (what snapshot 0 holds). */
    public static byte[] empty() {
        byte[] b = new byte[HEADER_LENGTH];
        header(MemorySegment.ofArray(b), 0, 0, 0, 0, 0);
        return b;
    }

    static void header(MemorySegment s, int sessions, int orders, long lastOrderId, long lastMatchId, long commands) {
        s.set(I64, MAGIC_OFFSET, MAGIC);
        s.set(I32, VERSION_OFFSET, VERSION);
        s.set(I32, SESSIONS_OFFSET, sessions);
        s.set(I32, ORDERS_OFFSET, orders);
        s.set(I32, RESERVED_OFFSET, 0);
        s.set(I64, LAST_ORDER_ID_OFFSET, lastOrderId);
        s.set(I64, LAST_MATCH_ID_OFFSET, lastMatchId);
        s.set(I64, COMMANDS_OFFSET, commands);
    }

    static void sessionEntry(MemorySegment s, int i, long key, int account, boolean cancelOnDisconnect) {
        long at = session(i);
        s.set(I64, at + SESSION_KEY_OFFSET, key);
        s.set(I32, at + SESSION_ACCOUNT_OFFSET, account);
        s.set(I32, at + SESSION_FLAGS_OFFSET, cancelOnDisconnect ? FLAG_CANCEL_ON_DISCONNECT : 0);
        s.set(I64, at + SESSION_MESSAGES_OFFSET, 0L);
        s.set(I64, at + SESSION_BYTES_OFFSET, 0L);
    }

    static void orderEntry(MemorySegment s, int sessions, int i, long orderId, long token, int session, int symbol, byte side) {
        long at = order(sessions, i);
        s.set(I64, at + ORDER_ID_OFFSET, orderId);
        s.set(I64, at + ORDER_TOKEN_OFFSET, token);
        s.set(I32, at + ORDER_SESSION_OFFSET, session);
        s.set(I32, at + ORDER_SYMBOL_OFFSET, symbol);
        s.set(I64, at + ORDER_SIDE_OFFSET, side & 0xFFL); // side and seven reserved zero bytes
    }

    /** Bytes of a state with {@code sessions} sessions and {@code orders} orders. */
    static int length(int sessions, int orders) {
        return Math.toIntExact(HEADER_LENGTH + (long) sessions * SESSION_LENGTH + (long) orders * ORDER_LENGTH);
    }

    /** Number of session entries of a state this node encoded (trusted bytes). */
    public static int sessions(byte[] state) {
        return MemorySegment.ofArray(state).get(I32, SESSIONS_OFFSET);
    }

    /** Sets session {@code i}'s store counts in a state this node encoded (the journal thread fills them in). */
    public static void storeCounts(byte[] state, int i, long messages, long bytes) {
        storeCounts(MemorySegment.ofArray(state), i, messages, bytes);
    }

    /** As {@link #storeCounts(byte[], int, long, long)} over a segment wrapping the state: allocation-free. */
    static void storeCounts(MemorySegment s, int i, long messages, long bytes) {
        s.set(I64, session(i) + SESSION_MESSAGES_OFFSET, messages);
        s.set(I64, session(i) + SESSION_BYTES_OFFSET, bytes);
    }

    /** Decodes and checks a state; never throws. */
    public static Decoded decode(byte[] b) {
        if (b == null || b.length < HEADER_LENGTH) {
            return new Decoded.Malformed(0, "shorter than the header (" + (b == null ? 0 : b.length) + " bytes)");
        }
        MemorySegment s = MemorySegment.ofArray(b);
        if (s.get(I64, MAGIC_OFFSET) != MAGIC) return new Decoded.Malformed(MAGIC_OFFSET, "bad magic");
        if (s.get(I32, VERSION_OFFSET) != VERSION) return new Decoded.Malformed(VERSION_OFFSET, "unknown version " + s.get(I32, VERSION_OFFSET));
        int sessions = s.get(I32, SESSIONS_OFFSET);
        int orders = s.get(I32, ORDERS_OFFSET);
        if (sessions < 0) return new Decoded.Malformed(SESSIONS_OFFSET, "negative session count " + sessions);
        if (orders < 0) return new Decoded.Malformed(ORDERS_OFFSET, "negative order count " + orders);
        if (s.get(I32, RESERVED_OFFSET) != 0) return new Decoded.Malformed(RESERVED_OFFSET, "reserved field not zero");
        long expected = HEADER_LENGTH + (long) sessions * SESSION_LENGTH + (long) orders * ORDER_LENGTH;
        if (expected != b.length) {
            return new Decoded.Malformed(SESSIONS_OFFSET, sessions + " sessions and " + orders + " orders need " + expected
                    + " bytes, " + b.length + " present");
        }
        long lastOrderId = s.get(I64, LAST_ORDER_ID_OFFSET);
        long lastMatchId = s.get(I64, LAST_MATCH_ID_OFFSET);
        long commands = s.get(I64, COMMANDS_OFFSET);
        if (lastOrderId < 0 || lastMatchId < 0 || commands < 0) return new Decoded.Malformed(LAST_ORDER_ID_OFFSET, "negative counter");
        List<SessionEntry> ss = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            long at = session(i);
            int flags = s.get(I32, at + SESSION_FLAGS_OFFSET);
            long messages = s.get(I64, at + SESSION_MESSAGES_OFFSET);
            long bytes = s.get(I64, at + SESSION_BYTES_OFFSET);
            if ((flags & ~FLAG_CANCEL_ON_DISCONNECT) != 0) return new Decoded.Malformed(at + SESSION_FLAGS_OFFSET, "unknown session flags");
            if (messages < 0 || bytes < 0 || (messages == 0) != (bytes == 0)) {
                return new Decoded.Malformed(at + SESSION_MESSAGES_OFFSET, "store counts " + messages + " messages, " + bytes + " bytes");
            }
            long key = s.get(I64, at + SESSION_KEY_OFFSET);
            for (SessionEntry e : ss) {
                if (e.usernameKey() == key) return new Decoded.Malformed(at, "session listed twice");
            }
            ss.add(new SessionEntry(key, s.get(I32, at + SESSION_ACCOUNT_OFFSET), (flags & FLAG_CANCEL_ON_DISCONNECT) != 0, messages, bytes));
        }
        List<OrderEntry> os = new ArrayList<>(orders);
        for (int i = 0; i < orders; i++) {
            long at = order(sessions, i);
            long id = s.get(I64, at + ORDER_ID_OFFSET);
            int session = s.get(I32, at + ORDER_SESSION_OFFSET);
            int symbol = s.get(I32, at + ORDER_SYMBOL_OFFSET);
            byte side = s.get(ValueLayout.JAVA_BYTE, at + ORDER_SIDE_OFFSET);
            if (id <= 0 || id > lastOrderId) return new Decoded.Malformed(at + ORDER_ID_OFFSET, "order id " + id + " outside 1.." + lastOrderId);
            if (session < 0 || session >= sessions) return new Decoded.Malformed(at + ORDER_SESSION_OFFSET, "session " + session + " not listed");
            if (symbol < 0) return new Decoded.Malformed(at + ORDER_SYMBOL_OFFSET, "negative symbol");
            if (!Side.isValid(side)) return new Decoded.Malformed(at + ORDER_SIDE_OFFSET, "bad side " + side);
            os.add(new OrderEntry(id, s.get(I64, at + ORDER_TOKEN_OFFSET), session, symbol, side));
        }
        return new Decoded.Ok(lastOrderId, lastMatchId, commands, List.copyOf(ss), os);
    }
}
