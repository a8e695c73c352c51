package qsl.numa;

import java.util.ArrayList;
import java.util.List;
import qsl.affinity.CpuSet;
import qsl.affinity.Topology;

/**
 * Decides which measurements this machine allows, and on which CPUs. A pure function of the
 * topology and the allowed CPUs, so a recorded multi-socket tree shows what the study would run
 * there. Choices avoid CPU 0 when there is another (the kernel's interrupts and housekeeping
 * tend to live there) and take the lowest ids otherwise, so a plan is reproducible.
 */
public final class StudyPlanner {
    public static final String SAME_CPU = "same_cpu";
    public static final String SMT_SIBLINGS = "smt_siblings";
    public static final String SHARED_L3 = "shared_l3";
    public static final String CROSS_L3 = "cross_l3";
    public static final String CROSS_NODE = "cross_node";
    public static final String UNPINNED = "unpinned";

    private StudyPlanner() {}

    public static StudyPlan plan(Topology topology, CpuSet allowed) {
        CpuSet usable = topology.online().intersect(allowed);
        if (usable.isEmpty()) usable = topology.online();
        int home = preferNotZero(usable);

        List<StudyPlan.Pair> pairs = new ArrayList<>();
        pairs.add(new StudyPlan.Pair(SAME_CPU, "both threads pinned to one CPU, taking turns (yield, not spin)", home, home, true, null));

        int[] smt = smtPair(topology, usable);
        pairs.add(smt == null
                ? absent(SMT_SIBLINGS, "two hardware threads of one core", topology.hasSmt()
                        ? "no core has two allowed SMT siblings" : "no SMT: every core runs one hardware thread")
                : new StudyPlan.Pair(SMT_SIBLINGS, "two hardware threads of one core (shared L1/L2)", smt[0], smt[1], false, null));

        int[] l3 = sharedL3Pair(topology, usable);
        pairs.add(l3 == null
                ? absent(SHARED_L3, "two cores sharing an L3", usable.size() < 2 ? "one allowed CPU" : "no two allowed cores share an L3")
                : new StudyPlan.Pair(SHARED_L3, "two cores sharing an L3, same node", l3[0], l3[1], false, null));

        int[] crossL3 = crossL3Pair(topology, usable);
        pairs.add(crossL3 == null
                ? absent(CROSS_L3, "two cores of one node under different L3s", "every node's allowed CPUs share one L3")
                : new StudyPlan.Pair(CROSS_L3, "two cores of one node under different L3s", crossL3[0], crossL3[1], false, null));

        int[] cross = crossNodePair(topology, usable);
        pairs.add(cross == null
                ? absent(CROSS_NODE, "CPUs on different NUMA nodes", topology.nodes().size() < 2
                        ? "one NUMA node" : "allowed CPUs lie on one NUMA node")
                : new StudyPlan.Pair(CROSS_NODE, "CPUs on different NUMA nodes (distance " + topology.distance(topology.nodeOf(cross[0]),
                        topology.nodeOf(cross[1])) + ")", cross[0], cross[1], false, null));

        pairs.add(new StudyPlan.Pair(UNPINNED, "both threads free to run on any allowed CPU (" + usable.toList() + ")", -1, -1,
                usable.size() < 2, null));

        // False sharing needs two threads running at once on different cores (siblings share L1, hiding it).
        StudyPlan.FalseSharingPlan fs;
        if (l3 != null) fs = new StudyPlan.FalseSharingPlan(l3[0], l3[1], SHARED_L3, null);
        else if (crossL3 != null) fs = new StudyPlan.FalseSharingPlan(crossL3[0], crossL3[1], CROSS_L3, null);
        else if (cross != null) fs = new StudyPlan.FalseSharingPlan(cross[0], cross[1], CROSS_NODE, null);
        else if (smt != null) fs = new StudyPlan.FalseSharingPlan(smt[0], smt[1], SMT_SIBLINGS, null);
        else fs = new StudyPlan.FalseSharingPlan(home, home, SAME_CPU, "one allowed CPU: the two threads would only take turns");

        int localNode = topology.nodeOf(home);
        int remote = -1;
        int distance = -1;
        for (Topology.Node n : topology.nodes()) {
            int d = topology.distance(localNode, n.id());
            if (n.id() != localNode && d > distance) {
                remote = n.id();
                distance = d;
            }
        }
        StudyPlan.MemoryPlan memory = new StudyPlan.MemoryPlan(home, localNode, remote, distance,
                remote < 0 ? "one NUMA node: no remote memory to compare with" : null);

        StudyPlan.MigrationPlan migrations = new StudyPlan.MigrationPlan(home,
                usable.size() < 2 ? "one allowed CPU: an unpinned thread has nowhere to migrate" : null);
        return new StudyPlan(usable, List.copyOf(pairs), fs, memory, migrations);
    }

