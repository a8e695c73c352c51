package qsl.affinity;

import java.nio.file.Path;

/** What reading a sysfs tree gave: a {@link Topology}, nothing to read, or a file that did not parse. */
public sealed interface TopologyRead {

    record Found(Topology topology) implements TopologyRead {}

    /** No topology there (not Linux, /sys not mounted): {@code reason} says what was missing. */
    record Missing(String reason) implements TopologyRead {}

    /** A file that exists but does not hold what the kernel writes there. */
    record Malformed(Path file, String message) implements TopologyRead {}

    /** The topology, or {@code fallback} when it could not be read. */
    default Topology orElse(Topology fallback) {
        return this instanceof Found f ? f.topology() : fallback;
    }

    /**
     * The topology; for callers that cannot go on without it.
     *
     * @throws IllegalStateException naming what was missing or malformed
     */
    default Topology orElseThrow() {
        return switch (this) {
            case Found f -> f.topology();
            case Missing m -> throw new IllegalStateException("no topology: " + m.reason());
            case Malformed m -> throw new IllegalStateException("malformed topology: " + m.message());
        };
    }

    /**
     * A stand-in for a system without {@code /sys}: {@code cpus} CPUs (0..cpus-1), one core each, one
     * node, no cache sharing known. Lets callers on macOS still plan with what the JVM reports.
     */
    static Topology flat(int cpus, String why) {
        java.util.List<Topology.Cpu> list = new java.util.ArrayList<>();
        for (int i = 0; i < cpus; i++) list.add(new Topology.Cpu(i, 0, 0, i, CpuSet.of(i), java.util.List.of()));
        return new Topology("flat (" + why + ")", list, java.util.List.of(new Topology.Node(0, CpuSet.range(0, cpus - 1), java.util.Map.of(0, 10))));
    }
}
