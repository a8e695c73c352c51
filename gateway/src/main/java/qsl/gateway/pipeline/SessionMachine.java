package qsl.gateway.pipeline;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.gateway.entry.Wire;
import qsl.offheap.LongIntMap;
import qsl.protocol.entry.GatewayReason;
import qsl.protocol.entry.MassCancelAckDescriptor;
import qsl.protocol.entry.Symbols;
import qsl.offheap.SlotPool;

/**
 * The engine thread's work: turns each {@link SessionCommandDescriptor} record into engine
 * commands and each engine event into the order-entry responses of the sessions concerned. It is
 * a pure function of the records it is given (engine order ids and match ids are counters here,
 * there is no clock), so replaying the journal rebuilds the engine, every session's token map and
 * every response byte for byte.
 *
 * <p>Per session, client tokens of live orders map to slots of an off-heap order table
 * ({@link LiveOrderDescriptor}); engine order ids map to the same slots, so a fill reaches the
 * maker's session under the maker's token. A slot exists exactly while its order rests (or is
 * being matched as the taker). Allocation-free after construction, except the first command of a
 * session the node did not know at start (its token map).
 */
public final class SessionMachine implements EventSink, AutoCloseable {
    private static final byte NONE = 0, ENTER = 1, CANCEL = 2, REPLACE = 3, MASS = 4;
    private static final byte BAD_CODE = 99;

    private final Arena arena = Arena.ofShared();
    private MatchingEngine engine;
    private final Sessions sessions;
    private final long[] symbolKeys;
    private final SlotPool slots;
    private final MemorySegment table;
    private final LongIntMap byOrderId;
    private final LongIntMap[] tokens;
    private final int maxLivePerSession;
    private ResponseSink out;
    private EventSink downstream = EventSink.NONE;

    private long lastOrderId;
    private long lastMatchId;
    private long commands;

    // the command being applied
    private byte kind;
    private int session;
    private int account;
    private long token;
    private long newToken;
    private long symbolKey;
    private byte wireSide;
    private byte wireType;
    private byte wireTif;

    /** A fresh machine around a fresh engine with the venue's symbols. */
    public SessionMachine(EngineConfig config, Venue venue, Sessions sessions, int maxSessions, int maxLivePerSession, ResponseSink out) {
        this(venue, sessions, maxSessions, maxLivePerSession, out, config.maxOrders());
        this.engine = new MatchingEngine(config, this);
        for (Venue.Symbol s : venue.symbols()) engine.addSymbol(s.spec());
    }

    /**
     * A machine without an engine yet: recovery restores one from a snapshot, emitting into this
     * machine, and {@link #attach}es it ({@code maxOrders} is the engine's capacity).
     */
    public SessionMachine(Venue venue, Sessions sessions, int maxSessions, int maxLivePerSession, ResponseSink out, int maxOrders) {
        this.sessions = sessions;
        List<Venue.Symbol> syms = venue.symbols();
        this.symbolKeys = new long[syms.size()];
        for (int i = 0; i < symbolKeys.length; i++) symbolKeys[i] = syms.get(i).key();
        this.slots = SlotPool.allocate(arena, maxOrders + 16, LiveOrderDescriptor.LENGTH);
        this.table = slots.segment();
        this.byOrderId = LongIntMap.forEntries(arena, maxOrders + 16);
        this.tokens = new LongIntMap[maxSessions];
        this.maxLivePerSession = maxLivePerSession;
        this.out = out;
    }

    /**
     * Takes {@code restored} (an engine whose events come to this machine) in place of the one it
     * has; the previous one is closed. Recovery's thread, before the node runs.
     */
    public void attach(MatchingEngine restored) {
        if (engine != null && engine != restored) engine.close();
        this.engine = restored;
    }

    /** Forgets the engine without closing it (its owner closed it: a snapshot recovery rejected). */
    public void detach() {
        this.engine = null;
    }