    private static StudyPlan.Pair absent(String name, String description, String why) {
        return new StudyPlan.Pair(name, description, -1, -1, false, why);
    }

    private static int preferNotZero(CpuSet cpus) {
        int above = cpus.next(1);
        return above >= 0 ? above : cpus.first();
    }

    private static int[] smtPair(Topology t, CpuSet usable) {
        for (CpuSet core : t.cores()) {
            CpuSet mine = core.intersect(usable);
            if (mine.size() >= 2 && !mine.contains(0)) return new int[] {mine.first(), mine.next(mine.first() + 1)};
        }
        for (CpuSet core : t.cores()) {
            CpuSet mine = core.intersect(usable);
            if (mine.size() >= 2) return new int[] {mine.first(), mine.next(mine.first() + 1)};
        }
        return null;
    }

    /** Two CPUs of different cores under one L3 on one node: first threads of their cores, CPU 0 avoided if possible. */
    private static int[] sharedL3Pair(Topology t, CpuSet usable) {
        int[] best = null;
        for (CpuSet group : t.l3Groups()) {
            int[] firsts = coreFirsts(t, group.intersect(usable));
            for (int i = 0; i < firsts.length; i++) {
                for (int j = i + 1; j < firsts.length; j++) {
                    if (t.nodeOf(firsts[i]) != t.nodeOf(firsts[j])) continue;
                    int[] cand = {firsts[i], firsts[j]};
                    if (best == null || (best[0] == 0 && cand[0] != 0)) best = cand;
                }
            }
        }
        return best;
    }

    private static int[] crossL3Pair(Topology t, CpuSet usable) {
        for (Topology.Node n : t.nodes()) {
            int[] firsts = coreFirsts(t, n.cpus().intersect(usable));
            for (int i = 0; i < firsts.length; i++) {
                for (int j = i + 1; j < firsts.length; j++) {
                    if (!t.shareL3(firsts[i], firsts[j])) return new int[] {firsts[i], firsts[j]};
                }
            }
        }
        return null;
    }

    private static int[] crossNodePair(Topology t, CpuSet usable) {
        int[] best = null;
        int bestDistance = -1;
        for (Topology.Node a : t.nodes()) {
            CpuSet ca = a.cpus().intersect(usable);
            if (ca.isEmpty()) continue;
            for (Topology.Node b : t.nodes()) {
                CpuSet cb = b.cpus().intersect(usable);
                if (b.id() <= a.id() || cb.isEmpty()) continue;
                int d = t.distance(a.id(), b.id());
                if (d > bestDistance) {
                    bestDistance = d;
                    best = new int[] {preferNotZero(ca), preferNotZero(cb)};
                }
            }
        }
        return best;
    }

    /** The lowest allowed CPU of each core in {@code cpus}, in id order. */
    private static int[] coreFirsts(Topology t, CpuSet cpus) {
        CpuSet firsts = CpuSet.empty();
        for (int c : cpus.toArray()) firsts = firsts.with(t.cpu(c).threadSiblings().intersect(cpus).first());
        return firsts.toArray();
    }
}
