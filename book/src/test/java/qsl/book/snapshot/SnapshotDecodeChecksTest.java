package qsl.book.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static qsl.book.snapshot.EngineSnapshotDescriptor.*;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;

/**
 * Every check of {@link EngineSnapshotCodec#decode} fed one bad value under a valid checksum (so
 * the structural check itself, not the CRC, must catch it), at the offset it must name, with the
 * accepted value at each boundary; and the round trip of every header and symbol field.
 *
 * <p>The snapshot: config 64/4/64; symbol 0 (tick 1, quantities 1..1000, notional 1e6, collar 7,
 * reference 100) with bids #1 3@100, #2 4@100, #3 5@99 and asks #4 6@101, #5 7@103; symbol 1
 * (tick 5, quantities 2..500, notional 900,000, collar 30, reference 505, last trade 505) with
 * bid #6 10@500 and ask #7 20@510.
 */
class SnapshotDecodeChecksTest {
    static final EngineConfig CONFIG = new EngineConfig(64, 4, 64);
    static final SymbolSpec S0 = new SymbolSpec(0, 1, 1, 1000, 1_000_000, 7, 100);
    static final SymbolSpec S1 = new SymbolSpec(1, 5, 2, 500, 900_000, 30, 505);
    static final int SYM0 = HEADER_LENGTH;
    static final int SYM1 = order0(5);

    /** Offset of symbol 0's order {@code k} (0..4). */
    static int order0(int k) {
        return SYM0 + SYMBOL_LENGTH + k * ORDER_LENGTH;
    }

    /** Offset of symbol 1's order {@code k} (0..1). */
    static int order1(int k) {
        return SYM1 + SYMBOL_LENGTH + k * ORDER_LENGTH;
    }

    static MatchingEngine live() {
        MatchingEngine e = new MatchingEngine(CONFIG, EventSink.NONE);
        e.addSymbol(S0);
        e.addSymbol(S1);
        e.newOrder(1, 8, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 505, 2);
        e.newOrder(1, 9, 4, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 505, 2); // last trade 505
        e.newOrder(0, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 3);
        e.newOrder(0, 2, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 4);
        e.newOrder(0, 3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 99, 5);
        e.newOrder(0, 4, 2, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 101, 6);
        e.newOrder(0, 5, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 103, 7);
        e.newOrder(1, 6, 5, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 500, 10);
        e.newOrder(1, 7, 6, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 510, 20);
        return e;
    }

    static byte[] valid() {
        try (MatchingEngine e = live()) {
            return EngineSnapshotCodec.encode(e, CONFIG, List.of(S0, S1), 17);
        }
    }

    static byte[] withLong(int at, long v) {
        byte[] b = valid();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
        return b;
    }

    static byte[] withInt(int at, int v) {
        byte[] b = valid();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return b;
    }

    static byte[] sealed(byte[] b) {
        if (b.length < HEADER_LENGTH) return b;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(BODY_CRC_OFFSET, EngineSnapshotCodec.checksum(b));
        return b;
    }

    /** Decode names {@code offset}; restore names it too and leaves a fresh engine untouched. */
    static void malformedAt(long offset, byte[] bytes) {
        byte[] b = sealed(bytes);
        EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(b);
        assertEquals(offset, assertInstanceOf(EngineSnapshotCodec.Decoded.Malformed.class, d, d.toString()).offset(), d.toString());
        try (MatchingEngine fresh = new MatchingEngine(CONFIG, EventSink.NONE)) {
            long before = fresh.digest();
            EngineSnapshotCodec.Restored r = EngineSnapshotCodec.restore(b, fresh);
            EngineSnapshotCodec.Restored.Malformed m = assertInstanceOf(EngineSnapshotCodec.Restored.Malformed.class, r);
            assertEquals(offset, m.offset());
            assertEquals(((EngineSnapshotCodec.Decoded.Malformed) d).reason(), m.reason());
            assertEquals(before, fresh.digest());
            assertEquals(0, fresh.restingOrders());
        }
    }

    /** Decodes, and restores into a fresh engine of the decoded config; returns the restored engine. */
    static MatchingEngine decodes(byte[] bytes) {
        byte[] b = sealed(bytes);
        EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(b);
        EngineSnapshotCodec.Header h = assertInstanceOf(EngineSnapshotCodec.Decoded.Ok.class, d, d.toString()).header();
        MatchingEngine fresh = new MatchingEngine(h.config(), EventSink.NONE);
        EngineSnapshotCodec.Restored r = EngineSnapshotCodec.restore(b, fresh);
        assertEquals(h, assertInstanceOf(EngineSnapshotCodec.Restored.Ok.class, r).header());
        assertEquals(h.totalOrders(), fresh.restingOrders());
        return fresh;
    }

