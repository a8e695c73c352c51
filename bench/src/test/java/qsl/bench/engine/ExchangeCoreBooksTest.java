package qsl.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/**
 * The peer adapter really matches: it replays streams through exchange-core and produces the trades
 * qsl's engine produces on the same records.
 */
class ExchangeCoreBooksTest {

    @Test
    void replaysAGtcStreamThroughExchangeCoreAndTrades() {
        try (Arena arena = Arena.ofConfined()) {
            CommandStream stream = TestStreams.gtcOnly(11, 20_000, arena);
            ExchangeCoreBooks peer = new ExchangeCoreBooks(1);
            stream.replay(peer);
            assertTrue(peer.trades() > 1_000, "trades: " + peer.trades());
            assertEquals(0, peer.failedCommands());
            // Quantity is conserved: what was placed either traded (on both sides) or still rests.
            long placed = 0;
            for (long i = 0; i < stream.count(); i++) {
                placed += CommandDescriptor.quantity(stream.commands(), i * CommandDescriptor.LENGTH);
            }
            assertEquals(placed, 2 * peer.tradedQuantity() + peer.restingQuantity());
        }
    }

    @Test
    void qslAndExchangeCoreAgreeOnAGtcOnlyStream() {
        try (Arena arena = Arena.ofConfined()) {
            CommandStream stream = TestStreams.gtcOnly(12, 50_000, arena);
            CountingSink sink = new CountingSink();
            ExchangeCoreBooks peer = new ExchangeCoreBooks(1);
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                stream.replay(engine);
                stream.replay(peer);
                assertTrue(sink.trades() > 1_000);
                assertEquals(sink.trades(), peer.trades(), "trades (one per maker fill)");
                assertEquals(sink.tradedQuantity(), peer.tradedQuantity(), "traded quantity");
                assertEquals(engine.restingOrders(), peer.restingOrders(), "resting orders");
            }
        }
    }

    @Test
    void quantityAwareModifyReducesAndGrowsLikeQsl() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8L * CommandDescriptor.LENGTH, 64);
            int n = 0;
            CommandDescriptor.writeNewOrder(s, n++ * (long) CommandDescriptor.LENGTH, 0, 1, 0, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_010, 100);
            CommandDescriptor.writeModify(s, n++ * (long) CommandDescriptor.LENGTH, 0, 1, 0, 10_010, 40);            // reduce in place
            CommandDescriptor.writeNewOrder(s, n++ * (long) CommandDescriptor.LENGTH, 0, 2, 0, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_020, 30);
            CommandDescriptor.writeModify(s, n++ * (long) CommandDescriptor.LENGTH, 0, 2, 0, 10_015, 60);            // grow and reprice
            CommandDescriptor.writeNewOrder(s, n++ * (long) CommandDescriptor.LENGTH, 0, 3, 0, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10_020, 1_000);
            CommandStream stream = new CommandStream("hand", 0, s, n, n, List.of(SymbolSpec.open(0, 10_000)));
            ExchangeCoreBooks peer = new ExchangeCoreBooks(1).quantityAwareModify(true);
            CountingSink sink = new CountingSink();
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                stream.replay(engine);
            }
            stream.replay(peer);
            assertEquals(100, sink.tradedQuantity());
            assertEquals(2, sink.trades());
            assertEquals(sink.trades(), peer.trades());
            assertEquals(sink.tradedQuantity(), peer.tradedQuantity());
            assertEquals(2, peer.quantityChangingModifies());
            assertEquals(0, peer.restingOrders());
        }
    }

    @Test
    void refusesAStreamWithFillOrKill() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(2L * CommandDescriptor.LENGTH, 64);
            CommandDescriptor.writeNewOrder(s, 0, 0, 1, 0, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_010, 100);
            CommandDescriptor.writeNewOrder(s, CommandDescriptor.LENGTH, 0, 2, 0, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 10_010, 100);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExchangeCoreBooks.check(s, 2, 1));
            assertTrue(e.getMessage().contains("record 1 at offset " + CommandDescriptor.LENGTH), e.getMessage());
        }
    }
}