    /** Where responses go from now on (recovery writes to the stores, the live node to the ring). */
    public void output(ResponseSink sink) {
        this.out = sink;
    }

    /** Also hands every engine event to {@code sink} (the durable feed replica uses it). */
    public void downstream(EventSink sink) {
        this.downstream = sink;
    }

    public MatchingEngine engine() {
        return engine;
    }

    /** Records applied so far. */
    public long commands() {
        return commands;
    }

    public long lastOrderId() {
        return lastOrderId;
    }

    public long lastMatchId() {
        return lastMatchId;
    }

    /** Live orders of a session (for tests and reports). */
    public int liveOrders(int session) {
        LongIntMap m = tokens[session];
        return m == null ? 0 : m.size();
    }

    private LongIntMap tokens(int s) {
        LongIntMap m = tokens[s];
        if (m == null) {
            m = LongIntMap.forEntries(arena, maxLivePerSession);
            tokens[s] = m;
        }
        return m;
    }

    private int symbolId(long key) {
        long[] k = symbolKeys;
        for (int i = 0; i < k.length; i++) if (k[i] == key) return i;
        return -1;
    }

    /** Applies one {@link SessionCommandDescriptor} record at {@code at}. */
    public void apply(MemorySegment r, long at) {
        commands++;
        long user = SessionCommandDescriptor.username(r, at);
        int s = sessions.index(user);
        if (s < 0) {
            // A user the journal knows but the accounts file no longer lists: only during recovery.
            try {
                s = sessions.add(SessionCommandDescriptor.usernameOf(user), SessionCommandDescriptor.account(r, at), false).index();
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the store of " + SessionCommandDescriptor.usernameOf(user), e);
            }
        }
        session = s;
        account = SessionCommandDescriptor.account(r, at);
        int len = SessionCommandDescriptor.messageLength(r, at);
        long m = at + SessionCommandDescriptor.MESSAGE_OFFSET;
        byte type = len > 0 ? r.get(Wire.I8, m) : 0;
        if (len != Wire.inboundLength(type)) return; // the gateway never journals such a record
        switch (type) {
            case Wire.ENTER_ORDER -> enter(r, m);
            case Wire.CANCEL_ORDER -> cancel(r, m);
            case Wire.REPLACE_ORDER -> replace(r, m);
            case Wire.MASS_CANCEL -> massCancel(r, m);
            default -> { }
        }
        kind = NONE;
    }

    private void enter(MemorySegment r, long m) {
        kind = ENTER;
        token = r.get(Wire.I64, m + Wire.ENTER_TOKEN);
        symbolKey = r.get(Wire.I64, m + Wire.ENTER_SYMBOL);
        wireSide = r.get(Wire.I8, m + Wire.ENTER_SIDE);
        wireType = r.get(Wire.I8, m + Wire.ENTER_TYPE);
        wireTif = r.get(Wire.I8, m + Wire.ENTER_TIF);
        long price = r.get(Wire.I64, m + Wire.ENTER_PRICE);
        long quantity = r.get(Wire.I64, m + Wire.ENTER_QUANTITY);
        int symbol = symbolId(symbolKey);
        if (symbol < 0) {
            rejected(token, Symbols.isValid(symbolKey) ? GatewayReason.UNKNOWN_SYMBOL : GatewayReason.INVALID_MESSAGE);
            return;
        }
        LongIntMap t = tokens(session);
        if (t.get(token) >= 0) {
            rejected(token, Wire.REASON_DUPLICATE_TOKEN);
            return;
        }
        if (t.size() >= maxLivePerSession) {
            rejected(token, Wire.REASON_TOO_MANY_ORDERS);
            return;
        }
        byte side = wireSide == 'B' ? Side.BUY : wireSide == 'S' ? Side.SELL : BAD_CODE;
        byte otype = wireType == 'L' ? OrderType.LIMIT : wireType == 'M' ? OrderType.MARKET : BAD_CODE;
        byte tif = wireTif == 'G' || wireTif == 'D' ? TimeInForce.GTC : wireTif == 'I' ? TimeInForce.IOC
                : wireTif == 'F' ? TimeInForce.FOK : BAD_CODE;
        long orderId = ++lastOrderId;
        engine.newOrder(symbol, orderId, account, side, otype, tif, price, quantity);
    }

