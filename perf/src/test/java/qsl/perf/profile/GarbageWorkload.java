package qsl.perf.profile;

import java.util.List;

/** Test workload: allocates a 64-long array per operation in {@link #grow()}. */
final class GarbageWorkload implements ProfiledWorkload {
    static volatile Object sink;

    @Override public String name() { return "garbage"; }
    @Override public String description() { return "allocates long[64] per op"; }
    @Override public List<String> hotFramePrefixes() { return List.of("qsl.perf.profile.GarbageWorkload"); }

    @Override
    public long runBatch() {
        for (int i = 0; i < 64; i++) grow();
        return 64;
    }

    private static void grow() {
        sink = new long[64];
    }
}
