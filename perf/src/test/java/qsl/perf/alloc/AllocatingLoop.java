package qsl.perf.alloc;

/** Child main for the tests: allocates a fresh array per iteration for {@code args[0]} ms, then exits 0. */
public final class AllocatingLoop {
    static volatile Object sink;

    public static void main(String[] args) {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        long n = 0;
        while (System.nanoTime() - until < 0) {
            sink = new long[64]; // escapes through the volatile: the JIT cannot remove it
            n++;
        }
        System.out.println("iterations " + n);
    }
}