    @Test
    void everyHeaderAndSymbolFieldRoundTrips() {
        byte[] b = valid();
        assertEquals(order1(2), b.length);
        EngineSnapshotCodec.Header h = ((EngineSnapshotCodec.Decoded.Ok) EngineSnapshotCodec.decode(b)).header();
        assertEquals(CONFIG, h.config());
        assertEquals(17, h.logSequence());
        assertEquals(9, h.engineLastSequence());
        assertEquals(List.of(S0, S1), h.symbols(), "tick, quantities, notional, collar and reference price, each from its own offset");
        assertEquals(7, h.totalOrders());
        try (MatchingEngine live = live(); MatchingEngine copy = decodes(b)) {
            assertEquals(live.digest(), copy.digest());
            assertEquals(9, copy.lastSequence());
            assertEquals(505, copy.lastTradePrice(1));
            assertEquals(0, copy.lastTradePrice(0));
            assertEquals(100, copy.bestBid(0));
            assertEquals(101, copy.bestAsk(0));
            assertEquals(500, copy.bestBid(1));
            assertEquals(510, copy.bestAsk(1));
            // The restored rules are live: symbol 1's collar (30 around 505) and tick, symbol 0's notional.
            copy.newOrder(1, 50, 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 470, 2);
            copy.newOrder(1, 51, 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 476, 2);
            copy.newOrder(0, 53, 0, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1001, 1000);
            assertEquals(7, copy.restingOrders(), "each of the three is refused by a restored rule");
            copy.newOrder(0, 52, 0, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1000, 1000);
            assertEquals(8, copy.restingOrders(), "a notional exactly at the maximum is accepted");
            copy.newOrder(1, 54, 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 475, 2);
            assertEquals(9, copy.restingOrders(), "exactly the collar away is accepted");
        }
    }

