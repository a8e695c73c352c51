package qsl.book.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import qsl.book.MatchingEngine;

/**
 * {@link EngineSnapshotCodec.Encoder} (what a node's engine thread keeps): it writes exactly the
 * bytes {@link EngineSnapshotCodec#encode} returns, a smaller state after a larger one included
 * (no stale bytes past the new end count, none inside it survive), and encoding again into the
 * buffer it already has allocates nothing on the calling thread.
 */
class SnapshotEncoderReuseTest {
    @Test
    void reusedBufferHoldsExactlyTheFreshEncodingAndAllocatesNothing() {
        try (MatchingEngine e = SnapshotDecodeChecksTest.live()) {
            List<qsl.book.SymbolSpec> symbols = List.of(SnapshotDecodeChecksTest.S0, SnapshotDecodeChecksTest.S1);
            EngineSnapshotCodec.Encoder enc = new EngineSnapshotCodec.Encoder(symbols);
            int big = enc.encode(e, SnapshotDecodeChecksTest.CONFIG, 17);
            assertArrayEquals(EngineSnapshotCodec.encode(e, SnapshotDecodeChecksTest.CONFIG, symbols, 17), Arrays.copyOf(enc.array(), big));

            e.cancel(0, 1, 1); // one resting order fewer: the next snapshot is shorter and lies over the longer one
            byte[] kept = enc.array();
            int small = enc.encode(e, SnapshotDecodeChecksTest.CONFIG, 18);
            assertSame(kept, enc.array(), "a smaller state reuses the buffer");
            assertEquals(big - EngineSnapshotDescriptor.ORDER_LENGTH, small);
            assertArrayEquals(EngineSnapshotCodec.encode(e, SnapshotDecodeChecksTest.CONFIG, symbols, 18), Arrays.copyOf(enc.array(), small));

            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 1000; i++) enc.encode(e, SnapshotDecodeChecksTest.CONFIG, 19); // warm
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) enc.encode(e, SnapshotDecodeChecksTest.CONFIG, 20);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, allocated, "bytes allocated by 1,000 encodes into the kept buffer");
        }
    }
}
