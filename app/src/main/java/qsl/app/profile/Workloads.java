package qsl.app.profile;

import java.util.List;
import qsl.perf.profile.ProfiledWorkload;

/**
 * The workloads {@code ./qsl flamegraph} and {@code ./qsl perf-stat} can drive, by name.
 * A workload whose module is not in this build answers {@link WorkloadUnavailableException}
 * with the reason, never a half-built run.
 */
public final class Workloads {
    private Workloads() {}

    /** Every name the commands accept, available or not. */
    public static final List<String> NAMES = List.of("engine", "ring", "wal", "node");

    /** Why {@code name} cannot run in this build, or {@code null} when it can. */
    public static String unavailableReason(String name) {
        return switch (name) {
            case "engine", "ring", "wal", "node" -> null;
            default -> "unknown workload '" + name + "': expected one of " + String.join(", ", NAMES);
        };
    }

    /** Builds the workload (generating its input, starting its threads). */
    public static ProfiledWorkload open(String name, WorkloadOptions options) throws Exception {
        String reason = unavailableReason(name);
        if (reason != null) throw new WorkloadUnavailableException(name, reason);
        return switch (name) {
            case "engine" -> new EngineWorkload(options);
            case "ring" -> new RingWorkload(options);
            case "wal" -> new WalWorkload(options);
            case "node" -> new NodeWorkload(options);
            default -> throw new WorkloadUnavailableException(name, unavailableReason(name));
        };
    }
}
