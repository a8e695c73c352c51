package qsl.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/** The replicated state without Aeron: idempotency, snapshots, and total decoding of requests and snapshots. */
class ReplicatedEngineTest {
    private static final int FUZZ = Math.max(100_000, Integer.getInteger("qsl.fuzz.count",
            "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000));

    private final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer response = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterResponseDescriptor.LENGTH));

    private int order(long session, long token, byte side, long price, long qty) {
        ClusterRequestDescriptor.writeHeader(request, 0, ClusterRequestDescriptor.COMMAND, session, token);
        byte[] cmd = new byte[CommandDescriptor.LENGTH];
        CommandDescriptor.writeNewOrder(java.lang.foreign.MemorySegment.ofArray(cmd), 0, 0,
                SimulatedTraders.orderId(session, token), (int) session, side, OrderType.LIMIT, TimeInForce.GTC, price, qty);
        request.putBytes(ClusterRequestDescriptor.COMMAND_OFFSET, cmd);
        return ClusterRequestDescriptor.COMMAND_LENGTH;
    }

    @Test
    void aTokenIsAppliedOnceAndTheReplayIsADuplicate() {
        try (ReplicatedEngine e = ReplicatedEngine.fresh(LocalCluster.CONFIG, LocalCluster.SYMBOLS, 0)) {
            e.handle(request, 0, order(7, 1, Side.BUY, 9_990, 5), 0, response);
            assertEquals(ClusterResponseDescriptor.APPLIED, ClusterResponseDescriptor.status(response, 0));
            assertEquals(ClusterResponseDescriptor.ACCEPTED, ClusterResponseDescriptor.outcome(response, 0));
            long digest = e.digest();
            e.handle(request, 0, order(7, 1, Side.BUY, 9_990, 5), 0, response);
            assertEquals(ClusterResponseDescriptor.DUPLICATE, ClusterResponseDescriptor.status(response, 0));
            assertEquals(digest, e.digest());
            assertEquals(1, e.restingOrders());
            e.handle(request, 0, order(8, 1, Side.SELL, 9_990, 2), 0, response);
            assertEquals(2, ClusterResponseDescriptor.c(response, 0), "filled quantity");
            assertEquals(2, e.applied());
            assertEquals(1, e.sessions().count(7));
            assertEquals(SessionTable.tokenMix(1), e.sessions().tokenHash(8));
        }
    }

    @Test
    void snapshotRestoresEngineAndSessions() {
        try (ReplicatedEngine e = ReplicatedEngine.fresh(LocalCluster.CONFIG, LocalCluster.SYMBOLS, 0)) {
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 1; i <= 500; i++) {
                e.handle(request, 0, order(1 + r.nextInt(5), i, r.nextBoolean() ? Side.BUY : Side.SELL, 9_990 + r.nextInt(20),
                        1 + r.nextInt(9)), 0, response);
            }
            byte[] snap = e.snapshot(1234);
            ReplicatedEngine.Restored restored = ReplicatedEngine.fromSnapshot(snap, 1);
            ReplicatedEngine copy = ((ReplicatedEngine.Restored.Ok) restored).engine();
            try (copy) {
                assertEquals(e.digest(), copy.digest());
                assertEquals(e.sessionDigest(), copy.sessionDigest());
                assertEquals(e.applied(), copy.applied());
                assertArrayEquals(snap, copy.snapshot(1234));
                // Both go on identically, duplicates included.
                for (int i = 490; i <= 520; i++) {
                    int len = order(1 + i % 5, i, i % 2 == 0 ? Side.BUY : Side.SELL, 10_000, 3);
                    e.handle(request, 0, len, 0, response);
                    copy.handle(request, 0, len, 0, response);
                }
                assertEquals(e.digest(), copy.digest());
                assertEquals(e.sessionDigest(), copy.sessionDigest());
            }
        }
    }

    @Test
    void malformedRequestsChangeNothing() {
        try (ReplicatedEngine e = ReplicatedEngine.fresh(LocalCluster.CONFIG, LocalCluster.SYMBOLS, 0)) {
            SplittableRandom r = new SplittableRandom(99);
            byte[] junk = new byte[256];
            long applied = 0;
            for (int i = 0; i < FUZZ; i++) {
                int len = r.nextInt(junk.length + 1);
                r.nextBytes(junk);
                if (r.nextInt(4) == 0) junk[0] = (byte) (1 + r.nextInt(3));
                request.putBytes(0, junk);
                e.handle(request, 0, len, i, response);
                if (ClusterResponseDescriptor.kind(response, 0) == ClusterRequestDescriptor.COMMAND
                        && ClusterResponseDescriptor.status(response, 0) == ClusterResponseDescriptor.APPLIED) {
                    applied++;
                } else {
                    byte status = ClusterResponseDescriptor.status(response, 0);
                    assertTrue(status == ClusterResponseDescriptor.NONE || status == ClusterResponseDescriptor.DUPLICATE
                            || status == ClusterResponseDescriptor.APPLIED);
                }
            }
            assertEquals(applied, e.applied());
        }
    }

    @Test
    void mutatedSnapshotsLoadOrAreRefusedNeverThrow() {
        byte[] snap;
        try (ReplicatedEngine e = ReplicatedEngine.fresh(LocalCluster.CONFIG, LocalCluster.SYMBOLS, 0)) {
            for (int i = 1; i <= 40; i++) e.handle(request, 0, order(1 + i % 3, i, i % 2 == 0 ? Side.BUY : Side.SELL, 9_980 + i, 2), 0, response);
            snap = e.snapshot(1);
        }
        SplittableRandom r = new SplittableRandom(17);
        int ok = 0;
        for (int i = 0; i < FUZZ; i++) {
            byte[] m;
            switch (r.nextInt(3)) {
                case 0 -> {
                    m = snap.clone();
                    for (int k = 1 + r.nextInt(3); k > 0; k--) m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> m = java.util.Arrays.copyOf(snap, r.nextInt(snap.length + 64));
                default -> {
                    m = new byte[r.nextInt(512)];
                    r.nextBytes(m);
                    if (m.length >= 32 && r.nextBoolean()) System.arraycopy(snap, 0, m, 0, 32);
                }
            }
            ReplicatedEngine.Restored res = ReplicatedEngine.fromSnapshot(m, 0);
            if (res instanceof ReplicatedEngine.Restored.Ok o) {
                ok++;
                o.engine().close();
            }
        }
        assertTrue(ok < FUZZ);
    }
}
