package qsl.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import qsl.book.MatchingEngine;

/**
 * The benchmark's streams are what the benchmark assumes: cyclic (two passes on one engine trade
 * alike and leave the book empty), free of rejects, and matched identically by qsl and by
 * exchange-core through the adapter.
 */
class EngineWorkloadsTest {
    static final long MAIN_COMMANDS = 60_000;

    static Iterable<String> workloads() {
        return EngineWorkloads.names();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void streamIsCyclicOnQsl(String workload) {
        try (Arena arena = Arena.ofShared()) {
            CommandStream stream = EngineWorkloads.cyclic(workload, 3, MAIN_COMMANDS, arena);
            CountingSink sink = new CountingSink();
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                stream.replay(engine);
                long trades = sink.trades();
                long quantity = sink.tradedQuantity();
                assertEquals(0, engine.restingOrders(), "book empty after one pass");
                assertEquals(0, sink.rejects(), "no command refused");
                assertTrue(trades > MAIN_COMMANDS / 200, "trades: " + trades);
                stream.replay(engine);
                assertEquals(0, engine.restingOrders(), "book empty after the second pass");
                assertEquals(2 * trades, sink.trades(), "second pass trades as the first");
                assertEquals(2 * quantity, sink.tradedQuantity());
                assertEquals(0, sink.rejects());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void exchangeCoreMatchesLikeQsl(String workload) {
        try (Arena arena = Arena.ofShared()) {
            CommandStream stream = EngineWorkloads.cyclic(workload, 4, MAIN_COMMANDS, arena);
            ExchangeCoreBooks.check(stream.commands(), stream.count(), stream.symbolCount());
            CountingSink sink = new CountingSink();
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                stream.replay(engine);
            }
            ExchangeCoreBooks peer = EngineWorkloads.newPeer(stream);
            stream.replay(peer);
            assertEquals(0, peer.failedCommands(), "exchange-core refused a command");
            assertEquals(sink.trades(), peer.trades(), "trades (one per maker fill)");
            assertEquals(sink.tradedQuantity(), peer.tradedQuantity(), "traded quantity");
            assertEquals(0, peer.restingOrders(), "exchange-core book empty after the pass");
            // The workload's moves carry the open quantity, so the peer needs no look-up per move.
            ExchangeCoreBooks probe = new ExchangeCoreBooks(stream.symbolCount()).quantityAwareModify(true);
            stream.replay(probe);
            assertEquals(0, probe.quantityChangingModifies());
        }
    }
}