    private void cancel(MemorySegment r, long m) {
        kind = CANCEL;
        token = r.get(Wire.I64, m + Wire.CANCEL_TOKEN);
        int slot = tokens(session).get(token);
        if (slot < 0) {
            cancelReject(token, Wire.REASON_UNKNOWN_TOKEN);
            return;
        }
        long at = slots.offset(slot);
        engine.cancel(LiveOrderDescriptor.symbol(table, at), LiveOrderDescriptor.orderId(table, at), account);
    }

    private void replace(MemorySegment r, long m) {
        kind = REPLACE;
        token = r.get(Wire.I64, m + Wire.REPLACE_TOKEN);
        newToken = r.get(Wire.I64, m + Wire.REPLACE_NEW_TOKEN);
        long price = r.get(Wire.I64, m + Wire.REPLACE_PRICE);
        long quantity = r.get(Wire.I64, m + Wire.REPLACE_QUANTITY);
        LongIntMap t = tokens(session);
        int slot = t.get(token);
        if (slot < 0) {
            replaceReject(token, newToken, Wire.REASON_UNKNOWN_TOKEN);
            return;
        }
        if (newToken != token && t.get(newToken) >= 0) {
            replaceReject(token, newToken, Wire.REASON_DUPLICATE_TOKEN);
            return;
        }
        long at = slots.offset(slot);
        engine.modify(LiveOrderDescriptor.symbol(table, at), LiveOrderDescriptor.orderId(table, at), account, price, quantity);
    }

    private void massCancel(MemorySegment r, long m) {
        kind = MASS;
        symbolKey = r.get(Wire.I64, m + Wire.MASS_SYMBOL);
        int symbol;
        if (symbolKey == Symbols.ALL) {
            symbol = Engine.ALL_SYMBOLS;
        } else {
            symbol = symbolId(symbolKey);
            if (symbol < 0) {
                massAck(0, Symbols.isValid(symbolKey) ? GatewayReason.UNKNOWN_SYMBOL : GatewayReason.INVALID_MESSAGE);
                return;
            }
        }
        engine.massCancel(account, symbol); // its Canceled go to each order's session, then onMassCancelled acks
    }

    private void massAck(int count, byte reason) {
        long at = out.begin(session, Wire.MACK_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.MASS_CANCEL_ACK);
        b.set(Wire.I64, at + Wire.MACK_SYMBOL, symbolKey);
        b.set(Wire.I32, at + Wire.MACK_COUNT, count);
        b.set(Wire.I8, at + MassCancelAckDescriptor.REASON_OFFSET, reason);
        out.end();
    }

    // ---- responses

    private void rejected(long tok, byte reason) {
        long at = out.begin(session, Wire.REJ_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.REJECTED);
        b.set(Wire.I64, at + Wire.REJ_TOKEN, tok);
        b.set(Wire.I8, at + Wire.REJ_REASON, reason);
        out.end();
    }

    private void cancelReject(long tok, byte reason) {
        long at = out.begin(session, Wire.CREJ_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.CANCEL_REJECT);
        b.set(Wire.I64, at + Wire.CREJ_TOKEN, tok);
        b.set(Wire.I8, at + Wire.CREJ_REASON, reason);
        out.end();
    }

    private void replaceReject(long tok, long newTok, byte reason) {
        long at = out.begin(session, Wire.RREJ_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.REPLACE_REJECT);
        b.set(Wire.I64, at + Wire.RREJ_OLD_TOKEN, tok);
        b.set(Wire.I64, at + Wire.RREJ_NEW_TOKEN, newTok);
        b.set(Wire.I8, at + Wire.RREJ_REASON, reason);
        out.end();
    }

