package qsl.gateway.fix;

import java.util.ArrayList;
import java.util.List;
import qsl.book.CommandType;
import qsl.book.Engine;
import qsl.book.EventSink;

/**
 * A venue without the node: order-entry commands run synchronously on an {@link Engine} on the
 * caller's thread, and the engine's events come back as each session's order-entry responses.
 * Engine order ids are assigned here (1, 2, 3...), tokens are mapped per session, and a
 * session can name only its own tokens, so it can touch only its own orders. Used by the
 * session conformance tests, the QuickFIX/J tests that need no durability, and the codec
 * benchmark's in-process round trip. Not thread safe.
 *
 * <p>The engine must be built with {@link #sink()} as its event sink.
 */
public final class DirectVenue implements EntryCommands {
    /** Gateway reason: the token names no live order of the session. */
    public static final byte UNKNOWN_TOKEN = 32;
    /** Gateway reason: the token is already in use by a live order of the session. */
    public static final byte DUPLICATE_TOKEN = 33;
    /** Gateway reason: the venue's order table is full. */
    public static final byte VENUE_FULL = 35;

    private Engine engine;
    private final List<EntryResponses> sessions = new ArrayList<>();
    private final List<LongIntMap> tokens = new ArrayList<>();
    private int[] accounts = new int[0];
    private final LongIntMap byOrderId;
    private final int[] slotSession;
    private final long[] slotToken;
    private final long[] slotOrderId;
    private final int[] symbols;
    private final int[] free;
    private int freeCount;
    private final int capacity;
    private long nextOrderId = 1;
    private long nextMatchId = 1;

    // The command in flight (the engine calls back synchronously).
    private int curSession;
    private long curToken;
    private long curNewToken;
    private final Sink sink = new Sink();

    public DirectVenue(int capacity) {
        this.capacity = capacity;
        byOrderId = new LongIntMap(capacity);
        slotSession = new int[capacity];
        slotToken = new long[capacity];
        slotOrderId = new long[capacity];
        symbols = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
        freeCount = capacity;
    }

    /** The sink to build the engine with. */
    public EventSink sink() { return sink; }

    public void engine(Engine engine) { this.engine = engine; }

    /** Registers session {@code id}'s responses (ids are dense, in order) and its account. */
    public void register(int id, int account, EntryResponses responses) {
        while (sessions.size() <= id) {
            sessions.add(null);
            tokens.add(new LongIntMap(capacity));
        }
        if (accounts.length <= id) accounts = java.util.Arrays.copyOf(accounts, id + 1);
        sessions.set(id, responses);
        accounts[id] = account;
    }

    @Override
    public void enterOrder(int session, long token, int symbol, byte side, byte type, byte tif, long price, long quantity) {
        LongIntMap t = tokens.get(session);
        if (t.get(token) != LongIntMap.MISSING) { sessions.get(session).onRejected(token, DUPLICATE_TOKEN); return; }
        if (freeCount == 0) { sessions.get(session).onRejected(token, VENUE_FULL); return; }
        int slot = free[--freeCount];
        long orderId = nextOrderId++;
        slotSession[slot] = session;
        slotToken[slot] = token;
        slotOrderId[slot] = orderId;
        symbols[slot] = symbol;
        t.put(token, slot);
        byOrderId.put(orderId, slot);
        curSession = session;
        curToken = token;
        engine.newOrder(symbol, orderId, accounts[session], side, type, tif, price, quantity);
    }

    @Override
    public void cancelOrder(int session, long token) {
        int slot = tokens.get(session).get(token);
        if (slot == LongIntMap.MISSING) { sessions.get(session).onCancelReject(token, UNKNOWN_TOKEN); return; }
        curSession = session;
        curToken = token;
        engine.cancel(symbolOf(slot), slotOrderId[slot], accounts[session]);
    }

    @Override
    public void replaceOrder(int session, long oldToken, long newToken, long price, long openQuantity) {
        LongIntMap t = tokens.get(session);
        int slot = t.get(oldToken);
        if (slot == LongIntMap.MISSING) {
            sessions.get(session).onReplaceReject(oldToken, newToken, UNKNOWN_TOKEN);
            return;
        }
        if (newToken != oldToken && t.get(newToken) != LongIntMap.MISSING) {
            sessions.get(session).onReplaceReject(oldToken, newToken, DUPLICATE_TOKEN);
            return;
        }
        curSession = session;
        curToken = oldToken;
        curNewToken = newToken;
        engine.modify(symbolOf(slot), slotOrderId[slot], accounts[session], price, openQuantity);
    }

    @Override
    public void massCancel(int session, int symbol) {
        curSession = session;
        engine.massCancel(accounts[session], symbol);
    }


    private int symbolOf(int slot) {
        return symbols[slot];
    }

    private void release(int slot) {
        tokens.get(slotSession[slot]).remove(slotToken[slot]);
        byOrderId.remove(slotOrderId[slot]);
        slotToken[slot] = 0;
        free[freeCount++] = slot;
    }

    private final class Sink implements EventSink {
        @Override
        public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            int slot = byOrderId.get(orderId);
            if (slot == LongIntMap.MISSING) return;
            symbols[slot] = symbol;
            sessions.get(slotSession[slot]).onAccepted(slotToken[slot], orderId, symbol, side, type, tif, price, quantity);
        }

        @Override
        public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price,
                            long quantity, long makerRemaining, long takerRemaining) {
            long match = nextMatchId++;
            int m = byOrderId.get(makerOrderId);
            if (m != LongIntMap.MISSING) {
                sessions.get(slotSession[m]).onExecuted(slotToken[m], makerOrderId, match, price, quantity, makerRemaining, (byte) 'A');
                if (makerRemaining == 0) release(m);
            }
            int t = byOrderId.get(takerOrderId);
            if (t != LongIntMap.MISSING) {
                sessions.get(slotSession[t]).onExecuted(slotToken[t], takerOrderId, match, price, quantity, takerRemaining, (byte) 'R');
                if (takerRemaining == 0) release(t);
            }
        }

        @Override
        public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
            int slot = byOrderId.get(orderId);
            if (slot == LongIntMap.MISSING) return;
            sessions.get(slotSession[slot]).onCanceled(slotToken[slot], orderId, cancelledQuantity, reason);
            release(slot);
        }

        @Override
        public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
            int slot = byOrderId.get(orderId);
            if (slot == LongIntMap.MISSING) return;
            long old = slotToken[slot];
            LongIntMap t = tokens.get(slotSession[slot]);
            if (curNewToken != old) {
                t.remove(old);
                t.put(curNewToken, slot);
                slotToken[slot] = curNewToken;
            }
            sessions.get(slotSession[slot]).onReplaced(old, curNewToken, orderId, newPrice, newQuantity, keptPriority);
        }

        @Override
        public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            EntryResponses r = sessions.get(curSession);
            switch (commandType) {
                case CommandType.NEW_ORDER -> {
                    int slot = byOrderId.get(orderId);
                    if (slot != LongIntMap.MISSING) release(slot);
                    r.onRejected(curToken, reason);
                }
                case CommandType.CANCEL -> r.onCancelReject(curToken, reason);
                case CommandType.MODIFY -> r.onReplaceReject(curToken, curNewToken, reason);
                case CommandType.MASS_CANCEL -> r.onMassCancelAck(symbol, 0);
                default -> { }
            }
        }

        @Override
        public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
            sessions.get(curSession).onMassCancelAck(symbol, cancelledCount);
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {}

        @Override public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {}
    }
}
