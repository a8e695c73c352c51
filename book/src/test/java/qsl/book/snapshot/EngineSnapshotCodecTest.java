package qsl.book.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
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
import qsl.book.TestFlow;

/** A snapshot restores the exact state (priority included), and malformed bytes are named, never thrown. */
class EngineSnapshotCodecTest {
    static final EngineConfig CONFIG = new EngineConfig(1 << 14, 16, 1024);

    @Test
    void restoredEngineHasTheSameDigestAndBehavesIdenticallyAfterwards() {
        try (Arena arena = Arena.ofConfined()) {
            TestFlow w = TestFlow.generate(42, 8, 20_000, arena);
            for (int cut : new int[] {0, 1, 137, w.count() / 2, w.count() - 1}) {
                try (MatchingEngine live = engine(w)) {
                    for (int i = 0; i < cut; i++) live.apply(w.commands(), TestFlow.offset(i));
                    byte[] snap = EngineSnapshotCodec.encode(live, CONFIG, w.symbols(), cut);
                    EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(snap);
                    EngineSnapshotCodec.Header h = assertInstanceOf(EngineSnapshotCodec.Decoded.Ok.class, d, d.toString()).header();
                    assertEquals(cut, h.logSequence());
                    assertEquals(live.lastSequence(), h.engineLastSequence());
                    assertEquals(CONFIG, h.config());
                    assertEquals(live.restingOrders(), h.totalOrders());
                    try (MatchingEngine copy = new MatchingEngine(h.config(), EventSink.NONE)) {
                        assertInstanceOf(EngineSnapshotCodec.Restored.Ok.class, EngineSnapshotCodec.restore(snap, copy));
                        assertEquals(live.digest(), copy.digest(), "cut " + cut);
                        for (int i = cut; i < w.count(); i++) {
                            live.apply(w.commands(), TestFlow.offset(i));
                            copy.apply(w.commands(), TestFlow.offset(i));
                        }
                        assertEquals(live.digest(), copy.digest(), "after replaying the rest from cut " + cut);
                        assertEquals(live.lastSequence(), copy.lastSequence());
                        assertTrue(Arrays.equals(EngineSnapshotCodec.encode(live, CONFIG, w.symbols(), 9),
                                EngineSnapshotCodec.encode(copy, CONFIG, w.symbols(), 9)), "byte-identical snapshots");
                    }
                }
            }
        }
    }

    @Test
    void everyCorruptionAndTruncationIsMalformedAndLeavesTheEngineAlone() {
        byte[] snap;
        try (Arena arena = Arena.ofConfined()) {
            TestFlow w = TestFlow.generate(7, 1, 200, arena);
            try (MatchingEngine live = engine(w)) {
                for (int i = 0; i < 60; i++) live.apply(w.commands(), TestFlow.offset(i));
                snap = EngineSnapshotCodec.encode(live, CONFIG, w.symbols(), 60);
            }
        }
        for (int i = 0; i < snap.length; i++) {
            if (i >= 60 && i < 64) continue; // reserved word after the checksum: not read
            byte[] copy = snap.clone();
            copy[i] ^= (byte) (1 << (i % 8));
            EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(copy);
            assertInstanceOf(EngineSnapshotCodec.Decoded.Malformed.class, d, "flip at " + i);
            try (MatchingEngine fresh = new MatchingEngine(CONFIG, EventSink.NONE)) {
                long before = fresh.digest();
                assertInstanceOf(EngineSnapshotCodec.Restored.Malformed.class, EngineSnapshotCodec.restore(copy, fresh));
                assertEquals(before, fresh.digest(), "a malformed snapshot touches nothing");
            }
        }
        for (int len = 0; len < snap.length; len += 7) {
            assertInstanceOf(EngineSnapshotCodec.Decoded.Malformed.class, EngineSnapshotCodec.decode(Arrays.copyOf(snap, len)));
        }
    }

    /** Two symbols, three accounts, several levels per side, a partly filled order. */
    static MatchingEngine withAccounts(EngineConfig config) {
        MatchingEngine e = new MatchingEngine(config, EventSink.NONE);
        e.addSymbol(SymbolSpec.open(0, 100));
        e.addSymbol(new SymbolSpec(1, 5, 1, 1000, Long.MAX_VALUE, 50, 500));
        for (int i = 0; i < 12; i++) {
            e.newOrder(0, 100 + i, i % 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 95 + i % 4, 1 + i);
            e.newOrder(0, 200 + i, (i + 1) % 3, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 101 + i % 5, 2 + i);
            e.newOrder(1, 300 + i, (i + 2) % 3, i % 2 == 0 ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                    i % 2 == 0 ? 480 - 5 * (i % 3) : 520 + 5 * (i % 3), 3);
        }
        e.newOrder(0, 999, 2, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 101, 1); // part-fills an ask
        return e;
    }

    static final List<SymbolSpec> ACCOUNT_SYMBOLS =
            List.of(SymbolSpec.open(0, 100), new SymbolSpec(1, 5, 1, 1000, Long.MAX_VALUE, 50, 500));

