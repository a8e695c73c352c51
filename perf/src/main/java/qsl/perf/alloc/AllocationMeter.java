package qsl.perf.alloc;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes of Java heap a thread allocates across a window, from the JVM's per-thread
 * TLAB accounting ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}):
 * exact, not sampled. The way a test or bench shows that a steady-state loop allocates nothing:
 * warm the loop up, then {@link #measure} it and expect 0.
 *
 * <p>Reading the counter allocates nothing, so an empty window measures 0 (the tests check
 * this); any non-zero result is the window's own allocation.
 */
public final class AllocationMeter {
    private final com.sun.management.ThreadMXBean threads;

    private AllocationMeter(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /** The meter, or an {@link UnsupportedOperationException} naming why this JVM cannot count. */
    public static AllocationMeter create() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)) {
            throw new UnsupportedOperationException("this JVM has no com.sun.management.ThreadMXBean");
        }
        if (!t.isThreadAllocatedMemorySupported()) {
            throw new UnsupportedOperationException("this JVM does not count allocated bytes per thread");
        }
        if (!t.isThreadAllocatedMemoryEnabled()) t.setThreadAllocatedMemoryEnabled(true);
        // Link both native readers now: the first call of each allocates while the JVM looks it up.
        t.getCurrentThreadAllocatedBytes();
        t.getThreadAllocatedBytes(Thread.currentThread().threadId());
        return new AllocationMeter(t);
    }

    /** Bytes the calling thread has allocated since it started. */
    public long currentThreadBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    /** Bytes {@code thread} has allocated since it started; -1 if it is not alive. */
    public long threadBytes(Thread thread) {
        return threads.getThreadAllocatedBytes(thread.threadId());
    }

    /** What one measured window allocated. */
    public record Measurement(long bytes, long runs) {
        /** Bytes per run of the window (0 for no runs). */
        public double bytesPerRun() {
            return runs == 0 ? 0 : (double) bytes / runs;
        }

        public boolean allocationFree() {
            return bytes == 0;
        }
    }

    /**
     * Runs {@code window} {@code warmupRuns} times unmeasured (class loading, JIT), then
     * {@code measuredRuns} times on this thread, and returns the bytes the measured runs allocated.
     */
    public Measurement measure(int warmupRuns, int measuredRuns, Runnable window) {
        for (int i = 0; i < warmupRuns; i++) window.run();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measuredRuns; i++) window.run();
        long after = threads.getCurrentThreadAllocatedBytes();
        return new Measurement(after - before, measuredRuns);
    }

    /**
     * The steady state: warms up, then measures {@code rounds} windows of {@code runs} and
     * returns the one that allocated least. A window can catch a one-off allocation by the JVM
     * on this thread (a deoptimisation re-materialising an object, a method handle being
     * specialised); a loop that allocates per run allocates in every window, so the least is 0
     * only if the loop itself allocates nothing.
     */
    public Measurement steadyState(int warmupRuns, int runs, int rounds, Runnable window) {
        Measurement best = measure(warmupRuns, runs, window);
        for (int r = 1; r < rounds && best.bytes() > 0; r++) {
            Measurement m = measure(0, runs, window);
            if (m.bytes() < best.bytes()) best = m;
        }
        return best;
    }

    /** A window over other threads' allocation, opened by {@link #open(Thread...)}. */
    public final class Window {
        private final Thread[] watched;
        private final long[] start;

        private Window(Thread[] watched) {
            this.watched = watched.clone();
            this.start = new long[watched.length];
            for (int i = 0; i < watched.length; i++) start[i] = threadBytes(watched[i]);
        }

        /** Bytes the watched threads allocated since the window opened (threads that died count up to their last reading: 0). */
        public long allocatedBytes() {
            long sum = 0;
            for (int i = 0; i < watched.length; i++) {
                long now = threadBytes(watched[i]);
                if (now >= 0 && start[i] >= 0) sum += now - start[i];
            }
            return sum;
        }
    }

    /** Starts counting what {@code watched} allocate from now on (e.g. a workload's worker threads). */
    public Window open(Thread... watched) {
        return new Window(watched);
    }
}
