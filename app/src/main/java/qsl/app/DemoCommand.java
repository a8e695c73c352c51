package qsl.app;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.book.CancelReason;
import qsl.book.CommandDescriptor;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.RejectReason;
import qsl.book.StateDigest;
import qsl.book.SymbolSpec;
import qsl.book.workload.Workload;
import qsl.book.workload.WorkloadGenerator;
import qsl.book.workload.WorkloadShape;

/**
 * {@code qsl demo}: the synthetic deterministic flow through the matching engine. Runs the
 * exchange-core-shaped workload, then a shorter multi-symbol one, each on a fresh engine, and
 * prints what the engine did and the state digests. The last line, {@code digest: <16 hex>}, is
 * a digest of both final engine states and is identical on every run with the same options.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the synthetic workload through the engine and prints a report with the state digest.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--commands", defaultValue = "1000000",
            description = "Mixed commands in the exchange-core-shaped run (default ${DEFAULT-VALUE}); the multi-symbol run uses a tenth.")
    int commands;

    @Option(names = "--seed", defaultValue = "42", description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** Counts events in primitive fields: the sink adds nothing to the engine's cost but increments. */
    static final class CountingSink implements EventSink {
        long accepted;
        long modified;
        long trades;
        long tradedQuantity;
        final long[] cancels = new long[3];
        final long[] rejects = new long[16];
        long levelUpdates;
        long topOfBook;

        @Override public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
            accepted++;
        }

        @Override public void onTrade(long seq, int symbol, long maker, long taker, byte takerSide, long price, long quantity,
                                      long makerRemaining, long takerRemaining) {
            trades++;
            tradedQuantity += quantity;
        }

        @Override public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long quantity, byte reason) {
            cancels[reason]++;
        }

        @Override public void onModified(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean kept) {
            modified++;
        }

        @Override public void onRejected(byte commandType, int symbol, long orderId, byte reason) {
            rejects[reason & 15]++;
        }

        @Override public void onLevel(long seq, int symbol, byte side, long price, long total, int count) {
            levelUpdates++;
        }

        @Override public void onTopOfBook(long seq, int symbol, long bp, long bq, long ap, long aq) {
            topOfBook++;
        }
    }

    @Override
    public Integer call() {
        if (commands < 0) {
            System.err.println("qsl demo: --commands must be >= 0");
            return 2;
        }
        System.out.println("qsl demo: synthetic deterministic flow through the matching engine (seed " + seed + ")");
        long d1 = run("exchange-core shape", WorkloadShape.EXCHANGE_CORE, commands);
        long d2 = run("multi-symbol", WorkloadShape.MULTI_SYMBOL, Math.max(1, commands / 10));
        long digest = new StateDigest().mix(d1).mix(d2).value();
        System.out.printf("digest: %016x%n", digest);
        return 0;
    }

    private long run(String title, WorkloadShape shape, int mainCommands) {
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(shape, seed, mainCommands, false, arena);
            CountingSink sink = new CountingSink();
            MatchingEngine engine = new MatchingEngine(EngineConfig.defaults(), sink, arena);
            for (SymbolSpec s : w.symbols()) engine.addSymbol(s);
            MemorySegment cmds = w.commands();
            int n = w.count();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) engine.apply(cmds, (long) i * CommandDescriptor.LENGTH);
            long elapsed = System.nanoTime() - start;

            long rejected = 0;
            for (long r : sink.rejects) rejected += r;
            System.out.println();
            System.out.printf(Locale.ROOT, "== %s: %d symbol(s), %d commands (%d prefill GTC + %d mixed: %d GTC, %d IOC, %d cancel, %d move)%n",
                    title, w.symbols().size(), n, w.prefill(), w.mainPhase(), w.gtc(), w.ioc(), w.cancels(), w.moves());
            System.out.printf(Locale.ROOT, "  accepted:       %d (sequence %d)%n", engine.lastSequence(), engine.lastSequence());
            System.out.printf(Locale.ROOT, "  trades:         %d (quantity %d)%n", sink.trades, sink.tradedQuantity);
            System.out.printf(Locale.ROOT, "  cancels:        %d user, %d unfilled IOC rest, %d fill-or-kill killed%n",
                    sink.cancels[CancelReason.USER], sink.cancels[CancelReason.UNFILLED], sink.cancels[CancelReason.FOK_KILLED]);
            System.out.printf(Locale.ROOT, "  moves:          %d modified%n", sink.modified);
            System.out.printf(Locale.ROOT, "  rejects:        %d%n", rejected);
            for (byte r = 1; r < sink.rejects.length; r++)
                if (sink.rejects[r] > 0) System.out.printf(Locale.ROOT, "    %-20s %d%n", RejectReason.name(r), sink.rejects[r]);
            System.out.printf(Locale.ROOT, "  resting at end: %d%n", engine.restingOrders());
            System.out.printf(Locale.ROOT, "  ns per command: %.1f (one run, this machine, JIT warming up; not a benchmark)%n",
                    n == 0 ? 0.0 : (double) elapsed / n);
            long d = engine.digest();
            System.out.printf("  state digest:   %016x%n", d);
            return d;
        }
    }
}
