package qsl.perf.profile;

import java.util.Locale;

/**
 * What a flamegraph counts, as {@code ./qsl flamegraph --event} names it.
 * Each maps to an async-profiler event and a default sampling interval.
 */
public enum ProfilerEvent {
    /** On-CPU time: where the threads burn cycles. Interval in ns of CPU time. */
    CPU("cpu", 1_000_000L, "ns of CPU time per sample"),
    /** Wall-clock time of every thread, running or not: where they wait. Interval in ns. */
    WALL("wall", 5_000_000L, "ns of wall time per sample"),
    /** Heap allocations: which frames allocate which classes. Interval in bytes (1: every allocation). */
    ALLOC("alloc", 1L, "bytes between allocation samples"),
    /** Contended monitors and parks: where threads block. Threshold in ns (0: every contention). */
    LOCK("lock", 0L, "ns of contention below which a lock event is dropped");

    private final String asyncProfilerName;
    private final long defaultInterval;
    private final String intervalMeaning;

    ProfilerEvent(String asyncProfilerName, long defaultInterval, String intervalMeaning) {
        this.asyncProfilerName = asyncProfilerName;
        this.defaultInterval = defaultInterval;
        this.intervalMeaning = intervalMeaning;
    }

    /** The name on the command line and in file names: {@code cpu}, {@code wall}, {@code alloc}, {@code lock}. */
    public String cliName() {
        return asyncProfilerName;
    }

    public long defaultInterval() {
        return defaultInterval;
    }

    public String intervalMeaning() {
        return intervalMeaning;
    }

    /** True when a sample's weight is bytes ({@code alloc}) or ns ({@code lock}) rather than a count of ticks. */
    public boolean weighted() {
        return this == ALLOC || this == LOCK;
    }

    /** The event named {@code name}, or an {@link IllegalArgumentException} listing the valid names. */
    public static ProfilerEvent parse(String name) {
        for (ProfilerEvent e : values()) {
            if (e.asyncProfilerName.equals(name.toLowerCase(Locale.ROOT))) return e;
        }
        throw new IllegalArgumentException("unknown event '" + name + "': expected one of cpu, wall, alloc, lock");
    }
}