    private void executed(int s, long tok, long orderId, long matchId, long price, long qty, long leaves, byte liquidity) {
        long at = out.begin(s, Wire.EXE_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.EXECUTED);
        b.set(Wire.I64, at + Wire.EXE_TOKEN, tok);
        b.set(Wire.I64, at + Wire.EXE_ORDER_ID, orderId);
        b.set(Wire.I64, at + Wire.EXE_MATCH_ID, matchId);
        b.set(Wire.I64, at + Wire.EXE_PRICE, price);
        b.set(Wire.I64, at + Wire.EXE_QUANTITY, qty);
        b.set(Wire.I64, at + Wire.EXE_LEAVES, leaves);
        b.set(Wire.I8, at + Wire.EXE_LIQUIDITY, liquidity);
        out.end();
    }

    private void free(int slot, long orderId) {
        long at = slots.offset(slot);
        LongIntMap t = tokens[LiveOrderDescriptor.session(table, at)];
        if (t != null) t.remove(LiveOrderDescriptor.token(table, at));
        byOrderId.remove(orderId);
        slots.free(slot);
    }

    // ---- engine events (engine thread, inside the command)

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        downstream.onAccepted(seq, symbol, orderId, side, type, tif, price, quantity);
        int slot = slots.allocate();
        if (slot >= 0) {
            LiveOrderDescriptor.write(table, slots.offset(slot), orderId, token, session, symbol, side);
            byOrderId.put(orderId, slot);
            tokens(session).put(token, slot);
        }
        long at = out.begin(session, Wire.ACC_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.ACCEPTED);
        b.set(Wire.I64, at + Wire.ACC_TOKEN, token);
        b.set(Wire.I64, at + Wire.ACC_ORDER_ID, orderId);
        b.set(Wire.I64, at + Wire.ACC_SYMBOL, symbolKey);
        b.set(Wire.I8, at + Wire.ACC_SIDE, wireSide);
        b.set(Wire.I8, at + Wire.ACC_TYPE, wireType);
        b.set(Wire.I8, at + Wire.ACC_TIF, wireTif);
        b.set(Wire.I64, at + Wire.ACC_PRICE, price);
        b.set(Wire.I64, at + Wire.ACC_QUANTITY, quantity);
        out.end();
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity,
                        long makerRemaining, long takerRemaining) {
        downstream.onTrade(seq, symbol, makerOrderId, takerOrderId, takerSide, price, quantity, makerRemaining, takerRemaining);
        long matchId = ++lastMatchId;
        int maker = byOrderId.get(makerOrderId);
        if (maker >= 0) {
            long at = slots.offset(maker);
            executed(LiveOrderDescriptor.session(table, at), LiveOrderDescriptor.token(table, at), makerOrderId, matchId, price,
                    quantity, makerRemaining, Wire.LIQUIDITY_ADDED);
            if (makerRemaining == 0) free(maker, makerOrderId);
        }
        int taker = byOrderId.get(takerOrderId);
        if (taker >= 0) {
            long at = slots.offset(taker);
            executed(LiveOrderDescriptor.session(table, at), LiveOrderDescriptor.token(table, at), takerOrderId, matchId, price,
                    quantity, takerRemaining, Wire.LIQUIDITY_REMOVED);
            if (takerRemaining == 0) free(taker, takerOrderId);
        }
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        downstream.onCancelled(seq, symbol, orderId, side, price, cancelledQuantity, reason);
        int slot = byOrderId.get(orderId);
        if (slot < 0) return;
        long at = slots.offset(slot);
        int s = LiveOrderDescriptor.session(table, at);
        long tok = LiveOrderDescriptor.token(table, at);
        free(slot, orderId);
        long o = out.begin(s, Wire.CAN_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, o, Wire.CANCELED);
        b.set(Wire.I64, o + Wire.CAN_TOKEN, tok);
        b.set(Wire.I64, o + Wire.CAN_ORDER_ID, orderId);
        b.set(Wire.I64, o + Wire.CAN_QUANTITY, cancelledQuantity);
        b.set(Wire.I8, o + Wire.CAN_REASON, reason);
        out.end();
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        downstream.onModified(seq, symbol, orderId, side, newPrice, newQuantity, keptPriority);
        int slot = byOrderId.get(orderId);
        if (slot >= 0 && newToken != token) {
            LongIntMap t = tokens(session);
            t.remove(token);
            t.put(newToken, slot);
            LiveOrderDescriptor.setToken(table, slots.offset(slot), newToken);
        }
        long at = out.begin(session, Wire.REP_LENGTH);
        MemorySegment b = out.buffer();
        b.set(Wire.I8, at, Wire.REPLACED);
        b.set(Wire.I64, at + Wire.REP_OLD_TOKEN, token);
        b.set(Wire.I64, at + Wire.REP_NEW_TOKEN, newToken);
        b.set(Wire.I64, at + Wire.REP_ORDER_ID, orderId);
        b.set(Wire.I64, at + Wire.REP_PRICE, newPrice);
        b.set(Wire.I64, at + Wire.REP_QUANTITY, newQuantity);
        b.set(Wire.I8, at + Wire.REP_KEPT, keptPriority ? (byte) 1 : (byte) 0);
        out.end();
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
        downstream.onRejected(commandType, symbol, orderId, reason);
        switch (kind) {
            case ENTER -> rejected(token, reason);
            case CANCEL -> cancelReject(token, reason);
            case REPLACE -> replaceReject(token, newToken, reason);
            case MASS -> massAck(0, reason);
            default -> { }
        }
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {
        downstream.onLevel(seq, symbol, side, price, totalQuantity, orderCount);
    }

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {
        downstream.onTopOfBook(seq, symbol, bidPrice, bidQuantity, askPrice, askQuantity);
    }

    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        downstream.onMassCancelled(seq, account, symbol, cancelledCount);
        if (kind == MASS) massAck(cancelledCount, (byte) 0);
    }

    // ---- snapshots

    /** Bytes {@link #encodeState} writes now ({@link NodeStateDescriptor}). */
    public int stateLength() {
        return NodeState.length(sessions.size(), byOrderId.size());
    }

    /**
     * Writes the machine's state for a snapshot ({@link NodeStateDescriptor}) into the first
     * {@link #stateLength()} bytes of {@code s} (the rest of {@code s} is zeroed): counters, every session (store counts zero: the
     * journal thread fills them in) and the owner of every resting order, in book order. Between
     * commands, on the thread that applies them; allocation-free (the caller keeps the buffer).
     *
     * @return the bytes written
     */
    public int encodeState(MemorySegment s) {
        int ns = sessions.size();
        int no = byOrderId.size();
        int length = NodeState.length(ns, no);
        if (s.byteSize() < length) throw new IllegalArgumentException("state needs " + length + " bytes, the buffer has " + s.byteSize());
        s.fill((byte) 0); // reserved bytes and store counts start at zero, as in a fresh buffer (no slice: nothing allocated)
        NodeState.header(s, ns, no, lastOrderId, lastMatchId, commands);
        for (int i = 0; i < ns; i++) {
            Sessions.Session x = sessions.get(i);
            NodeState.sessionEntry(s, i, x.key(), x.account(), x.cancelOnDisconnect());
        }
        StateWriter w = stateWriter;
        w.start(s, ns, no);
        for (int sym = 0; sym < symbolKeys.length; sym++) engine.visitBook(sym, w);
        if (w.count != no) {
            throw new IllegalStateException("the books hold " + w.count + " owned orders, the machine knows " + no);
        }
        return length;
    }

    private final StateWriter stateWriter = new StateWriter();

    /** Writes the owner of each resting order into the state being encoded; reused for every snapshot. */
    private final class StateWriter implements qsl.book.BookVisitor {
        MemorySegment s;
        int sessionCount;
        int max;
        int count;

        void start(MemorySegment s, int sessionCount, int max) {
            this.s = s;
            this.sessionCount = sessionCount;
            this.max = max;
            this.count = 0;
        }

        @Override
        public void level(byte side, long price, long totalQuantity, int orderCount) {}

        @Override
        public void order(byte side, long price, long orderId, int acct, long openQuantity) {
            int slot = byOrderId.get(orderId);
            if (slot < 0 || count >= max) {
                throw new IllegalStateException("resting order " + orderId + " has no owner in the session machine");
            }
            long at = slots.offset(slot);
            NodeState.orderEntry(s, sessionCount, count++, orderId, LiveOrderDescriptor.token(table, at),
                    LiveOrderDescriptor.session(table, at), LiveOrderDescriptor.symbol(table, at), side);
        }
    }

    /** Forgets every live order and counter (before a restore). */
    public void resetState() {
        slots.clear();
        byOrderId.clear();
        for (LongIntMap t : tokens) if (t != null) t.clear();
        lastOrderId = 0;
        lastMatchId = 0;
        commands = 0;
    }

    /**
     * Restores counters and order owners from a snapshot's state; {@code sessionIndex[i]} is this
     * node's session index of the snapshot's session entry {@code i}. The engine must already hold
     * the snapshot's orders. Returns null, or why the state does not fit the engine (then call
     * {@link #resetState()} before trying another snapshot).
     */
    public String restoreState(NodeState.Decoded.Ok state, int[] sessionIndex) {
        resetState();
        lastOrderId = state.lastOrderId();
        lastMatchId = state.lastMatchId();
        commands = state.commands();
        for (NodeState.OrderEntry o : state.orders()) {
            if (o.symbol() >= symbolKeys.length) return "order " + o.orderId() + " on symbol " + o.symbol() + ", the venue has " + symbolKeys.length;
            int s = sessionIndex[o.session()];
            if (s < 0 || s >= tokens.length) return "order " + o.orderId() + ": session index " + s + " out of range";
            int slot = slots.allocate();
            if (slot < 0) return "more owned orders than the order table holds";
            if (byOrderId.get(o.orderId()) >= 0) return "order " + o.orderId() + " listed twice";
            LongIntMap t = tokens(s);
            if (t.get(o.token()) >= 0) return "token " + o.token() + " of session " + s + " listed twice";
            LiveOrderDescriptor.write(table, slots.offset(slot), o.orderId(), o.token(), s, o.symbol(), o.side());
            if (byOrderId.put(o.orderId(), slot) == LongIntMap.FULL || t.put(o.token(), slot) == LongIntMap.FULL) {
                return "more live orders than the maps hold";
            }
        }
        if (byOrderId.size() != engine.restingOrders()) {
            return state.orders().size() + " owned orders listed, the engine holds " + engine.restingOrders();
        }
        OwnerCheck check = new OwnerCheck();
        for (int sym = 0; sym < symbolKeys.length; sym++) engine.visitBook(sym, check);
        return check.missing == 0 ? null : check.missing + " resting orders of the engine have no owner listed";
    }

    /** Counts resting orders the owner table does not know. */
    private final class OwnerCheck implements qsl.book.BookVisitor {
        long missing;

        @Override
        public void level(byte side, long price, long totalQuantity, int orderCount) {}

        @Override
        public void order(byte side, long price, long orderId, int acct, long openQuantity) {
            if (byOrderId.get(orderId) < 0) missing++;
        }
    }

    @Override
    public void close() {
        if (engine != null) engine.close();
        arena.close();
    }
}
