package qsl.perf.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationMeterTest {
    static volatile Object sink;
    static long counter;

    private final AllocationMeter meter = AllocationMeter.create();

    @Test
    void anEmptyWindowMeasuresZero() {
        AllocationMeter.Measurement m = meter.steadyState(10_000, 1000, 3, () -> {});
        assertEquals(0, m.bytes(), "reading the counter allocates nothing");
    }

    @Test
    void aLoopThatAllocatesIsDetected() {
        AllocationMeter.Measurement m = meter.measure(1000, 1000, () -> sink = new long[16]);
        // 1000 arrays of 16 longs: 128 bytes of payload and a header each
        assertTrue(m.bytes() >= 1000 * 128, "measured " + m.bytes());
        assertTrue(m.bytesPerRun() >= 128 && m.bytesPerRun() < 1024, "per run " + m.bytesPerRun());
        assertTrue(!m.allocationFree());
    }

    @Test
    void aLoopThatDoesNotAllocateIsNot() {
        long[] state = new long[16];
        AllocationMeter.Measurement m = meter.steadyState(20_000, 10_000, 5, () -> {
            for (int i = 0; i < state.length; i++) state[i] += i;
            counter += state[3];
        });
        assertTrue(m.allocationFree(), "measured " + m.bytes() + " bytes");
    }

    @Test
    void steadyStateStillSeesALoopThatAllocatesEveryRun() {
        AllocationMeter.Measurement m = meter.steadyState(1000, 1000, 5, () -> sink = new long[16]);
        assertTrue(m.bytes() >= 1000 * 128, "the least of five windows still holds every run's array: " + m.bytes());
    }

    @Test
    void watchesAnotherThread() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 100; i++) sink = new byte[1000];
            done.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                // asked to finish
            }
        });
        worker.start();
        AllocationMeter.Window w = meter.open(worker);
        go.countDown();
        done.await();
        long bytes = w.allocatedBytes();
        worker.interrupt();
        worker.join();
        assertTrue(bytes >= 100 * 1000, "the worker's 100 KB, measured " + bytes);
    }
}
