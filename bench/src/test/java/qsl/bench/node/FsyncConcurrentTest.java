package qsl.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent fdatasync calls on one file: every recorded call is counted once, none of the warm-up ones. */
class FsyncConcurrentTest {
    @TempDir
    Path dir;

    @Test
    void recordsEveryThreadsCallsAndACallRate() throws Exception {
        Fsync.Concurrent c = Fsync.measureConcurrent(dir, 3, 7);
        assertEquals(3 * 7, c.calls().getTotalCount());
        assertTrue(c.nanos() > 0, "nanos " + c.nanos());
        assertTrue(c.callsPerSecond() > 0, "calls/s " + c.callsPerSecond());
        assertTrue(c.calls().getMinValue() > 0, "a call took no time");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the probe file is removed");
        }
    }

    @Test
    void oneThreadIsTheSingleProbeShape() throws Exception {
        Fsync.Concurrent c = Fsync.measureConcurrent(dir, 1, 5);
        assertEquals(5, c.calls().getTotalCount());
        assertTrue(c.callsPerSecond() > 0, "calls/s " + c.callsPerSecond());
    }
}
