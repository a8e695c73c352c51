package qsl.perf.alloc;

/** Child main for the tests: mixes numbers in a preallocated array for {@code args[0]} ms, allocating nothing per iteration. */
public final class QuietLoop {
    static volatile long sink;

    public static void main(String[] args) {
        long[] state = new long[64];
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        long x = 1;
        while (System.nanoTime() - until < 0) {
            for (int i = 0; i < state.length; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                state[i] ^= x;
            }
        }
        sink = state[7];
        System.out.println("done");
    }
}
