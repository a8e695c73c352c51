package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import qsl.book.EngineConfig;
import qsl.book.EventSink;
import qsl.book.MatchingEngine;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.SymbolSpec;
import qsl.book.TimeInForce;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.gateway.pipeline.NodeState;

/**
 * The clustered node's state snapshot codec: a round trip, and a total decoder under mutated,
 * truncated and random bytes (every damaged snapshot rejected with a typed error), and under
 * damage behind a recomputed checksum (the section decoders answer, never an exception).
 */
class NodeSnapshotTest {
    private static final int FUZZ = Boolean.getBoolean("qsl.fuzz.long") || "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;
    private static final List<SymbolSpec> SYMBOLS = List.of(SymbolSpec.open(0, 10_000), SymbolSpec.open(1, 10_000));

    private static byte[] engineSection() {
        EngineConfig c = new EngineConfig(1 << 10, 2, 256);
        try (MatchingEngine e = new MatchingEngine(c, EventSink.NONE)) {
            for (SymbolSpec s : SYMBOLS) e.addSymbol(s);
            for (int i = 1; i <= 12; i++) {
                e.newOrder(i % 2, i, 1 + i % 3, i % 2 == 0 ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                        i % 2 == 0 ? 9_990 - i : 10_010 + i, 1 + i);
            }
            return EngineSnapshotCodec.encode(e, c, SYMBOLS, 77);
        }
    }

    private static SessionTable table() {
        SessionTable t = new SessionTable();
        t.applied(1, 5);
        t.applied(2, 9);
        t.applied(1, 7);
        return t;
    }

    /** A FIX section's bytes (checked by its own decoder when the service restores it, FixStateTest). */
    private static final byte[] FIX = {1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 8, 7};

    private static byte[] sample() {
        return NodeSnapshot.encode(engineSection(), NodeState.empty(), FIX, table());
    }

    @Test
    void roundTrip() {
        byte[] s = sample();
        SessionTable t = new SessionTable();
        NodeSnapshot.Checked c = NodeSnapshot.check(s, t);
        NodeSnapshot.Checked.Ok ok = assertInstanceOf(NodeSnapshot.Checked.Ok.class, c);
        assertArrayEquals(engineSection(), ok.engine());
        assertArrayEquals(NodeState.empty(), ok.state());
        assertArrayEquals(FIX, ok.fix());
        assertEquals(2, ok.sessions());
        assertEquals(7, t.lastToken(1));
        assertEquals(2, t.count(1));
        assertEquals(3, t.totalApplied());
        assertEquals(table().digest(), t.digest());
    }

    @Test
    void malformedSnapshotsGiveATypedErrorNeverAnException() {
        byte[] good = sample();
        SplittableRandom r = new SplittableRandom(42);
        int ok = 0;
        for (int i = 0; i < FUZZ; i++) {
            byte[] b;
            switch (i % 3) {
                case 0 -> { // flipped bytes
                    b = good.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
                case 1 -> b = java.util.Arrays.copyOf(good, r.nextInt(good.length)); // truncated
                default -> { // random bytes after a valid-looking header
                    b = new byte[r.nextInt(600)];
                    r.nextBytes(b);
                    if (b.length >= NodeSnapshotDescriptor.HEADER_LENGTH) System.arraycopy(good, 0, b, 0, 16);
                }
            }
            SessionTable t = new SessionTable();
            NodeSnapshot.Checked c = NodeSnapshot.check(b, t);
            assertNotNull(c);
            if (c instanceof NodeSnapshot.Checked.Ok) ok++;
            else assertEquals(0, t.size(), "a rejected snapshot restored part of the session table");
        }
        assertEquals(0, ok, "a damaged snapshot passed the checks");
    }

    @Test
    void damageBehindAValidChecksumReachesTheSectionDecodersAndNeverThrows() {
        byte[] good = sample();
        SplittableRandom r = new SplittableRandom(7);
        int rejected = 0;
        for (int i = 0; i < FUZZ; i++) {
            byte[] b = good.clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = NodeSnapshotDescriptor.HEADER_LENGTH + r.nextInt(b.length - NodeSnapshotDescriptor.HEADER_LENGTH);
                b[at] ^= (byte) (1 + r.nextInt(255));
            }
            CRC32C c = new CRC32C();
            c.update(b, NodeSnapshotDescriptor.HEADER_LENGTH, b.length - NodeSnapshotDescriptor.HEADER_LENGTH);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(NodeSnapshotDescriptor.CRC_OFFSET, (int) c.getValue());
            if (NodeSnapshot.check(b, new SessionTable()) instanceof NodeSnapshot.Checked.Malformed) rejected++;
        }
        // Some flips land in values any state may hold (a price, a token): those load; many do not.
        assertEquals(true, rejected > 0, "no damage was caught by the section decoders");
    }
}
