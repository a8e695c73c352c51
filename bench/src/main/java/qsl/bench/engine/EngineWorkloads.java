package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.util.List;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
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

    private EngineWorkloads() {}

    /** Every workload the suite measures, headline first. */
    public static List<String> names() {
        return List.of(EXCHANGE_CORE_SHAPE, MULTI_SYMBOL, DRIFT);
    }

    public static WorkloadShape shape(String name) {
        return switch (name) {
            case EXCHANGE_CORE_SHAPE -> WorkloadShape.EXCHANGE_CORE;
            case MULTI_SYMBOL -> WorkloadShape.MULTI_SYMBOL;
            case DRIFT -> WorkloadShape.DRIFTING;
            default -> throw new IllegalArgumentException("unknown engine workload '" + name + "'; known: " + names());
        };
    }

    public static String describe(String name) {
        return switch (shape(name)) {
            case EXCHANGE_CORE -> "exchange-core benchmark shape: one symbol, about 1,000 resting orders over about 750 "
                    + "price slots; 9% GTC, 3% IOC, 6% cancel, 82% move; about 6% of commands trade";
            case MULTI_SYMBOL -> "the same mix over eight symbols with different ticks, prices and activity";
            case DRIFTING -> "the same mix on one symbol whose market walks across many price-band widths";
        };
    }

    /** The generator's output: GTC prefill, {@code mainCommands} mixed commands, close-out cancels. */
    public static Workload generate(String name, long seed, long mainCommands, Arena arena) {
        return WorkloadGenerator.generate(shape(name), seed, Math.toIntExact(mainCommands), true, arena);
    }

    /** {@link #generate} as a {@link CommandStream}. */
    public static CommandStream cyclic(String name, long seed, long mainCommands, Arena arena) {
        Workload w = generate(name, seed, mainCommands, arena);
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

    /** A qsl engine for the stream with {@link #MAX_ORDERS} order slots and the default price band. */
    public static MatchingEngine newEngine(CommandStream stream, EventSink sink) {
        return newEngine(stream, sink, MAX_ORDERS);
    }

    public static MatchingEngine newEngine(CommandStream stream, EventSink sink, int maxOrders) {
        EngineConfig d = EngineConfig.defaults();
        return new MatchingEngine(new EngineConfig(maxOrders, Math.max(stream.symbolCount(), 1), d.bandLevels()), sink);
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
