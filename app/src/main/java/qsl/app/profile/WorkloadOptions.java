package qsl.app.profile;

import java.util.List;

/**
 * How a profiling workload is built: the generator seed (engine, ring payloads) and the
 * write-ahead log's durability mode. Passed to the child JVM as plain arguments.
 *
 * @param seed seed of the deterministic command stream
 * @param walMode {@code none}, {@code batch} or {@code sync}
 */
public record WorkloadOptions(long seed, String walMode) {
    public static final WorkloadOptions DEFAULTS = new WorkloadOptions(42, "batch");

    public WorkloadOptions {
        if (!List.of("none", "batch", "sync").contains(walMode))
            throw new IllegalArgumentException("wal mode must be none, batch or sync: " + walMode);
    }

    /** As child-JVM arguments: {@code --seed N --wal-mode M}. */
    public List<String> toArgs() {
        return List.of("--seed", Long.toString(seed), "--wal-mode", walMode);
    }
}
