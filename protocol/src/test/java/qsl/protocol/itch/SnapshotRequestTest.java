package qsl.protocol.itch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import qsl.protocol.mold.FeedFuzz;

class SnapshotRequestTest {
    @Test
    void roundTripAndErrors() {
        MemorySegment s = Arena.ofAuto().allocate(16);
        assertEquals(7, SnapshotRequestDescriptor.write(s, 0, -1));
        assertEquals(0, SnapshotRequestDescriptor.decode(s, 0, 7));
        assertEquals(-1, SnapshotRequestDescriptor.symbol(s, 0));
        assertEquals(ItchError.BAD_LENGTH, SnapshotRequestDescriptor.decode(s, 0, 6));
        SnapshotRequestDescriptor.write(s, 0, -2);
        assertEquals(ItchError.BAD_SYMBOL, SnapshotRequestDescriptor.decode(s, 0, 7));
        s.set(ValueLayout.JAVA_BYTE, 2, (byte) 'q');
        assertEquals(ItchError.UNKNOWN_TYPE, SnapshotRequestDescriptor.decode(s, 0, 7));
        assertEquals(ItchError.EMPTY, SnapshotRequestDescriptor.decode(s, 12, 7));
    }

    @Test
    void decoderIsTotalOnFuzzedInput() {
        SplittableRandom r = new SplittableRandom(51);
        MemorySegment s = Arena.ofAuto().allocate(16);
        int ok = 0;
        for (int i = 0, n = FeedFuzz.inputs(); i < n; i++) {
            SnapshotRequestDescriptor.write(s, 0, r.nextInt());
            int len = 7;
            if (r.nextBoolean()) s.set(ValueLayout.JAVA_BYTE, r.nextInt(7), (byte) r.nextInt(256));
            if (r.nextInt(4) == 0) len = r.nextInt(17);
            int res = SnapshotRequestDescriptor.decode(s, 0, len);
            assertTrue(res == 0 || ItchError.isError(res));
            if (res == 0) ok++;
        }
        assertTrue(ok > 0);
    }
}
