package qsl.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import qsl.affinity.CpuSet;
import qsl.affinity.ThreadAffinity;

/**
 * Two threads each bump their own counter in an off-heap block ({@link CounterLineDescriptor}) with
 * an atomic add (how shared statistics counters are usually kept). With both counters in one cache
 * line every add needs the line back from the other core; padded apart they never meet. Rounds
 * alternate the two layouts so drift in the machine's load hits both.
 */
final class FalseSharing {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** Operations per second (both threads together) per round, per layout. */
    record Result(StudyPlan.FalseSharingPlan plan, double[] sharedOpsPerS, double[] paddedOpsPerS, String pinA, String pinB) {
        double sharedMedian() {
            return median(sharedOpsPerS);
        }

        double paddedMedian() {
            return median(paddedOpsPerS);
        }
    }

    private FalseSharing() {}

    static Result run(StudyPlan.FalseSharingPlan plan, int rounds, long nanosPerRun) throws Exception {
        double[] shared = new double[rounds];
        double[] padded = new double[rounds];
        String[] pins = new String[2];
        try (Arena arena = Arena.ofShared()) {
            MemorySegment block = arena.allocate(CounterLineDescriptor.BLOCK_BYTES, CounterLineDescriptor.BLOCK_ALIGNMENT);
            for (int r = 0; r < rounds; r++) {
                shared[r] = once(block, plan, CounterLineDescriptor.COUNTER_B_SHARED_OFFSET, nanosPerRun, pins);
                padded[r] = once(block, plan, CounterLineDescriptor.COUNTER_B_PADDED_OFFSET, nanosPerRun, pins);
            }
        }
        return new Result(plan, shared, padded, pins[0], pins[1]);
    }

    private static double once(MemorySegment block, StudyPlan.FalseSharingPlan plan, long offsetB, long nanos, String[] pins) throws Exception {
        block.fill((byte) 0);
        CyclicBarrier start = new CyclicBarrier(3);
        Writer a = new Writer(block, CounterLineDescriptor.COUNTER_A_OFFSET, plan.cpuA(), start);
        Writer b = new Writer(block, offsetB, plan.cpuB(), start);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(a, "false-sharing-a"));
        threads.add(new Thread(b, "false-sharing-b"));
        for (Thread t : threads) t.start();
        start.await();
        long t0 = System.nanoTime();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        a.stop = true;
        b.stop = true;
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - t0;
        if (a.failure != null) throw new IllegalStateException(a.failure);
        if (b.failure != null) throw new IllegalStateException(b.failure);
        pins[0] = a.pin;
        pins[1] = b.pin;
        long ops = (long) LONG.getVolatile(block, CounterLineDescriptor.COUNTER_A_OFFSET) + (long) LONG.getVolatile(block, offsetB);
        return ops * 1e9 / elapsed;
    }

    private static final class Writer implements Runnable {
        final MemorySegment block;
        final long offset;
        final int cpu;
        final CyclicBarrier start;
        volatile boolean stop;
        volatile Throwable failure;
        String pin;

        Writer(MemorySegment block, long offset, int cpu, CyclicBarrier start) {
            this.block = block;
            this.offset = offset;
            this.cpu = cpu;
            this.start = start;
        }

        @Override
        public void run() {
            try {
                pin = ThreadAffinity.pinCurrentThread(CpuSet.of(cpu)).describe();
                start.await();
                while (!stop) {
                    for (int i = 0; i < 1024; i++) {
                        LONG.getAndAdd(block, offset, 1L); // volatile RMW; the final getVolatile reads it after join
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
