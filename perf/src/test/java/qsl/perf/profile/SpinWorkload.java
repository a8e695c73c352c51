package qsl.perf.profile;

import java.util.List;

/** Test workload: mixes a preallocated array; allocates nothing per batch. */
final class SpinWorkload implements ProfiledWorkload {
    private final long[] state = new long[256];
    private long x = 1;

    @Override public String name() { return "spin"; }
    @Override public String description() { return "LCG over 256 longs"; }
    @Override public List<String> hotFramePrefixes() { return List.of("qsl.perf.profile.SpinWorkload"); }

    @Override
    public long runBatch() {
        for (int i = 0; i < state.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            state[i] ^= x >>> 7;
        }
        return state.length;
    }
}