    @Test
    void accountsSurviveTheRoundTripAndVersionOneIsRefused() {
        try (MatchingEngine live = withAccounts(CONFIG)) {
            byte[] snap = EngineSnapshotCodec.encode(live, CONFIG, ACCOUNT_SYMBOLS, 5);
            assertEquals(2, EngineSnapshotDescriptor.VERSION);
            try (MatchingEngine copy = new MatchingEngine(CONFIG, EventSink.NONE)) {
                assertInstanceOf(EngineSnapshotCodec.Restored.Ok.class, EngineSnapshotCodec.restore(snap, copy));
                assertEquals(live.digest(), copy.digest(), "the digest covers every order's account");
                for (int account = 0; account < 3; account++) {
                    live.massCancel(account, Engine.ALL_SYMBOLS);
                    copy.massCancel(account, Engine.ALL_SYMBOLS);
                    assertEquals(live.digest(), copy.digest(), "after mass-cancelling account " + account);
                }
                assertEquals(0, copy.restingOrders());
            }
            // The same bytes with one order's account changed (checksum fixed) restore to another digest.
            ByteBuffer b = ByteBuffer.wrap(snap).order(ByteOrder.LITTLE_ENDIAN);
            int firstOrder = EngineSnapshotDescriptor.HEADER_LENGTH + EngineSnapshotDescriptor.SYMBOL_LENGTH;
            b.putInt(firstOrder + EngineSnapshotDescriptor.ORDER_ACCOUNT_OFFSET, 77);
            b.putInt(EngineSnapshotDescriptor.BODY_CRC_OFFSET, EngineSnapshotCodec.checksum(snap));
            try (MatchingEngine copy = new MatchingEngine(CONFIG, EventSink.NONE)) {
                assertInstanceOf(EngineSnapshotCodec.Restored.Ok.class, EngineSnapshotCodec.restore(snap, copy));
                assertNotEquals(live.digest(), copy.digest());
            }
            b.putInt(EngineSnapshotDescriptor.VERSION_OFFSET, 1);
            b.putInt(EngineSnapshotDescriptor.BODY_CRC_OFFSET, EngineSnapshotCodec.checksum(snap));
            EngineSnapshotCodec.Decoded d = EngineSnapshotCodec.decode(snap);
            assertEquals(EngineSnapshotDescriptor.VERSION_OFFSET,
                    assertInstanceOf(EngineSnapshotCodec.Decoded.Malformed.class, d).offset());
        }
    }

    /**
     * Decoding is total: {@code qsl.fuzz} inputs (100,000; 10,000,000 with {@code -Dqsl.fuzz=long})
     * made by mutating a valid snapshot (bytes, words, lengths), half of them with the checksum
     * recomputed so the structural checks are reached. No input may throw; every input that
     * decodes restores into a fresh engine without throwing and with the header's order count.
     */
    @Test
    void fuzzedSnapshotsNeverThrow() {
        long inputs = "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000L : 100_000L;
        EngineConfig small = new EngineConfig(64, 2, 64);
        byte[] valid;
        try (MatchingEngine live = withAccounts(small)) {
            valid = EngineSnapshotCodec.encode(live, small, ACCOUNT_SYMBOLS, 3);
        }
        long[] interesting = {0, 1, -1, 2, Long.MAX_VALUE, Long.MIN_VALUE, 64, 100, 101, 5};
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261130L);
        long ok = 0;
        long restored = 0;
        for (long n = 0; n < inputs; n++) {
            byte[] in = valid.clone();
            int mutations = 1 + r.nextInt(4);
            for (int m = 0; m < mutations && in.length >= 8; m++) {
                switch (r.nextInt(6)) {
                    case 0 -> in[r.nextInt(in.length)] = (byte) r.nextInt(256);
                    case 1 -> in[r.nextInt(in.length)] ^= (byte) (1 << r.nextInt(8));
                    case 2 -> {
                        int at = r.nextInt(in.length / 8) * 8;
                        ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).putLong(at, interesting[r.nextInt(interesting.length)]);
                    }
                    case 3 -> {
                        int from = r.nextInt(in.length / 8) * 8;
                        int to = r.nextInt(in.length / 8) * 8;
                        System.arraycopy(in, from, in, to, 8);
                    }
                    case 4 -> in = Arrays.copyOf(in, r.nextInt(in.length + 40));
                    default -> {
                        int at = r.nextInt(in.length / 4) * 4;
                        ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) interesting[r.nextInt(interesting.length)]);
                    }
                }
            }
            if (r.nextBoolean() && in.length >= EngineSnapshotDescriptor.HEADER_LENGTH) {
                ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).putInt(EngineSnapshotDescriptor.BODY_CRC_OFFSET,
                        EngineSnapshotCodec.checksum(in));
            }
            EngineSnapshotCodec.Decoded d;
            try {
                d = EngineSnapshotCodec.decode(in);
            } catch (RuntimeException e) {
                throw new AssertionError("decode threw on input " + n + ": " + HexFormat.of().formatHex(in), e);
            }
            if (d instanceof EngineSnapshotCodec.Decoded.Ok(EngineSnapshotCodec.Header h)) {
                ok++;
                if (!h.config().equals(small)) continue; // a config the fuzzer invented may be huge: do not allocate it
                try (Arena arena = Arena.ofConfined()) {
                    MatchingEngine fresh = new MatchingEngine(small, EventSink.NONE, arena);
                    EngineSnapshotCodec.Restored res;
                    try {
                        res = EngineSnapshotCodec.restore(in, fresh);
                    } catch (RuntimeException e) {
                        throw new AssertionError("restore threw on input " + n + ": " + HexFormat.of().formatHex(in), e);
                    }
                    assertInstanceOf(EngineSnapshotCodec.Restored.Ok.class, res);
                    assertEquals(h.totalOrders(), fresh.restingOrders());
                    restored++;
                }
            }
        }
        System.out.println("snapshot fuzz: " + inputs + " inputs, " + ok + " decoded, " + restored + " restored");
        assertTrue(restored > 0, "the fuzzer never produced a restorable snapshot");
    }

    private static MatchingEngine engine(TestFlow w) {
        MatchingEngine e = new MatchingEngine(CONFIG, EventSink.NONE);
        for (SymbolSpec s : w.symbols()) e.addSymbol(s);
        return e;
    }
}
