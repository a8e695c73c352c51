package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import qsl.book.CommandDescriptor;
import qsl.book.MatchingEngine;

/**
 * Engine throughput: each invocation applies the next {@link #BATCH} commands of a pre-generated
 * {@link EngineWorkloads#cyclic cyclic} stream, so the score is nanoseconds per command and
 * {@code gc.alloc.rate.norm} is bytes per command. qsl's {@link MatchingEngine} and exchange-core's
 * direct order book (through {@link ExchangeCoreBooks}) replay the same records; generating the
 * stream and building the books happen in the trial setup, outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {
    /** Commands per invocation: enough that JMH's per-call overhead vanishes, few enough to sample finely. */
    public static final int BATCH = 1000;

    /** qsl's engine, built once per trial, replaying the stream round and round. */
    @State(Scope.Thread)
    public static class Qsl {
        @Param({EngineWorkloads.EXCHANGE_CORE_SHAPE})
        public String workload;
        /** Main-phase commands; 0: the workload's default ({@link EngineWorkloads#defaultCommands}). */
        @Param({"0"})
        public long commands;
        @Param({"1"})
        public long seed;
        /** Order slots; 0: {@code EngineConfig.defaults()}. */
        @Param({"0"})
        public int maxOrders;
        /** A workload replayed once before the measured one (a burst that may leave state behind); empty: none. */
        @Param({""})
        public String preburst;

        Arena arena;
        MatchingEngine engine;
        CountingSink sink;
        MemorySegment segment;
        long end;
        long cursor;

        @Setup(Level.Trial)
        public void setUp() {
            arena = Arena.ofShared();
            CommandStream stream = EngineWorkloads.load(workload, seed, commands, arena);
            sink = new CountingSink();
            engine = EngineWorkloads.newEngine(stream, sink, maxOrders > 0 ? maxOrders : qsl.book.EngineConfig.defaults().maxOrders());
            stream.register(engine);
            if (!preburst.isEmpty()) {
                CommandStream burst = EngineWorkloads.load(preburst, seed, commands, arena);
                burst.replay(engine);
                if (engine.restingOrders() != 0) throw new IllegalStateException("the burst left orders resting");
            }
            // One full cycle before measuring: checks the drain leaves the book empty, and warms up.
            stream.replay(engine);
            if (engine.restingOrders() != 0) {
                throw new IllegalStateException("cyclic stream left " + engine.restingOrders() + " resting orders");
            }
            segment = stream.commands();
            end = stream.bytes();
            cursor = 0;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            arena.close();
        }
    }

    /** exchange-core 0.5.3's direct order book, one per symbol, replaying the same stream. */
    @State(Scope.Thread)
    public static class ExchangeCore {
        @Param({EngineWorkloads.EXCHANGE_CORE_SHAPE})
        public String workload;
        @Param({"0"})
        public long commands;
        @Param({"1"})
        public long seed;

        Arena arena;
        ExchangeCoreBooks books;
        MemorySegment segment;
        long end;
        long cursor;

        @Setup(Level.Trial)
        public void setUp() {
            arena = Arena.ofShared();
            CommandStream stream = EngineWorkloads.load(workload, seed, commands, arena);
            ExchangeCoreBooks.check(stream.commands(), stream.count(), stream.symbolCount());
            books = EngineWorkloads.newPeer(stream);
            stream.replay(books);
            if (books.restingOrders() != 0) {
                throw new IllegalStateException("exchange-core kept " + books.restingOrders()
                        + " resting orders after a cycle: its matching diverged from qsl's on this stream");
            }
            segment = stream.commands();
            end = stream.bytes();
            cursor = 0;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long qsl(Qsl s) {
        MatchingEngine engine = s.engine;
        MemorySegment segment = s.segment;
        long end = s.end;
        long at = s.cursor;
        for (int i = 0; i < BATCH; i++) {
            engine.apply(segment, at);
            at += CommandDescriptor.LENGTH;
            if (at == end) {
                at = 0;
            }
        }
        s.cursor = at;
        return s.sink.checksum();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long exchangeCore(ExchangeCore s) {
        ExchangeCoreBooks books = s.books;
        MemorySegment segment = s.segment;
        long end = s.end;
        long at = s.cursor;
        for (int i = 0; i < BATCH; i++) {
            books.apply(segment, at);
            at += CommandDescriptor.LENGTH;
            if (at == end) {
                at = 0;
            }
        }
        s.cursor = at;
        return books.tradedQuantity();
    }
}
