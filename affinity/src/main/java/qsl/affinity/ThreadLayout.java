package qsl.affinity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Plans the node's threads.
     *
     * @param allowed the CPUs this process may run on (its affinity, e.g. from
     *     {@link ThreadAffinity#currentAffinity()}); CPUs outside the topology are ignored
     */
    public static ThreadLayout plan(Topology topology, CpuSet allowed) {
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

        int gateway;
        int journal;
        CpuSet gatewayCore;
        CpuSet journalCore;
        if (others.isEmpty()) {
            if (!reserved.isEmpty()) {
                gateway = reserved.first();
                journal = reserved.size() > 1 ? reserved.next(gateway + 1) : gateway;
                notes.add("one core on node " + nodeId + ": gateway and journal run on the engine's SMT sibling(s) " + reserved.toList());
                reserved = reserved.without(gateway).without(journal);
            } else {
                gateway = engine;
                journal = engine;
                notes.add("one usable CPU: engine, gateway and journal all time-share CPU " + engine);
            }
            gatewayCore = engineCore;
            journalCore = engineCore;
        } else {
            gatewayCore = others.get(0);
            gateway = gatewayCore.intersect(nodeCpus).first();
            if (others.size() > 1) {
                journalCore = others.get(1);
                journal = journalCore.intersect(nodeCpus).first();
            } else {
                journalCore = gatewayCore;
                journal = gateway;
                notes.add(cores.size() + " cores on node " + nodeId + ": gateway and journal share CPU " + gateway);
            }
        }
        if (!topology.shareL3(engine, gateway) && gateway != engine) {
            notes.add("no other core shares the engine's L3: gateway on CPU " + gateway + " talks to it across caches");
        }

        CpuSet housekeeping = usable.minus(engineCore).minus(gatewayCore).minus(journalCore);
        if (housekeeping.isEmpty()) {
            housekeeping = usable.minus(engineCore);
            if (housekeeping.isEmpty()) housekeeping = usable;
            notes.add("no CPU left for housekeeping (GC, JIT): it shares " + housekeeping.toList() + " with the node threads");
        }

        Map<NodeThread, Integer> map = new EnumMap<>(NodeThread.class);
        map.put(NodeThread.ENGINE, engine);
        map.put(NodeThread.GATEWAY, gateway);
        map.put(NodeThread.JOURNAL, journal);
        return new ThreadLayout(nodeId, map, reserved, housekeeping, notes);
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
        for (NodeThread t : NodeThread.values()) m.put(t.name().toLowerCase(java.util.Locale.ROOT) + "_cpu", cpu(t));
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
