package qsl.bench.downcall;

import java.lang.management.ManagementFactory;

/**
 * Child-JVM body for {@link DowncallBenchmarkTest}: runs each FFM downcall many times under
 * Epsilon GC (a heap that is never collected) and prints the bytes this thread allocated during the
 * measured loops. An allocating call would run the small heap out and kill the child. Each loop is
 * its own method, warmed until compiled, so the interpreter's own allocation is not counted.
 */
public final class DowncallNoAllocationMain {
    private DowncallNoAllocationMain() {}

    public static void main(String[] args) throws Throwable {
        long calls = Long.parseLong(args[0]);
        DowncallBenchmark b = new DowncallBenchmark();
        b.setup();
        long sink = 0;
        for (int round = 0; round < 40; round++) sink += all(b, 20_000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The first measured window may still run partly in interpreted or C1 code on a loaded
        // host (compilation comes late), and those frames allocate; the steady state is the first
        // window that does not. Up to 10 windows, then report the last one whatever it is.
        long allocated = Long.MAX_VALUE;
        int window = 0;
        while (window < 10 && allocated >= 1024) {
            long before = mx.getCurrentThreadAllocatedBytes();
            sink += all(b, calls / 10);
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
            window++;
        }
        System.out.println("allocated " + allocated + " window " + window + " sink " + (sink & 1));
    }

    private static long all(DowncallBenchmark b, long calls) throws Throwable {
        return getcpu(b, calls) + critical(b, calls) + probe(b, calls) + getpid(b, calls / 100);
    }

    private static long getcpu(DowncallBenchmark b, long calls) throws Throwable {
        long sink = 0;
        for (long i = 0; i < calls; i++) sink += b.ffmSchedGetcpu();
        return sink;
    }

    private static long critical(DowncallBenchmark b, long calls) throws Throwable {
        long sink = 0;
        for (long i = 0; i < calls; i++) sink += b.ffmCriticalSchedGetcpu();
        return sink;
    }

    private static long probe(DowncallBenchmark b, long calls) {
        long sink = 0;
        for (long i = 0; i < calls; i++) sink += b.cpuProbe();
        return sink;
    }

    private static long getpid(DowncallBenchmark b, long calls) throws Throwable {
        long sink = 0;
        for (long i = 0; i < calls; i++) sink += b.ffmGetpid();
        return sink;
    }
}
