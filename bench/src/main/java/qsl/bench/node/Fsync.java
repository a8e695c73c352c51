package qsl.bench.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Histogram;

/**
 * The floor under a durable acknowledgement: plain {@code write} of a 64-byte record then
 * {@code fdatasync} ({@link FileChannel#force force(false)}), one at a time, in a file in the
 * directory the node's journal uses, into a histogram of nanoseconds.
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
