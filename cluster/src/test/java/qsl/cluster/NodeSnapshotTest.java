package qsl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import qsl.gateway.SessionCommandDescriptor;

/** The clustered node's snapshot codec: a round trip, and a total decoder under mutated, truncated and random bytes. */
class NodeSnapshotTest {
    private static final int FUZZ = Boolean.getBoolean("qsl.fuzz.long") || "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;

    private static byte[] sample(int records) {
        ExpandableArrayBuffer history = new ExpandableArrayBuffer(256);
        int at = 0;
        for (int i = 0; i < records; i++) {
            int len = SessionCommandDescriptor.HEADER_LENGTH + 1 + (i % 40);
            history.putInt(at, len);
            for (int b = 0; b < len; b++) history.putByte(at + 4 + b, (byte) (i * 31 + b));
            at += 4 + len;
        }
        SessionTable t = new SessionTable();
        t.applied(1, 5);
        t.applied(2, 9);
        t.applied(1, 7);
        return NodeSnapshot.encode(history, at, records, t);
    }

    @Test
    void roundTrip() {
        byte[] s = sample(25);
        List<Integer> lengths = new ArrayList<>();
        SessionTable t = new SessionTable();
        NodeSnapshot.Checked c = NodeSnapshot.check(s, (MemorySegment seg, long off, int len) -> lengths.add(len), t);
        assertEquals(new NodeSnapshot.Checked.Ok(25, 2), c);
        assertEquals(25, lengths.size());
        assertEquals(SessionCommandDescriptor.HEADER_LENGTH + 1 + 3, lengths.get(3));
        assertEquals(7, t.lastToken(1));
        assertEquals(2, t.count(1));
        assertEquals(3, t.totalApplied());
    }

    @Test
    void malformedSnapshotsGiveATypedErrorNeverAnException() {
        byte[] good = sample(12);
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
                    b = new byte[r.nextInt(200)];
                    r.nextBytes(b);
                    if (b.length >= NodeSnapshotDescriptor.HEADER_LENGTH) System.arraycopy(good, 0, b, 0, 16);
                }
            }
            NodeSnapshot.Checked c = NodeSnapshot.check(b, (seg, off, len) -> { }, new SessionTable());
            assertNotNull(c);
            if (c instanceof NodeSnapshot.Checked.Ok) ok++;
        }
        assertEquals(0, ok, "a damaged snapshot passed the checks");
        assertInstanceOf(NodeSnapshot.Checked.Ok.class, NodeSnapshot.check(good, null, null));
    }
}
