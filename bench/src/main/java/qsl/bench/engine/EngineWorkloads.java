package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.FlowGenerator;
import qsl.workload.WorkloadShape;

/**
 * The engine suite's workloads by name, made by {@code qsl.workload.WorkloadGenerator} with
 * its close-out tail (one cancel per order still live at the end), so every stream is cyclic: it
 * leaves the book empty and can be replayed again on the same engine.
 */
public final class EngineWorkloads {
    /** exchange-core's benchmark shape (the headline figures). */
    public static final String EXCHANGE_CORE_SHAPE = "exchange-core";
    public static final String MULTI_SYMBOL = "multi-symbol";
    public static final String DRIFT = "drift";
    public static final String GBM_CALM = "gbm-calm";
    public static final String GBM_SWING = "gbm-swing";
    public static final String GBM_VOLATILE = "gbm-volatile";
    public static final String GBM_CRASH = "gbm-crash";
    public static final String SCATTERED = "scattered";
    public static final String CLUSTERS = "clusters";
    public static final String HUGE_LEVEL = "huge-level";
    public static final String STRUCTURED_IDS = "structured-ids";
    public static final String TREND = "trend";

    private EngineWorkloads() {}

    /** Every workload the suite measures, headline first. */
    public static List<String> names() {
        return List.of(EXCHANGE_CORE_SHAPE, MULTI_SYMBOL, DRIFT, GBM_CALM, GBM_SWING, GBM_VOLATILE, GBM_CRASH, SCATTERED,
                CLUSTERS, HUGE_LEVEL, STRUCTURED_IDS, TREND);
    }

    /** The realistic flows (a GBM mid with regimes). */
    public static List<String> realistic() {
        return List.of(GBM_CALM, GBM_SWING, GBM_VOLATILE, GBM_CRASH);
    }

    public static WorkloadShape shape(String name) {
        return switch (name) {
            case EXCHANGE_CORE_SHAPE -> WorkloadShape.EXCHANGE_CORE;
            case MULTI_SYMBOL -> WorkloadShape.MULTI_SYMBOL;
            case DRIFT -> WorkloadShape.DRIFTING;
            case GBM_CALM -> WorkloadShape.GBM_CALM;
            case GBM_SWING -> WorkloadShape.GBM_SWING;
            case GBM_VOLATILE -> WorkloadShape.GBM_VOLATILE;
            case GBM_CRASH -> WorkloadShape.GBM_CRASH;
            case SCATTERED -> WorkloadShape.SCATTERED;
            case CLUSTERS -> WorkloadShape.CLUSTERS;
            case HUGE_LEVEL -> WorkloadShape.HUGE_LEVEL;
            case STRUCTURED_IDS -> WorkloadShape.STRUCTURED_IDS;
            case TREND -> WorkloadShape.TREND;
            default -> throw new IllegalArgumentException("unknown engine workload '" + name + "'; known: " + names());
        };
    }

    /** Main-phase commands of a workload in the suite: two million for the realistic flows, one million otherwise. */
    public static long defaultCommands(String name) {
        return realistic().contains(name) ? 2_000_000 : 1_000_000;
    }

    public static String describe(String name) {
        return switch (shape(name)) {
            case EXCHANGE_CORE -> "exchange-core benchmark shape: one symbol, about 1,000 resting orders over about 750 "
                    + "price slots; 9% GTC, 3% IOC, 6% cancel, 82% move; about 6% of commands trade";
            case MULTI_SYMBOL -> "the same mix over eight symbols with different ticks, prices and activity";
            case DRIFTING -> "the same mix on one symbol whose market walks across many price-band widths";
            case GBM_CALM -> "realistic: GBM mid, calm; 51% new orders (15% IOC), 41% cancels, 9% modifies; random 20-bit ids; "
                    + "3k-21k resting over about 2,000 ticks";
            case GBM_SWING -> "realistic: the same with swings of +-25% of the mid";
            case GBM_VOLATILE -> "realistic: the same with two swings of +-40% of the mid";
            case GBM_CRASH -> "realistic: calm, then a 12% flash crash within 2,000 messages and its recovery";
            case SCATTERED -> "adversarial: 10,000 resting orders scattered over 100 band widths; new, cancel, IOC, reprice";
            case CLUSTERS -> "adversarial: two active clusters per side 200,000 ticks apart, commands alternating between them";
            case HUGE_LEVEL -> "adversarial: the clusters plus one level of 100,000 orders in the near cluster, churned";
            case STRUCTURED_IDS -> "adversarial: the exchange-core shape with ids seq << 20 | gateway (16 gateways)";
            case TREND -> "adversarial: a fast trend, the mid rising one tick every four commands";
        };
    }

