package qsl.perf.alloc;

/** Child main for the tests: forces {@code args[0]} full collections, so the GC log has pauses to count. */
public final class GcChurn {
    static volatile Object sink;

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            sink = new byte[1 << 20];
            System.gc();
        }
    }
}
