package qsl.bench.ring;

/**
 * Child-JVM body of {@link RingSuiteTest}: starts every benchmark state, runs its benchmark method
 * (a batch of 16384 messages, for both qsl variants checked to be the first 16384 sent, or 1000 ping-pongs checking each pong carries its ping), stops it.
 * Exits non-zero on any failure.
 */
public final class RingStatesMain {
    private RingStatesMain() {}

    public static void main(String[] args) throws Exception {
        RingThroughputBench t = new RingThroughputBench();
        for (int size : new int[] {64, 256}) {
            RingThroughputBench.Qsl q = new RingThroughputBench.Qsl();
            q.size = size;
            q.start();
            t.qsl(q);
            q.stop();
            check(q.handler.sum != 0, "qsl consumer read no payload");

            check(q.handler.sum == expectedSum(size), "qsl: first " + RingThroughputBench.BATCH + " messages not all there in order");

            RingThroughputBench.QslBatched b = new RingThroughputBench.QslBatched();
            b.size = size;
            b.start();
            t.qsl_batched(b);
            b.stop();
            check(b.handler.sum == expectedSum(size), "qsl_batched: first " + RingThroughputBench.BATCH
                    + " messages not all there in order (sum " + b.handler.sum + ", expected " + expectedSum(size) + ")");

            RingThroughputBench.Agrona a = new RingThroughputBench.Agrona();
            a.size = size;
            a.start();
            t.agrona(a);
            a.stop();
            check(a.handler.sum != 0, "agrona consumer read no payload");

            RingThroughputBench.Jctools j = new RingThroughputBench.Jctools();
            j.size = size;
            j.start();
            t.jctools(j);
            j.stop();
            check(j.handler.sum != 0, "jctools consumer read no payload");
        }
        // One echo thread at a time: three spinning at once on two cores would crawl.
        RingRttBench r = new RingRttBench();
        RingRttBench.Qsl q = new RingRttBench.Qsl();
        q.start();
        for (long i = 1; i <= 1000; i++) check(r.qsl(q) == i, "qsl pong " + i);
        q.stop();
        RingRttBench.Agrona a = new RingRttBench.Agrona();
        a.start();
        for (long i = 1; i <= 1000; i++) check(r.agrona(a) == i, "agrona pong " + i);
        a.stop();
        RingRttBench.Jctools j = new RingRttBench.Jctools();
        j.start();
        for (long i = 1; i <= 1000; i++) check(r.jctools(j) == i, "jctools pong " + i);
        j.stop();
        System.out.println("ok");
    }

    /**
     * The consumer's sum after the first batch: message {@code seq} carries {@code seq} in its first
     * word and {@code seq + words - 1} in its last, for seq 0..BATCH-1.
     */
    static long expectedSum(int size) {
        long b = RingThroughputBench.BATCH;
        return b * (b - 1) + b * (size / 8 - 1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("FAILED: " + what);
            System.exit(1);
        }
    }
}