    @Test
    void symbolsGivenOutOfIdOrderEncodeTheSameBytes() {
        try (MatchingEngine e = live()) {
            assertArrayEquals(valid(), EngineSnapshotCodec.encode(e, CONFIG, List.of(S1, S0), 17));
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> EngineSnapshotCodec.encode(e, CONFIG, List.of(S1), 17));
            assertEquals("engine reported 7 resting orders but its books hold 2 (symbols not all listed?)", x.getMessage());
        }
    }

    @Test
    void anEngineThatVisitsMoreOrdersThanItReportsIsRefused() {
        try (MatchingEngine e = live()) {
            Engine lying = (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("restingOrders")) return 6;
                        try {
                            return method.invoke(e, args);
                        } catch (java.lang.reflect.InvocationTargetException t) {
                            throw t.getCause();
                        }
                    });
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> EngineSnapshotCodec.encode(lying, CONFIG, List.of(S0, S1), 17));
            assertEquals("engine visited more orders than restingOrders() reported", x.getMessage());
        }
    }

    @Test
    void headerChecks() {
        malformedAt(MAGIC_OFFSET, withLong(MAGIC_OFFSET, MAGIC + 1));
        malformedAt(VERSION_OFFSET, withInt(VERSION_OFFSET, VERSION + 1));
        malformedAt(MAX_ORDERS_OFFSET, withInt(MAX_ORDERS_OFFSET, 0));
        malformedAt(MAX_ORDERS_OFFSET, withInt(MAX_SYMBOLS_OFFSET, 0));
        malformedAt(MAX_ORDERS_OFFSET, withInt(BAND_LEVELS_OFFSET, 32));
        malformedAt(MAX_ORDERS_OFFSET, withInt(BAND_LEVELS_OFFSET, 96));
        try (MatchingEngine e = decodes(withInt(BAND_LEVELS_OFFSET, 128))) {
            assertEquals(new EngineConfig(64, 4, 128), e.config());
        }
        malformedAt(SYMBOL_COUNT_OFFSET, withInt(SYMBOL_COUNT_OFFSET, -1));
        malformedAt(SYMBOL_COUNT_OFFSET, withInt(MAX_SYMBOLS_OFFSET, 1));
        try (MatchingEngine e = decodes(withInt(MAX_SYMBOLS_OFFSET, 2))) {
            assertEquals(new EngineConfig(64, 2, 64), e.config(), "as many symbols as maxSymbols");
        }
        malformedAt(TOTAL_ORDERS_OFFSET, withLong(TOTAL_ORDERS_OFFSET, -1));
        malformedAt(TOTAL_ORDERS_OFFSET, withInt(MAX_ORDERS_OFFSET, 6));
        try (MatchingEngine e = decodes(withInt(MAX_ORDERS_OFFSET, 7))) {
            assertEquals(7, e.restingOrders(), "as many orders as maxOrders");
        }
        malformedAt(LOG_SEQUENCE_OFFSET, withLong(LOG_SEQUENCE_OFFSET, -1));
        malformedAt(LOG_SEQUENCE_OFFSET, withLong(ENGINE_SEQUENCE_OFFSET, -1));
        malformedAt(LOG_SEQUENCE_OFFSET, withLong(ENGINE_SEQUENCE_OFFSET, Long.MAX_VALUE));
        try (MatchingEngine e = decodes(withLong(ENGINE_SEQUENCE_OFFSET, Long.MAX_VALUE - 1))) {
            assertEquals(Long.MAX_VALUE - 1, e.lastSequence());
        }
        try (MatchingEngine e = decodes(withLong(ENGINE_SEQUENCE_OFFSET, 0))) {
            assertEquals(0, e.lastSequence());
        }
        assertEquals(0, ((EngineSnapshotCodec.Decoded.Ok) EngineSnapshotCodec.decode(sealed(withLong(LOG_SEQUENCE_OFFSET, 0))))
                .header().logSequence());
        malformedAt(0, Arrays.copyOf(valid(), order1(2) + 1));
        malformedAt(0, Arrays.copyOf(valid(), order1(1)));
        malformedAt(0, Arrays.copyOf(valid(), HEADER_LENGTH - 1));
        // The checksum itself: a changed body with the old checksum.
        byte[] b = withLong(order0(0) + ORDER_QUANTITY_OFFSET, 2);
        assertEquals(BODY_CRC_OFFSET, ((EngineSnapshotCodec.Decoded.Malformed) EngineSnapshotCodec.decode(b)).offset());
    }

    @Test
    void symbolIdsMustAscendBelowMaxSymbols() {
        malformedAt(SYM1, withInt(SYM1 + SYMBOL_ID_OFFSET, 0));      // a duplicate id
        malformedAt(SYM1, withInt(SYM0 + SYMBOL_ID_OFFSET, 1));      // 1, 1
        malformedAt(SYM0, withInt(SYM0 + SYMBOL_ID_OFFSET, -1));
        byte[] atMax = withInt(SYM1 + SYMBOL_ID_OFFSET, 2);          // id == maxSymbols
        ByteBuffer.wrap(atMax).order(ByteOrder.LITTLE_ENDIAN).putInt(MAX_SYMBOLS_OFFSET, 2);
        malformedAt(SYM1, atMax);
        try (MatchingEngine e = decodes(withInt(SYM1 + SYMBOL_ID_OFFSET, 3))) {   // a gap, below maxSymbols 4
            assertEquals(510, e.bestAsk(3));
            assertEquals(0, e.bestAsk(1));
        }
    }

    @Test
    void symbolRuleChecks() {
        int spec = SYM0 + SYMBOL_SPEC_OFFSET;
        malformedAt(spec, withLong(spec, 0));                // tick
        malformedAt(spec, withLong(spec + 8, 0));            // min quantity
        malformedAt(spec, withLong(spec + 16, 0));           // max below min
        malformedAt(spec, withLong(spec + 24, 0));           // max notional
        malformedAt(spec, withLong(spec + 32, -1));          // collar
        malformedAt(spec, withLong(spec + 40, -1));          // reference price
        assertEquals(new SymbolSpec(0, 1, 1000, 1000, 1, 0, 0), restoredSpec0(spec + 8, 1000, spec + 24, 1, spec + 32, 0, spec + 40, 0),
                "the smallest accepted values; min quantity equal to max");
        long most = Long.MAX_VALUE / CONFIG.maxOrders();
        malformedAt(spec + 16, withLong(spec + 16, most + 1));
        assertEquals(most, restoredSpec0(spec + 16, most).maxQuantity());
        int last = SYM1 + SYMBOL_LAST_TRADE_OFFSET;
        malformedAt(last, withLong(last, 507));
        malformedAt(last, withLong(last, -5));
        try (MatchingEngine e = decodes(withLong(last, 0))) {
            assertEquals(0, e.lastTradePrice(1));
        }
        try (MatchingEngine e = decodes(withLong(last, 5))) {
            assertEquals(5, e.lastTradePrice(1));
        }
    }

    /** Symbol 0's rules after writing {@code (offset, value)} pairs: decoded and registered on a restored engine. */
    private static SymbolSpec restoredSpec0(long... offsetValuePairs) {
        byte[] b = valid();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < offsetValuePairs.length; i += 2) buf.putLong((int) offsetValuePairs[i], offsetValuePairs[i + 1]);
        try (MatchingEngine e = decodes(b)) {
            return ((EngineSnapshotCodec.Decoded.Ok) EngineSnapshotCodec.decode(b)).header().symbols().get(0);
        }
    }

    @Test
    void orderCountChecks() {
        malformedAt(SYM0 + SYMBOL_ORDER_COUNT_OFFSET, withLong(SYM0 + SYMBOL_ORDER_COUNT_OFFSET, -1));
        malformedAt(SYM1 + SYMBOL_ORDER_COUNT_OFFSET, withLong(SYM1 + SYMBOL_ORDER_COUNT_OFFSET, 3)); // 5 + 3 > 7
        malformedAt(TOTAL_ORDERS_OFFSET, withLong(SYM1 + SYMBOL_ORDER_COUNT_OFFSET, 1));             // 6 listed of 7
        malformedAt(SYM0 + SYMBOL_ORDER_COUNT_OFFSET, withLong(SYM0 + SYMBOL_ORDER_COUNT_OFFSET, 8));
    }

    @Test
    void orderFieldChecks() {
        int o = order0(0);
        malformedAt(o + ORDER_SIDE_OFFSET, withInt(o + ORDER_SIDE_OFFSET, 2));
        malformedAt(o + ORDER_SIDE_OFFSET, withInt(o + ORDER_SIDE_OFFSET, 0x100));   // a reserved byte set
        malformedAt(o, withLong(o + ORDER_PRICE_OFFSET, 0));
        malformedAt(o, withLong(o + ORDER_PRICE_OFFSET, -100));
        malformedAt(o, withLong(o + ORDER_QUANTITY_OFFSET, 0));
        malformedAt(o, withLong(o + ORDER_QUANTITY_OFFSET, -3));
        malformedAt(o + ORDER_QUANTITY_OFFSET, withLong(o + ORDER_QUANTITY_OFFSET, 1001));
        try (MatchingEngine e = decodes(withLong(o + ORDER_QUANTITY_OFFSET, 1000))) {
            assertEquals(1, e.restingOrders() - 6);
        }
        int p = order1(0);
        malformedAt(p + ORDER_PRICE_OFFSET, withLong(p + ORDER_PRICE_OFFSET, 502));  // off symbol 1's tick of 5
        try (MatchingEngine e = decodes(withLong(p + ORDER_PRICE_OFFSET, 505))) {
            assertEquals(505, e.bestBid(1));
        }
        // Duplicate order ids across symbols (restore would throw on the second).
        malformedAt(HEADER_LENGTH, withLong(order1(1) + ORDER_ID_OFFSET, 1));
        try (MatchingEngine e = decodes(withLong(order1(1) + ORDER_ID_OFFSET, Long.MIN_VALUE))) {
            assertEquals(7, e.restingOrders(), "any other id");
        }
    }

    @Test
    void ordersMustBeInBookOrderAndUncrossed() {
        malformedAt(order0(2) + ORDER_PRICE_OFFSET, withLong(order0(2) + ORDER_PRICE_OFFSET, 101)); // bids rising
        malformedAt(order0(4) + ORDER_PRICE_OFFSET, withLong(order0(4) + ORDER_PRICE_OFFSET, 100)); // asks falling
        malformedAt(order0(3) + ORDER_PRICE_OFFSET, withLong(order0(3) + ORDER_PRICE_OFFSET, 100)); // ask at the best bid
        try (MatchingEngine e = decodes(withLong(order0(2) + ORDER_PRICE_OFFSET, 100))) {          // bids may be equal
            assertEquals(100, e.bestBid(0));
        }
        try (MatchingEngine e = decodes(withLong(order0(4) + ORDER_PRICE_OFFSET, 101))) {          // asks too
            assertEquals(101, e.bestAsk(0));
        }
        // Symbol 1 listed ask first, then bid: a bid after an ask.
        byte[] swapped = valid();
        byte[] first = Arrays.copyOfRange(swapped, order1(0), order1(1));
        System.arraycopy(swapped, order1(1), swapped, order1(0), ORDER_LENGTH);
        System.arraycopy(first, 0, swapped, order1(1), ORDER_LENGTH);
        malformedAt(order1(1) + ORDER_PRICE_OFFSET, swapped);
        // An ask-only book (symbol 1's bid turned into a second ask above the first): no best bid to cross.
        byte[] asksOnly = withInt(order1(0) + ORDER_SIDE_OFFSET, Side.SELL);
        ByteBuffer.wrap(asksOnly).order(ByteOrder.LITTLE_ENDIAN).putLong(order1(0) + ORDER_PRICE_OFFSET, 5);
        try (MatchingEngine e = decodes(asksOnly)) {
            assertEquals(5, e.bestAsk(1));
            assertEquals(0, e.bestBid(1));
        }
    }
}
