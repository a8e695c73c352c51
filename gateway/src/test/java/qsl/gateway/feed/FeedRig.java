package qsl.gateway.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.protocol.mold.MoldBytes;
import qsl.protocol.mold.MoldDecoder;
import qsl.protocol.mold.MoldRequestDescriptor;

/**
 * An engine, a publisher and a client joined by lossy in-process links: down (the stream), up
 * (re-requests) and back (retransmissions), with a fake clock. Snapshots come straight from the
 * current publisher, as the snapshot service would serve them on its thread.
 */
final class FeedRig implements AutoCloseable {
    static final int SYMBOLS = 3;
    static final int[] SYMBOL_IDS = {0, 1, 2};
    final Arena arena = Arena.ofShared();
    final Switch sink = new Switch();
    final MatchingEngine engine = new MatchingEngine(new EngineConfig(4096, SYMBOLS, 64), sink);
    final LossyLink down;
    final LossyLink up;
    final LossyLink back;
    final int retention;
    FeedPublisher publisher;
    FeedClient client;
    long now = 1_000_000_000L;
    int restarts;

    FeedRig(long seed, int retention) {
        this.retention = retention;
        down = new LossyLink(seed);
        up = new LossyLink(seed + 1);
        back = new LossyLink(seed + 2);
        for (int s : SYMBOL_IDS) engine.addSymbol(SymbolSpec.open(s, 100));
        startPublisher();
    }

    void startPublisher() {
        publisher = new FeedPublisher("TEST" + (100000 + restarts++), 200, retention, SYMBOLS, 8192, 256, down, arena);
        for (int s : SYMBOL_IDS) publisher.addSymbol(s, "SYM" + s);
        EngineSeed.seed(publisher, engine, SYMBOL_IDS);
        sink.target = publisher;
        publisher.start(engine.lastSequence());
    }

    /** The publisher process restarts: the old one ends its session, a new one with a new session takes over. */
    void restartPublisher() {
        publisher.endSession();
        startPublisher();
    }

    FeedClient newClient(boolean startFromSnapshot) {
        client = new FeedClient(SYMBOLS, 8192, 256, 1024, 200_000, 1_000_000, startFromSnapshot, up,
                this::snapshot, null, arena);
        return client;
    }

    boolean snapshot(FeedClient c) {
        MemorySegment buf = arena.allocate(publisher.snapshotBound());
        long n = publisher.writeSnapshot(-1, buf, 0);
        long p = 0;
        while (p < n) {
            int len = Short.toUnsignedInt(buf.get(MoldBytes.U16, p));
            int r = c.snapshotMessage(buf, p + 2, len);
            p += 2 + len;
            if (r == FeedClient.SNAPSHOT_DONE) return true;
            if (r == FeedClient.SNAPSHOT_BAD) return false;
        }
        return false;
    }

    /** Runs {@code n} commands, flushing packets every few commands and moving the links. */
    void run(Flow flow, int n) {
        for (int i = 0; i < n; i++) {
            flow.step(engine);
            publisher.endOfCommand();
            if (i % 3 == 0) publisher.flush();
            step(false);
        }
    }

    /** One tick: deliver the stream, let the client poll, serve its requests, deliver the answers. */
    void step(boolean flushDelayed) {
        now += 100_000;
        down.pump(p -> { if (client != null) client.onPacket(p, 0, (int) p.byteSize(), now); }, flushDelayed);
        if (client != null) client.poll(now);
        up.pump(req -> {
            if (MoldDecoder.decodeRequest(req, 0, (int) req.byteSize()) == 0) {
                publisher.retransmit(MoldRequestDescriptor.sequence(req, 0), MoldRequestDescriptor.count(req, 0), back);
            }
        }, flushDelayed);
        back.pump(p -> { if (client != null) client.onPacket(p, 0, (int) p.byteSize(), now); }, flushDelayed);
    }

    /** Heartbeats and ticks until the client has every message (bounded). */
    void settle() {
        publisher.flush();
        for (int i = 0; i < 20_000; i++) {
            if (i % 10 == 0) publisher.heartbeat();
            step(true);
            if (client.live() && client.expected() == publisher.nextSequence()) return;
        }
        throw new AssertionError("client did not catch up: expected " + client.expected() + " of " + publisher.nextSequence()
                + ", needs snapshot " + client.needsSnapshot());
    }

    void assertBooksMatch() {
        assertEquals(0, publisher.mirrorErrors(), "publisher mirror errors");
        for (int s : SYMBOL_IDS) {
            assertEquals(BookDumps.engine(engine, s), BookDumps.feed(publisher.mirror(), s), "mirror of symbol " + s);
            if (client != null) assertEquals(BookDumps.engine(engine, s), BookDumps.feed(client.book(), s), "client book of symbol " + s);
        }
    }

    @Override
    public void close() {
        engine.close();
        arena.close();
    }

    /** Forwards engine events to the current publisher (which changes on a restart). */
    static final class Switch implements EventSink {
        FeedPublisher target;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            target.onAccepted(seq, symbol, orderId, side, type, tif, price, quantity);
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long qty, long makerRem, long takerRem) {
            target.onTrade(seq, symbol, maker, taker, takerSide, price, qty, makerRem, takerRem);
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long qty, byte reason) {
            target.onCancelled(seq, symbol, orderId, side, price, qty, reason);
        }

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long qty, boolean kept) {
            target.onModified(seq, symbol, orderId, side, price, qty, kept);
        }

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {}

        @Override public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
            target.onMassCancelled(seq, account, symbol, cancelledCount);
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {}

        @Override public void onTopOfBook(long seq, int symbol, long bid, long bidQty, long ask, long askQty) {}
    }
}
