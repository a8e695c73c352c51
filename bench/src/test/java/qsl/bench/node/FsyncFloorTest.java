package qsl.bench.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The busy-disk floor: the rest of the call in flight plus one whole call, drawn from the measured calls. */
class FsyncFloorTest {
    @Test
    void callsOfOneLengthGiveAlmostTwoOfThem() {
        Histogram h = new Histogram(10_000_000_000L, 3);
        for (int i = 0; i < 1000; i++) h.recordValue(200_000);
        double t = h.highestEquivalentValue(200_000);
        double p99 = Fsync.busyDiskFloorP99(h, 100_000, 1);
        // U*T + T with U uniform in [0, 1): its p99 is 1.99 T
        assertTrue(p99 > 1.98 * t && p99 < 2.0 * t, "p99 " + p99 + " for calls of " + t);
    }

    @Test
    void theCallInFlightIsPickedByItsLength() {
        Histogram h = new Histogram(10_000_000_000L, 3);
        for (int i = 0; i < 990; i++) h.recordValue(100_000);
        for (int i = 0; i < 10; i++) h.recordValue(10_000_000); // 1% of the calls, but 50% of the time
        double p99 = Fsync.busyDiskFloorP99(h, 100_000, 2);
        // half the arrivals fall into a 10 ms call: at least 1% of them wait more than 9.8 ms
        assertTrue(p99 > 9_000_000, "p99 " + p99);
    }
}