    /** The generator's output: GTC prefill, {@code mainCommands} mixed commands, close-out cancels. */
    public static Workload generate(String name, long seed, long mainCommands, Arena arena) {
        return WorkloadGenerator.generate(shape(name), seed, Math.toIntExact(mainCommands), true, arena);
    }

    /** System property naming a directory of pre-generated streams ({@link #save}); JMH forks read them from there. */
    public static final String STREAM_DIR = "qsl.bench.streams";

    private static java.nio.file.Path file(java.nio.file.Path dir, String name, long seed, long mainCommands) {
        return dir.resolve(name + "-" + seed + "-" + mainCommands + ".cmd");
    }

    /** Writes the stream {@link #cyclic} would make into {@code dir}, for {@link #load} in another JVM. */
    public static void save(java.nio.file.Path dir, String name, long seed, long mainCommands) throws java.io.IOException {
        try (Arena arena = Arena.ofConfined()) {
            CommandStream s = cyclic(name, seed, mainCommands, arena);
            java.nio.file.Files.write(file(dir, name, seed, mainCommands), s.commands().asSlice(0, s.bytes())
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    /**
     * The stream {@link #cyclic} makes, mapped from the directory named by {@link #STREAM_DIR} when
     * it holds it (generation is the slow part of a benchmark's setup), else generated here.
     */
    public static CommandStream load(String name, long seed, long mainCommands, Arena arena) {
        String dir = System.getProperty(STREAM_DIR);
        if (dir != null) {
            java.nio.file.Path f = file(java.nio.file.Path.of(dir), name, seed, mainCommands);
            if (java.nio.file.Files.isRegularFile(f)) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ)) {
                    java.lang.foreign.MemorySegment seg = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                    long count = ch.size() / qsl.book.CommandDescriptor.LENGTH;
                    return new CommandStream(name, seed, seg, count, count, WorkloadGenerator.symbols(shape(name)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return cyclic(name, seed, mainCommands, arena);
    }

    /** {@link #generate} as a {@link CommandStream}; {@code mainCommands <= 0} takes {@link #defaultCommands}. */
    public static CommandStream cyclic(String name, long seed, long mainCommands, Arena arena) {
        Workload w = generate(name, seed, mainCommands <= 0 ? defaultCommands(name) : mainCommands, arena);
        if (w.liveAtEnd() != 0) {
            throw new IllegalStateException("workload " + name + " leaves " + w.liveAtEnd() + " orders live");
        }
        return new CommandStream(name, seed, w.commands(), w.count(), w.count() - w.closing(), w.symbols());
    }

    /**
     * Order slots for the benchmark engines: 16x the ~1,000 orders a workload keeps resting per
     * symbol. The slot count also sizes the order-id map, whose footprint (and so its cache
     * misses) grows with it; the suite also measures {@link EngineConfig#defaults()}'s size.
     */
    public static final int MAX_ORDERS = 1 << 14;

    /** A qsl engine for the stream at {@link EngineConfig#defaults()} (enough symbols for the stream). */
    public static MatchingEngine newEngine(CommandStream stream, EventSink sink) {
        return newEngine(stream, sink, EngineConfig.defaults().maxOrders());
    }

    public static MatchingEngine newEngine(CommandStream stream, EventSink sink, int maxOrders) {
        return newEngine(stream, sink, maxOrders, EngineConfig.defaults().bandLevels());
    }

    public static MatchingEngine newEngine(CommandStream stream, EventSink sink, int maxOrders, int bandLevels) {
        EngineConfig d = EngineConfig.defaults();
        return new MatchingEngine(new EngineConfig(maxOrders, Math.max(stream.symbolCount(), d.maxSymbols()), bandLevels), sink);
    }

    /** The scattered shape with {@code resting} orders (the scaling table), as a cyclic stream. */
    public static CommandStream scattered(long seed, int resting, long mainCommands, Arena arena) {
        Workload w = FlowGenerator.scattered(seed, resting, Math.toIntExact(mainCommands), true, arena);
        return new CommandStream(SCATTERED + "-" + resting, seed, w.commands(), w.count(), w.count() - w.closing(), w.symbols());
    }

    /**
     * exchange-core books for the stream's symbols. The plain (price-only) move mapping is used
     * unless a trial replay finds modifies that change the open quantity.
     */
    public static ExchangeCoreBooks newPeer(CommandStream stream) {
        ExchangeCoreBooks probe = new ExchangeCoreBooks(stream.symbolCount()).quantityAwareModify(true);
        stream.replay(probe);
        return new ExchangeCoreBooks(stream.symbolCount()).quantityAwareModify(probe.quantityChangingModifies() > 0);
    }
}
