package qsl.numa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qsl.affinity.CpuSet;

/**
 * What the study will measure on a machine and what it cannot, each with its reason. Produced by
 * {@link StudyPlanner#plan}; every item is either runnable ({@code constraint == null}) or carries
 * the {@code constrained: ...} text the results file prints.
 *
 * @param allowed the CPUs the study may use
 * @param pairs the ping-pong pairs, in report order
 * @param falseSharing the two CPUs the false-sharing threads run on
 * @param memory the node the memory threads run on and the node compared against
 * @param migrations the CPU the pinned migration thread uses
 */
public record StudyPlan(CpuSet allowed, List<Pair> pairs, FalseSharingPlan falseSharing, MemoryPlan memory,
                        MigrationPlan migrations) {

    /**
     * One ping-pong pair.
     *
     * @param cpuA the ping thread's CPU, -1 when unpinned
     * @param cpuB the pong thread's CPU, -1 when unpinned
     * @param timeShared both threads on one CPU: they must yield to each other, not spin
     */
    public record Pair(String name, String description, int cpuA, int cpuB, boolean timeShared, String constraint) {
        public boolean runnable() {
            return constraint == null;
        }

        public boolean pinned() {
            return cpuA >= 0;
        }
    }

    public record FalseSharingPlan(int cpuA, int cpuB, String placement, String constraint) {
        public boolean runnable() {
            return constraint == null;
        }
    }

    /**
     * @param cpu where the measuring thread runs
     * @param localNode the node of {@code cpu}
     * @param remoteNode the farthest other node, -1 when there is none
     * @param remoteConstraint why the remote comparison cannot run, or {@code null}
     */
    public record MemoryPlan(int cpu, int localNode, int remoteNode, int distance, String remoteConstraint) {
        public boolean remoteRunnable() {
            return remoteConstraint == null;
        }
    }

    /** @param unpinnedConstraint why an unpinned thread cannot migrate here, or {@code null} */
    public record MigrationPlan(int pinnedCpu, String unpinnedConstraint) {}

    /** The pairs that will run. */
    public List<Pair> runnablePairs() {
        List<Pair> r = new ArrayList<>();
        for (Pair p : pairs) if (p.runnable()) r.add(p);
        return r;
    }

    /** The pair with this name, or {@code null}. */
    public Pair pair(String name) {
        for (Pair p : pairs) if (p.name().equals(name)) return p;
        return null;
    }

    /** Every constraint, one short phrase each, for the summary evidence line. */
    public List<String> constraints() {
        List<String> c = new ArrayList<>();
        for (Pair p : pairs) if (!p.runnable()) c.add(p.name() + " pair: " + p.constraint());
        if (!falseSharing.runnable()) c.add("false sharing: " + falseSharing.constraint());
        if (!memory.remoteRunnable()) c.add("remote memory: " + memory.remoteConstraint());
        if (migrations.unpinnedConstraint() != null) c.add("unpinned migrations: " + migrations.unpinnedConstraint());
        return c;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed_cpus", allowed.toList());
        List<Object> ps = new ArrayList<>();
        for (Pair p : pairs) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("pair", p.name());
            pm.put("description", p.description());
            pm.put("cpu_a", p.cpuA());
            pm.put("cpu_b", p.cpuB());
            pm.put("evidence", p.runnable() ? "planned" : "constrained: " + p.constraint());
            ps.add(pm);
        }
        m.put("pairs", ps);
        m.put("false_sharing", Map.of("cpu_a", falseSharing.cpuA(), "cpu_b", falseSharing.cpuB(), "placement", falseSharing.placement(),
                "evidence", falseSharing.runnable() ? "planned" : "constrained: " + falseSharing.constraint()));
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("cpu", memory.cpu());
        mem.put("local_node", memory.localNode());
        mem.put("remote_node", memory.remoteNode());
        mem.put("distance", memory.distance());
        mem.put("remote", memory.remoteRunnable() ? "planned" : "constrained: " + memory.remoteConstraint());
        m.put("memory", mem);
        m.put("migrations", Map.of("pinned_cpu", migrations.pinnedCpu(),
                "unpinned", migrations.unpinnedConstraint() == null ? "planned" : "constrained: " + migrations.unpinnedConstraint()));
        return m;
    }
}
