package qsl.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * {@link StateDigest} is FNV-1a 64 over each long's 8 bytes, little-endian: known answers computed
 * outside Java (so the digest is the same function on every machine and in every release, which
 * recorded digests such as the demo's rely on).
 */
class StateDigestTest {
    @Test
    void knownAnswers() {
        assertEquals(0xcbf29ce484222325L, new StateDigest().value(), "the offset basis");
        assertEquals(0xa8c7f832281a39c5L, new StateDigest().mix(0).value());
        assertEquals(0x0c6d4496e17859d5L, new StateDigest().mix(0x0102030405060708L).value(), "low byte first");
        assertEquals(0x8cf51a8bfca3883dL, new StateDigest().mix(-1).value());
        assertEquals(0xda2bfb225e0d1f05L, new StateDigest().mix(1).mix(2).mix(3).value());
        assertEquals(0x9475d8ef807c15e1L, new StateDigest().mix(Long.MIN_VALUE).mix(42).mix(-7).value());
    }

    @Test
    void resetStartsOverAndOrderMatters() {
        StateDigest d = new StateDigest();
        long once = d.mix(1).mix(2).value();
        assertSame(d, d.reset());
        assertEquals(0xcbf29ce484222325L, d.value());
        assertEquals(once, d.mix(1).mix(2).value());
        assertNotEquals(once, d.reset().mix(2).mix(1).value());
    }

    @Test
    void theEngineDigestCoversEveryOrdersQuantityAndAccount() {
        long[] digests = new long[4];
        for (int variant = 0; variant < 4; variant++) {
            try (MatchingEngine e = new MatchingEngine(new EngineConfig(8, 1, 64), EventSink.NONE)) {
                e.addSymbol(SymbolSpec.open(0, 100));
                e.newOrder(0, 1, variant == 1 ? 5 : 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 2);
                e.newOrder(0, 2, 0, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, variant == 2 ? 4 : 3);
                if (variant == 3) e.restoreLastTradePrice(0, 100);
                digests[variant] = e.digest();
            }
        }
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++) assertNotEquals(digests[i], digests[j], "variants " + i + " and " + j);
    }
}
