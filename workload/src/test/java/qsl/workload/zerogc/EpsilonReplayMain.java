package qsl.workload.zerogc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;

/**
 * Child-JVM main for {@link ZeroGcEpsilonTest}: maps a pre-generated, closed-out workload file
 * (off-heap), warms the engine up, then replays the file until {@code steadyCommands} commands
 * have run, reading this thread's allocated-bytes counter around the steady window. Run under
 * Epsilon GC with a small heap, any steady-state allocation ends the JVM with an
 * OutOfMemoryError long before the loop finishes.
 *
 * <p>Args: {@code file shape steadyCommands warmupPasses [allocating]}. Prints {@code ZERO_GC_DONE ...}
 * last. With {@code allocating}, the sink allocates a small array per trade: the planted fault
 * that proves the harness notices allocation.
 */
public final class EpsilonReplayMain {
    private EpsilonReplayMain() {}

    /** Counts events in primitive fields: the sink itself must not allocate. */
    static class Counter implements EventSink {
        long accepted;
        long trades;
        long cancels;
        long rejects;
        long levels;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) { accepted++; }
        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long q, long mr, long tr) { trades++; }
        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long q, byte reason) { cancels++; }
        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long q, boolean kept) { accepted++; }
        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) { rejects++; }
        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) { levels++; }
        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) { }
        @Override public void onMassCancelled(long seq, int account, int symbol, int count) { massCancelled += count; }
        long massCancelled;
    }

    /**
     * A symbol apart from the workload's, where account 1 rests two orders each pass for a mass
     * cancel to remove; their ids are far above the workload's counting ids (ids are engine-wide).
     */
    static final int SIDE_SYMBOL = 15;
    /** Records around each pass: two account-1 orders, a mass cancel of account 2 (nothing to cancel), one of account 1. */
    private static final MemorySegment EXTRA = Arena.global().allocate(4L * CommandDescriptor.LENGTH, 8);

    static {
        long n = CommandDescriptor.LENGTH;
        CommandDescriptor.writeNewOrder(EXTRA, 0, SIDE_SYMBOL, Long.MAX_VALUE - 1, 1, qsl.book.Side.BUY, qsl.book.OrderType.LIMIT,
                qsl.book.TimeInForce.GTC, 100, 5);
        CommandDescriptor.writeNewOrder(EXTRA, n, SIDE_SYMBOL, Long.MAX_VALUE - 2, 1, qsl.book.Side.SELL, qsl.book.OrderType.LIMIT,
                qsl.book.TimeInForce.GTC, 101, 5);
        CommandDescriptor.writeMassCancel(EXTRA, 2 * n, 2, qsl.book.Engine.ALL_SYMBOLS);
        CommandDescriptor.writeMassCancel(EXTRA, 3 * n, 1, qsl.book.Engine.ALL_SYMBOLS);
    }

    /** Escapes one small array per trade through a volatile field, so the JIT cannot remove it. */
    static final class AllocatingCounter extends Counter {
        static volatile long[] sunk;

        @Override
        public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long q, long mr, long tr) {
            super.onTrade(seq, symbol, maker, taker, takerSide, price, q, mr, tr);
            sunk = new long[] {maker, q};
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        WorkloadShape shape = WorkloadShape.valueOf(args[1]);
        long steadyCommands = Long.parseLong(args[2]);
        int warmupPasses = Integer.parseInt(args[3]);
        MemorySegment commands;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            commands = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), Arena.global());
        }
        int count = (int) (commands.byteSize() / CommandDescriptor.LENGTH);
        Counter sink = args.length > 4 && args[4].equals("allocating") ? new AllocatingCounter() : new Counter();
        MatchingEngine engine = new MatchingEngine(new EngineConfig(1 << 16, 16, 4096), sink);
        for (SymbolSpec s : WorkloadGenerator.symbols(shape)) engine.addSymbol(s);
        engine.addSymbol(SymbolSpec.open(SIDE_SYMBOL, 100));

        for (int p = 0; p < warmupPasses; p++) replay(engine, commands, count);
        long warmRejects = sink.rejects;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes(); // first call may load classes: keep it out of the window
        long passes = (steadyCommands + count - 1) / count;

        long before = threads.getCurrentThreadAllocatedBytes();
        for (long p = 0; p < passes; p++) replay(engine, commands, count);
        long after = threads.getCurrentThreadAllocatedBytes();

        long steady = passes * count;
        System.out.println("workload commands per pass: " + count + ", warm-up passes: " + warmupPasses);
        System.out.println("steady commands: " + steady + ", allocated bytes in steady window: " + (after - before));
        System.out.println("trades: " + sink.trades + ", rejects: " + sink.rejects + " (warm-up " + warmRejects + ")"
                + ", resting at end: " + engine.restingOrders() + ", digest: " + Long.toHexString(engine.digest()));
        System.out.println("ZERO_GC_DONE steadyCommands=" + steady + " allocatedBytes=" + (after - before)
                + " rejects=" + sink.rejects + " resting=" + engine.restingOrders() + " massCancelled=" + sink.massCancelled);
    }

    /**
     * One pass of the workload, with account 1's two side orders entered before it and mass
     * cancelled after it, and every 4,096 commands a mass cancel of account 2 (a walk of the whole
     * engine that finds nothing).
     */
    private static void replay(MatchingEngine engine, MemorySegment commands, int count) {
        engine.apply(EXTRA, 0);
        engine.apply(EXTRA, CommandDescriptor.LENGTH);
        for (int i = 0; i < count; i++) {
            engine.apply(commands, (long) i * CommandDescriptor.LENGTH);
            if ((i & 4095) == 4095) engine.apply(EXTRA, 2L * CommandDescriptor.LENGTH);
        }
        engine.apply(EXTRA, 3L * CommandDescriptor.LENGTH);
    }
}
