package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import qsl.gateway.InboundPort;
import qsl.gateway.SessionCommandDescriptor;
import qsl.gateway.Sessions;
import qsl.gateway.Venue;
import qsl.protocol.entry.CancelOrderDescriptor;
import qsl.protocol.entry.EnterOrderDescriptor;
import qsl.protocol.entry.EntryCodes;
import qsl.protocol.entry.MassCancelDescriptor;
import qsl.protocol.entry.ReplaceOrderDescriptor;

/**
 * FIX sessions' commands to the node: each becomes an order-entry message in the binary layout
 * ({@code qsl.protocol.entry}), held in a queue until {@link #release()} submits the queue to the
 * node's {@link InboundPort}. The FIX gateway releases only after its own journal is durable, so
 * the node never journals a command whose ClOrdID the gateway could forget in a crash.
 *
 * <p>Queue record: {@code session (i32) | length (i32) | message (length bytes)}, back to back.
 */
public final class NodeEntryCommands implements EntryCommands {
    private static final int CAPACITY = 1 << 20;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private final InboundPort port;
    private final Sessions sessions;
    private final long[] symbolKeys;
    private final MemorySegment queue = MemorySegment.ofArray(new byte[CAPACITY]);
    private int used;

    public NodeEntryCommands(InboundPort port, Sessions sessions, List<Venue.Symbol> symbols) {
        this.port = port;
        this.sessions = sessions;
        this.symbolKeys = new long[symbols.size()];
        for (int i = 0; i < symbolKeys.length; i++) symbolKeys[i] = symbols.get(i).key();
    }

    /** Whether commands are waiting for {@link #release()}. */
    public boolean pending() {
        return used > 0;
    }

    /** Whether the queue has room for another read's worth of commands. */
    boolean roomy() {
        return used < CAPACITY / 2;
    }

    private long claim(int session, int length) {
        if (used + 8 + length > CAPACITY) release(); // never drop: submit what is queued first
        long at = used;
        queue.set(I32, at, session);
        queue.set(I32, at + 4, length);
        used += 8 + length;
        return at + 8;
    }

    @Override
    public void enterOrder(int session, long token, int symbol, byte side, byte type, byte tif, long price, long quantity) {
        long at = claim(session, EnterOrderDescriptor.LENGTH);
        EnterOrderDescriptor.write(queue, at, token, symbolKeys[symbol], EntryCodes.fromEngineSide(side),
                EntryCodes.fromEngineOrderType(type), EntryCodes.fromEngineTimeInForce(tif), price, quantity);
    }

    @Override
    public void cancelOrder(int session, long token) {
        CancelOrderDescriptor.write(queue, claim(session, CancelOrderDescriptor.LENGTH), token);
    }

    @Override
    public void replaceOrder(int session, long oldToken, long newToken, long price, long openQuantity) {
        ReplaceOrderDescriptor.write(queue, claim(session, ReplaceOrderDescriptor.LENGTH), oldToken, newToken, price, openQuantity);
    }

    @Override
    public void massCancel(int session, int symbol) {
        MassCancelDescriptor.write(queue, claim(session, MassCancelDescriptor.LENGTH),
                symbol < 0 ? 0x2020202020202020L : symbolKeys[symbol]);
    }

    /** Submits every queued command, in order; waits while the engine's ring is full. */
    public void release() {
        int at = 0;
        while (at < used) {
            int session = queue.get(I32, at);
            int length = queue.get(I32, at + 4);
            Sessions.Session s = sessions.get(session);
            while (!port.submit(SessionCommandDescriptor.ORIGIN_CLIENT, s.key(), s.account(), queue, at + 8, length)) {
                LockSupport.parkNanos(10_000); // the engine thread drains the ring; nothing is dropped
            }
            at += 8 + length;
        }
        used = 0;
    }
}
