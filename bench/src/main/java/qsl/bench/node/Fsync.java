package qsl.bench.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Histogram;

/**
 * The floor under a durable acknowledgement: plain {@code write} of a 64-byte record then
 * {@code fdatasync} ({@link FileChannel#force force(false)}), one at a time, in a file in the
 * directory the node's journal uses, into a histogram of nanoseconds; and the same calls made by
 * several threads at once on one file ({@link #measureConcurrent}), as the node's sync lanes make them.
 */
final class Fsync {
    private Fsync() {}

    static Histogram measure(Path dir, int count) throws IOException {
        Histogram h = new Histogram(10_000_000_000L, 3);
        Path f = dir.resolve("fdatasync-probe.bin");
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < count + 50; i++) {
                b.clear();
                b.putLong(0, i);
                long t0 = System.nanoTime();
                ch.write(b, (long) i * 64);
                ch.force(false);
                long t = System.nanoTime() - t0;
                if (i >= 50) h.recordValue(t);
            }
        }
        Files.deleteIfExists(f);
        return h;
    }

    /** Concurrent fdatasync calls: each call's latency (ns), and the time (ns) from the common start until the last thread finished. */
    record Concurrent(Histogram calls, long nanos) {
        /** The calls completed per second by all threads together. */
        double callsPerSecond() {
            return nanos > 0 ? calls.getTotalCount() / (nanos / 1e9) : 0;
        }
    }

    /**
     * {@code threads} threads, each with its own {@link FileChannel} on one shared file (as the node's
     * sync lanes each sync the log through their own descriptor), each call a 64-byte write at an
     * offset of its own (taken from one counter) then {@code force(false)}. Each thread first makes
     * 50 unrecorded calls; then all start together and make {@code callsPerThread} recorded calls.
     * Calls per second: the recorded calls over the time from that common start until the last
     * thread finished.
     */
    static Concurrent measureConcurrent(Path dir, int threads, int callsPerThread) throws IOException {
        if (threads < 1 || callsPerThread < 0) throw new IllegalArgumentException(threads + " threads, " + callsPerThread + " calls");
        Path f = dir.resolve("fdatasync-concurrent-probe.bin");
        Files.deleteIfExists(f);
        Files.createFile(f);
        AtomicLong offset = new AtomicLong();
        long[] start = new long[1];
        CyclicBarrier go = new CyclicBarrier(threads, () -> start[0] = System.nanoTime());
        Histogram[] hs = new Histogram[threads];
        long[] ends = new long[threads];
        Throwable[] failed = new Throwable[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            hs[t] = new Histogram(10_000_000_000L, 3);
            ts[t] = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(64);
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    for (int i = 0; i < 50 + callsPerThread; i++) {
                        if (i == 50) go.await();
                        b.clear();
                        b.putLong(0, i);
                        long t0 = System.nanoTime();
                        ch.write(b, offset.getAndAdd(64));
                        ch.force(false);
                        long took = System.nanoTime() - t0;
                        if (i >= 50) hs[id].recordValue(took);
                    }
                    if (callsPerThread == 0) go.await();
                    ends[id] = System.nanoTime();
                } catch (Throwable e) {
                    failed[id] = e;
                    go.reset(); // the others waiting at the start give up (BrokenBarrierException) rather than hang
                }
            }, "qsl-fdatasync-probe-" + (t + 1));
            ts[t].start();
        }
        try {
            for (Thread t : ts) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(f);
        }
        for (Throwable e : failed) {
            if (e != null && !(e instanceof BrokenBarrierException)) throw new IOException("concurrent fdatasync probe failed", e);
        }
        for (Throwable e : failed) if (e != null) throw new IOException("concurrent fdatasync probe failed", e);
        Histogram all = new Histogram(10_000_000_000L, 3);
        long end = 0;
        for (int t = 0; t < threads; t++) {
            all.add(hs[t]);
            end = Math.max(end, ends[t]);
        }
        return new Concurrent(all, end - start[0]);
    }

    /**
     * The p99 (ns) of what the disk alone makes a command wait when fdatasync calls run back to
     * back: the rest of the call in flight when the command is appended, then the call that covers
     * it. Drawn from the measured calls: the call in flight with probability in proportion to its
     * length (an arrival at a random time falls into a long call more often), the arrival uniform
     * within it, the covering call independent of it.
     */
    static double busyDiskFloorP99(Histogram calls, int draws, long seed) {
        int n = (int) calls.getTotalCount();
        if (n == 0) return 0;
        long[] v = new long[n];
        int k = 0;
        for (HistogramIterationValue x : calls.recordedValues()) {
            for (long c = 0; c < x.getCountAddedInThisIterationStep() && k < n; c++) v[k++] = calls.highestEquivalentValue(x.getValueIteratedTo());
        }
        n = k;
        double[] cumulative = new double[n]; // lengths summed: the length-biased choice of the call in flight
        double sum = 0;
        for (int i = 0; i < n; i++) cumulative[i] = sum += v[i];
        SplittableRandom r = new SplittableRandom(seed);
        double[] waits = new double[draws];
        for (int d = 0; d < draws; d++) {
            int i = Arrays.binarySearch(cumulative, r.nextDouble() * sum);
            if (i < 0) i = -i - 1;
            waits[d] = r.nextDouble() * v[Math.min(i, n - 1)] + v[r.nextInt(n)];
        }
        Arrays.sort(waits);
        return waits[(int) Math.ceil(0.99 * draws) - 1];
    }
}
