package qsl.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The snapshot payload's sections round-trip; decoding is total over random and mutated inputs. */
class JournalSnapshotTest {
    /** Inputs per fuzz run: 100,000 by default, 10 M with -Dqsl.fuzz=long. */
    static final int FUZZ = "long".equals(System.getProperty("qsl.fuzz")) ? 10_000_000 : 100_000;

    @Test
    void sectionsRoundTrip() {
        byte[] engine = {1, 2, 3, 4, 5};
        byte[] ext = {9, 8, 7};
        JournalSnapshot.Decoded.Ok ok = assertInstanceOf(JournalSnapshot.Decoded.Ok.class,
                JournalSnapshot.decode(JournalSnapshot.encode(engine, ext)));
        assertArrayEquals(engine, ok.engine());
        assertArrayEquals(ext, ok.extension());
        ok = assertInstanceOf(JournalSnapshot.Decoded.Ok.class, JournalSnapshot.decode(JournalSnapshot.encode(engine, null)));
        assertEquals(0, ok.extension().length);
    }

    @Test
    void aBareEngineSnapshotHasNoExtension() {
        byte[] bare = new byte[40];
        java.lang.foreign.MemorySegment.ofArray(bare).set(JournalSnapshotDescriptor.I64, 0, qsl.book.snapshot.EngineSnapshotDescriptor.MAGIC);
        JournalSnapshot.Decoded.Ok ok = assertInstanceOf(JournalSnapshot.Decoded.Ok.class, JournalSnapshot.decode(bare));
        assertArrayEquals(bare, ok.engine());
        assertEquals(0, ok.extension().length);
    }

    @Test
    void everyCutAndLengthLieIsMalformed() {
        byte[] p = JournalSnapshot.encode(new byte[] {1, 2, 3}, new byte[] {4, 5});
        for (int cut = 0; cut < p.length; cut++) {
            byte[] c = java.util.Arrays.copyOf(p, cut);
            assertInstanceOf(JournalSnapshot.Decoded.Malformed.class, JournalSnapshot.decode(c), "cut at " + cut);
        }
        for (int at : new int[] {0, 8, 12, 16, 24}) {
            byte[] c = p.clone();
            c[at] ^= 1;
            assertInstanceOf(JournalSnapshot.Decoded.Malformed.class, JournalSnapshot.decode(c), "flip at " + at);
        }
    }

    @Test
    void decodingIsTotal() {
        SplittableRandom r = new SplittableRandom(16);
        byte[] valid = JournalSnapshot.encode(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7});
        for (int i = 0; i < FUZZ; i++) {
            byte[] in;
            if ((i & 1) == 0) {
                in = new byte[r.nextInt(64)];
                r.nextBytes(in);
            } else {
                in = valid.clone();
                int flips = 1 + r.nextInt(4);
                for (int k = 0; k < flips; k++) in[r.nextInt(in.length)] = (byte) r.nextInt(256);
                if (r.nextInt(4) == 0) in = java.util.Arrays.copyOf(in, r.nextInt(in.length + 8));
            }
            assertNotNull(JournalSnapshot.decode(in));
        }
    }
}
