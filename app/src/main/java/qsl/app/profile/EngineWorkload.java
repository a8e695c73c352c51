package qsl.app.profile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;
import qsl.perf.profile.ProfiledWorkload;

/**
 * The matching engine on the seeded exchange-core-shaped command stream: one million mixed
 * commands after a GTC prefill, closed out with cancels so the stream replays on the same
 * engine without end. A batch applies the next {@value #BATCH} command records straight from
 * the off-heap stream ({@code Engine.apply}); events go to a sink that folds them into a
 * checksum (so the JIT cannot drop them) and allocates nothing.
 */
final class EngineWorkload implements ProfiledWorkload {
    static final int BATCH = 1024;
    static final int MAIN_COMMANDS = 1_000_000;

    private final Arena arena = Arena.ofShared();
    private final Workload stream;
    private final MatchingEngine engine;
    private final ChecksumSink sink = new ChecksumSink();
    private final MemorySegment commands;
    private final int count;
    private int next;

    EngineWorkload(WorkloadOptions options) {
        this.stream = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, options.seed(), MAIN_COMMANDS, true, arena);
        this.engine = new MatchingEngine(new EngineConfig(1 << 16, 64, 4096), sink);
        stream.symbols().forEach(engine::addSymbol);
        this.commands = stream.commands();
        this.count = stream.count();
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "MatchingEngine.apply over the EXCHANGE_CORE stream (seed " + stream.seed() + ", " + count
                + " commands incl. prefill and close-out, replayed in a loop), " + BATCH + " commands per batch";
    }

    @Override
    public long runBatch() {
        int start = next;
        int end = Math.min(start + BATCH, count);
        for (int i = start; i < end; i++) engine.apply(commands, Workload.offset(i));
        next = end == count ? 0 : end; // the close-out emptied the book: the stream starts over
        return end - start;
    }

    /** Events folded so far (keeps the sink's work observable). */
    long checksum() {
        return sink.checksum;
    }

    @Override
    public List<String> hotFramePrefixes() {
        return List.of("qsl.book.");
    }

    @Override
    public void close() {
        engine.close();
        arena.close();
    }

    /** Folds every event into one long; no allocation, no branches the JIT could prove dead. */
    static final class ChecksumSink implements EventSink {
        long checksum;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) { checksum += seq ^ orderId; }
        @Override public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity, long makerRemaining, long takerRemaining) { checksum += price * 31 + quantity; }
        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) { checksum += orderId ^ cancelledQuantity; }
        @Override public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) { checksum += newPrice ^ newQuantity; }
        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) { checksum += 7 * reason; }
        @Override public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) { checksum += totalQuantity ^ orderCount; }
        @Override public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) { checksum += bidPrice ^ askPrice; }
        @Override public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) { checksum += cancelledCount; }
    }
}
