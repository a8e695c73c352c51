package qsl.affinity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the node's threads go, chosen from the {@link Topology} and the CPUs this process may use.
 * A pure function of its inputs, so it is tested on recorded machines.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>All node threads on one NUMA node (the one with the most usable CPUs, lowest id on a tie):
 *       the rings between them then never cross the interconnect.</li>
 *   <li>The engine gets a physical core of its own, not the one holding CPU 0 (where the kernel
 *       tends to put interrupts and housekeeping) when there is a choice. Its SMT siblings stay
 *       idle ({@link #reserved()}): a busy sibling would share the core's pipelines and L1/L2.</li>
 *   <li>Gateway and journal each get one CPU on other cores, preferring cores that share the
 *       engine's L3 (their ring traffic with the engine then stays in that cache) and never the
 *       engine's siblings while another core exists.</li>
 *   <li>Everything else (GC, JIT, the rest of the JVM) goes to {@link #housekeeping()}: the
 *       usable CPUs on no node-thread core.</li>
 * </ol>
 * When the machine is too small for a rule the plan still answers, shares CPUs, and lists the
 * sharing in {@link #compromises()}.
 */
public final class ThreadLayout {
    private final int node;
    private final Map<NodeThread, Integer> cpus;
    private final CpuSet reserved;
    private final CpuSet housekeeping;
    private final List<String> compromises;

    private ThreadLayout(int node, Map<NodeThread, Integer> cpus, CpuSet reserved, CpuSet housekeeping, List<String> compromises) {
        this.node = node;
        this.cpus = Collections.unmodifiableMap(cpus);
        this.reserved = reserved;
        this.housekeeping = housekeeping;
        this.compromises = List.copyOf(compromises);
    }

    /**
     * Plans the node's three threads (engine, gateway, journal), each a thread of its own.
     *
     * @param allowed the CPUs this process may run on (its affinity, e.g. from
     *     {@link ThreadAffinity#currentAffinity()}); CPUs outside the topology are ignored
     */
    public static ThreadLayout plan(Topology topology, CpuSet allowed) {
        return plan(topology, allowed, EnumSet.allOf(NodeThread.class));
    }

    /**
     * Plans the node threads that run as threads of their own; a {@link NodeThread} not in
     * {@code separate} runs on the engine's thread (a node that runs the gateway and the engine on
     * one thread, or the journal stage on the engine's thread) and gets the engine's CPU.
     *
     * @param allowed the CPUs this process may run on (its affinity, e.g. from
     *     {@link ThreadAffinity#currentAffinity()}); CPUs outside the topology are ignored
     * @param separate the node threads that are threads of their own (the engine's always is)
     */
    public static ThreadLayout plan(Topology topology, CpuSet allowed, Set<NodeThread> separate) {
        List<String> notes = new ArrayList<>();
        CpuSet usable = topology.online().intersect(allowed);
        if (usable.isEmpty()) {
            notes.add("no allowed CPU is online (" + allowed.toList() + "): planning over all online CPUs " + topology.online().toList());
            usable = topology.online();
        }

        Topology.Node home = null;
        int best = -1;
        for (Topology.Node n : topology.nodes()) {
            int count = n.cpus().intersect(usable).size();
            if (count > best) {
                best = count;
                home = n;
            }
        }
        CpuSet nodeCpus = home == null || best == 0 ? usable : home.cpus().intersect(usable);
        int nodeId = home == null ? 0 : home.id();

        // Cores of the home node, CPU 0's core last; fully usable cores first for the engine.
        List<CpuSet> cores = new ArrayList<>();
        List<CpuSet> withCpu0 = new ArrayList<>();
        for (CpuSet core : topology.cores()) {
            CpuSet mine = core.intersect(nodeCpus);
            if (mine.isEmpty()) continue;
            (core.contains(0) ? withCpu0 : cores).add(core);
        }
        cores.addAll(withCpu0);

        CpuSet engineCore = cores.get(0);
        for (CpuSet core : cores) {
            if (core.intersect(usable).equals(core)) {
                engineCore = core;
                break;
            }
        }
        int engine = engineCore.intersect(nodeCpus).first();
        CpuSet reserved = engineCore.intersect(usable).without(engine);

        List<CpuSet> others = new ArrayList<>();
        for (CpuSet core : cores) if (!core.equals(engineCore) && topology.shareL3(engine, core.first())) others.add(core);
        for (CpuSet core : cores) if (!core.equals(engineCore) && !others.contains(core)) others.add(core);

        // The threads beside the engine's, gateway first; the rest run on the engine's thread.
        List<NodeThread> own = new ArrayList<>();
        for (NodeThread t : NodeThread.values()) if (t != NodeThread.ENGINE && separate.contains(t)) own.add(t);
        Map<NodeThread, Integer> map = new EnumMap<>(NodeThread.class);
        for (NodeThread t : NodeThread.values()) map.put(t, engine);
        CpuSet housekeeping = usable.minus(engineCore);
        if (own.isEmpty()) {
            // the engine's thread is the node: nothing to place beside it
        } else if (others.isEmpty()) {
            if (!reserved.isEmpty()) {
                int cpu = reserved.first();
                for (int k = 0; k < own.size(); k++) {
                    if (k > 0 && reserved.size() > k) cpu = reserved.next(cpu + 1);
                    map.put(own.get(k), cpu);
                }
                notes.add("one core on node " + nodeId + ": " + names(own) + (own.size() > 1 ? " run" : " runs")
                        + " on the engine's SMT sibling(s) " + reserved.toList());
                for (NodeThread t : own) reserved = reserved.without(map.get(t));
            } else {
                List<NodeThread> all = new ArrayList<>(own);
                all.add(0, NodeThread.ENGINE);
                notes.add("one usable CPU: " + names(all) + (all.size() > 2 ? " all" : "") + " time-share CPU " + engine);
            }
        } else {
            for (int k = 0; k < own.size(); k++) {
                CpuSet core = others.get(Math.min(k, others.size() - 1));
                map.put(own.get(k), core.intersect(nodeCpus).first());
                housekeeping = housekeeping.minus(core);
            }
            if (own.size() > others.size()) {
                notes.add(cores.size() + " cores on node " + nodeId + ": " + names(own) + " share CPU " + map.get(own.get(0)));
            }
            int first = map.get(own.get(0));
            if (!topology.shareL3(engine, first)) {
                notes.add("no other core shares the engine's L3: " + name(own.get(0)) + " on CPU " + first + " talks to it across caches");
            }
        }

        if (housekeeping.isEmpty()) {
            housekeeping = usable.minus(engineCore);
            if (housekeeping.isEmpty()) housekeeping = usable;
            notes.add("no CPU left for housekeeping (GC, JIT): it shares " + housekeeping.toList() + " with the node threads");
        }
        return new ThreadLayout(nodeId, map, reserved, housekeeping, notes);
    }

    private static String name(NodeThread t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** "engine", "gateway and journal", "engine, gateway and journal". */
    private static String names(List<NodeThread> threads) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < threads.size(); i++) {
            if (i > 0) b.append(i == threads.size() - 1 ? " and " : ", ");
            b.append(name(threads.get(i)));
        }
        return b.toString();
    }

    /** The NUMA node the node threads live on. */
    public int node() {
        return node;
    }

    /** The CPU a thread is pinned to. */
    public int cpu(NodeThread thread) {
        return cpus.get(thread);
    }

    /** The same, as a set for {@link ThreadAffinity#pinCurrentThread(CpuSet)} or {@link PinningThreadFactory}. */
    public CpuSet cpuSet(NodeThread thread) {
        return CpuSet.of(cpu(thread));
    }

    /** CPUs deliberately left idle: the engine core's SMT siblings. */
    public CpuSet reserved() {
        return reserved;
    }

    /** Where everything that is not a node thread should run. */
    public CpuSet housekeeping() {
        return housekeeping;
    }

    /** What the machine was too small for; empty when every rule held. */
    public List<String> compromises() {
        return compromises;
    }

    /** A JSON-ready description. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        for (NodeThread t : NodeThread.values()) m.put(name(t) + "_cpu", cpu(t));
        m.put("reserved", reserved.toList());
        m.put("housekeeping", housekeeping.toList());
        m.put("compromises", compromises);
        return m;
    }

    @Override
    public String toString() {
        return "ThreadLayout" + toMap();
    }
}
