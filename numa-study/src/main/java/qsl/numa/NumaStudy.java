package qsl.numa;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import qsl.affinity.CpuProbe;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.affinity.ThreadLayout;
import qsl.affinity.Topology;
import qsl.affinity.TopologyRead;
import qsl.perf.results.ResultsFile;

/**
 * Runs the study {@link StudyPlanner} planned for this machine and writes
 * {@code results/numa_study.json} and {@code .md}. Every section carries an evidence line:
 * {@code measured}, or {@code constrained: ...} naming what the host lacks; nothing the host
 * cannot show is filled in.
 */
public final class NumaStudy {
    public static final String NAME = "numa_study";

    /**
     * @param secondsPerSection wall time each of the four sections gets (split among its measurements)
     * @param memoryBytes buffer size for the memory section; 0 picks twice the largest L3, within 256 MiB..1 GiB
     * @param sysRoot the sysfs root the topology is read from
     */
    public record Options(double secondsPerSection, long memoryBytes, Path resultsDir, String command, PrintStream progress, Path sysRoot) {
        public static Options defaults(String command) {
            return new Options(30, 0, Path.of("results"), command, System.err, Path.of("/sys"));
        }
    }

    private NumaStudy() {}

    /** Runs everything and writes the results; returns the JSON path. */
    public static Path run(Options o) throws Exception {
        TopologyRead read = Topology.read(o.sysRoot());
        Topology topology = switch (read) {
            case TopologyRead.Found f -> f.topology();
            case TopologyRead.Missing m -> TopologyRead.flat(Runtime.getRuntime().availableProcessors(), m.reason());
            case TopologyRead.Malformed m -> TopologyRead.flat(Runtime.getRuntime().availableProcessors(), m.message());
        };
        Outcome<CpuSet> affinity = ThreadAffinity.currentAffinity();
        CpuSet allowed = affinity.orElse(topology.online());
        StudyPlan plan = StudyPlanner.plan(topology, allowed);
        boolean canPin = affinity.isOk();
        Outcome<CpuProbe> probe = CpuProbe.create();

        double s = o.secondsPerSection();
        Progress progress = new Progress(o.progress(), 4 * s);
        progress.note("topology: " + topology.summary() + "; allowed CPUs " + plan.allowed().toList());
        for (String c : plan.constraints()) progress.note("constrained: " + c);

        ResultsFile results = ResultsFile.create(NAME, "Pinning and NUMA study", o.command());
        Map<String, Object> topo = topology.toMap();
        topo.put("allowed_cpus", plan.allowed().toList());
        topo.put("read", read instanceof TopologyRead.Found ? "ok" : read.toString());
        topo.put("node_thread_layout", ThreadLayout.plan(topology, plan.allowed()).toMap());
        results.section("topology", topo);
        results.section("plan", plan.toMap());
        results.meta("seconds_per_section", s);

        List<String> lacks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        pingPong(plan, canPin, affinity, s, progress, results, lacks, notes);
        falseSharing(plan, canPin, affinity, s, progress, results, lacks, notes);
        memory(plan, topology, canPin, affinity, s, o.memoryBytes(), progress, results, lacks, notes);
        migrations(plan, canPin, affinity, probe, s, progress, results, lacks, notes);

        results.evidence(lacks.isEmpty() ? "measured" : "constrained: " + String.join("; ", lacks));
        results.note("Topology: " + topology.summary() + "; allowed CPUs " + plan.allowed().toList() + ".");
        for (String n : notes) results.note(n);
        results.note("Sections, histograms and per-run tables are in " + NAME + ".json (topology, plan, ping_pong, "
                + "false_sharing, memory_locality, migrations; histograms.rtt_<pair> holds each pair's round-trip percentile distribution).");
        results.note("This host is shared and virtualised: timings are noisy; rerun on a quiet machine before comparing.");
        Path json = results.write(o.resultsDir());
        progress.note("wrote " + json + " and " + NAME + ".md in " + String.format(Locale.ROOT, "%.1f s", progress.elapsedSeconds()));
        return json;
    }

    private static void pingPong(StudyPlan plan, boolean canPin, Outcome<CpuSet> affinity, double s, Progress progress,
                                 ResultsFile results, List<String> lacks, List<String> notes) throws InterruptedException {
        List<StudyPlan.Pair> runnable = new ArrayList<>();
        List<String> constrained = new ArrayList<>();
        for (StudyPlan.Pair p : plan.pairs()) {
            if (!p.runnable()) constrained.add(p.name() + " (" + p.constraint() + ")");
            else if (p.pinned() && !canPin) constrained.add(p.name() + " (pinning " + affinity.describe() + ")");
            else runnable.add(p);
        }
        double each = s / Math.max(1, runnable.size());
        Map<String, Object> section = new LinkedHashMap<>();
        Map<String, Object> pairs = new LinkedHashMap<>();
        List<String> measured = new ArrayList<>();
        for (StudyPlan.Pair p : runnable) {
            progress.step("ping-pong " + p.name() + (p.pinned() ? " (cpu " + p.cpuA() + " <-> cpu " + p.cpuB() + ")" : " (any of "
                    + plan.allowed().toList() + ")"), each);
            long warm = (long) (each * 0.2e9);
            long measure = (long) (each * 0.8e9);
            PingPong.Result r = PingPong.run(p, plan.allowed(), warm, measure);
            Histogram h = r.histogram();
            String pinFailure = !r.pinA().startsWith("ok") ? r.pinA() : !r.pinB().startsWith("ok") ? r.pinB() : null;
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("description", p.description());
            pm.put("cpu_a", p.cpuA());
            pm.put("cpu_b", p.cpuB());
            pm.put("idle", p.timeShared() ? "yield" : "busy-spin");
            pm.put("evidence", pinFailure != null ? "constrained: pinning " + pinFailure
                    : h.getTotalCount() > 0 ? "measured" : "constrained: no round trip completed in " + measure / 1e9 + " s");
            pm.put("round_trips", h.getTotalCount());
            pm.put("warmup_round_trips", r.warmupRoundTrips());
            pm.put("p50_ns", h.getValueAtPercentile(50));
            pm.put("p90_ns", h.getValueAtPercentile(90));
            pm.put("p99_ns", h.getValueAtPercentile(99));
            pm.put("p99_9_ns", h.getValueAtPercentile(99.9));
            pm.put("max_ns", h.getMaxValue());
            pm.put("mean_ns", h.getMean());
            pm.put("pin_a", r.pinA());
            pm.put("pin_b", r.pinB());
            pm.put("cpus_seen_a", r.cpusSeenA());
            pm.put("cpus_seen_b", r.cpusSeenB());
            pairs.put(p.name(), pm);
            if (pinFailure != null) {
                // The threads did not run where the pair says: its numbers would describe another placement.
                constrained.add(p.name() + " (pinning " + pinFailure + ")");
                progress.result("not recorded: pinning " + pinFailure);
                continue;
            }
            if (h.getTotalCount() == 0) {
                constrained.add(p.name() + " (no round trip completed)");
                continue;
            }
            measured.add(p.name());
            results.figure("rtt_ns_p50_" + p.name(), h.getValueAtPercentile(50));
            results.figure("rtt_ns_p90_" + p.name(), h.getValueAtPercentile(90));
            results.figure("rtt_ns_p99_" + p.name(), h.getValueAtPercentile(99));
            results.figure("rtt_ns_p99_9_" + p.name(), h.getValueAtPercentile(99.9));
            results.figure("rtt_ns_max_" + p.name(), h.getMaxValue());
            // The whole percentile distribution, in the shape ./qsl results plots.
            results.histogram("rtt_" + p.name(), h, "ns");
            progress.result(String.format(Locale.ROOT, "%d round trips: p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns", h.getTotalCount(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue()));
        }
        for (StudyPlan.Pair p : plan.pairs()) {
            if (pairs.containsKey(p.name())) continue;
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("description", p.description());
            pm.put("evidence", "constrained: " + (p.runnable() ? "pinning " + affinity.describe() : p.constraint()));
            pairs.put(p.name(), pm);
        }
        String evidence = constrained.isEmpty() ? "measured" : "constrained: " + String.join(", ", constrained);
        section.put("evidence", evidence);
        section.put("measured_pairs", measured);
        section.put("method", "8-byte record out on one SPSC ring, echoed back on a second; round trip timed with System.nanoTime "
                + "into an HdrHistogram (3 significant digits); first 20% of each pair's time is warm-up, not recorded");
        section.put("pairs", pairs);
        results.section("ping_pong", section);
        if (!constrained.isEmpty()) lacks.add("ping-pong pairs " + String.join(", ", constrained));
        notes.add("Ping-pong: " + evidence + (measured.isEmpty() ? "" : "; measured pairs " + String.join(", ", measured)) + ".");
    }

    private static void falseSharing(StudyPlan plan, boolean canPin, Outcome<CpuSet> affinity, double s, Progress progress,
                                     ResultsFile results, List<String> lacks, List<String> notes) throws Exception {
        StudyPlan.FalseSharingPlan fs = plan.falseSharing();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("cpu_a", fs.cpuA());
        section.put("cpu_b", fs.cpuB());
        section.put("placement", fs.placement());
        String why = !fs.runnable() ? fs.constraint() : !canPin ? "pinning " + affinity.describe() : null;
        if (why != null) {
            section.put("evidence", "constrained: " + why);
            results.section("false_sharing", section);
            lacks.add("false sharing (" + why + ")");
            notes.add("False sharing: constrained: " + why + ".");
            return;
        }
        int rounds = 3;
        long perRun = (long) (s / (2 * rounds) * 1e9);
        progress.step("false sharing: counters on one line vs padded, cpu " + fs.cpuA() + " and cpu " + fs.cpuB() + ", " + rounds
                + " rounds each", s);
        FalseSharing.Result r = FalseSharing.run(fs, rounds, perRun);
        if (!r.pinA().startsWith("ok") || !r.pinB().startsWith("ok")) {
            String pin = !r.pinA().startsWith("ok") ? r.pinA() : r.pinB();
            section.put("evidence", "constrained: pinning " + pin);
            results.section("false_sharing", section);
            lacks.add("false sharing (pinning " + pin + ")");
            notes.add("False sharing: constrained: pinning " + pin + ".");
            progress.result("not recorded: pinning " + pin);
            return;
        }
        double shared = r.sharedMedian();
        double padded = r.paddedMedian();
        section.put("evidence", "measured");
        section.put("method", "each thread bumps its own long with an atomic add (VarHandle getAndAdd); shared layout: offsets 0 and 8 (one 64-byte line); "
                + "padded: offsets 0 and 128; rounds alternate layouts; figures are medians of both threads' summed ops/s");
        section.put("shared_offsets", List.of(CounterLineDescriptor.COUNTER_A_OFFSET, CounterLineDescriptor.COUNTER_B_SHARED_OFFSET));
        section.put("padded_offsets", List.of(CounterLineDescriptor.COUNTER_A_OFFSET, CounterLineDescriptor.COUNTER_B_PADDED_OFFSET));
        section.put("shared_ops_per_s_rounds", toList(r.sharedOpsPerS()));
        section.put("padded_ops_per_s_rounds", toList(r.paddedOpsPerS()));
        section.put("pin_a", r.pinA());
        section.put("pin_b", r.pinB());
        results.section("false_sharing", section);
        results.figure("false_sharing_shared_ops_per_s", shared);
        results.figure("false_sharing_padded_ops_per_s", padded);
        results.figure("false_sharing_slowdown", padded / shared);
        progress.result(String.format(Locale.ROOT, "shared %.3g ops/s, padded %.3g ops/s: slowdown x%.2f", shared, padded, padded / shared));
        notes.add("False sharing: measured on CPUs " + fs.cpuA() + " and " + fs.cpuB() + " (" + fs.placement() + ").");
    }

    private static void memory(StudyPlan plan, Topology topology, boolean canPin, Outcome<CpuSet> affinity, double s, long memoryBytes,
                               Progress progress, ResultsFile results, List<String> lacks, List<String> notes) throws Exception {
        StudyPlan.MemoryPlan mp = plan.memory();
        long bytes = memoryBytes > 0 ? memoryBytes : defaultBuffer(topology);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("cpu", mp.cpu());
        section.put("local_node", mp.localNode());
        section.put("remote_node", mp.remoteNode());
        section.put("distance", mp.distance());
        section.put("buffer_bytes", bytes);
        section.put("largest_l3_bytes", largestL3(topology));
        section.put("method", "buffer allocated page-aligned, mbind(MPOL_BIND, strict|move) to the node, placement checked page by page "
                + "with get_mempolicy(MPOL_F_NODE|MPOL_F_ADDR); read = sum of longs, write = fill, latency = dependent loads around one "
                + "random cycle of 64-byte lines (4 KiB pages: includes TLB misses); thread pinned to a CPU of the local node");
        List<String> constrained = new ArrayList<>();
        if (!canPin) constrained.add("pinning " + affinity.describe());
        if (!mp.remoteRunnable()) constrained.add(mp.remoteConstraint());
        if (bytes <= largestL3(topology)) {
            constrained.add("buffer (" + bytes + " B) not larger than the reported L3 (" + largestL3(topology) + " B): loads may hit L3");
        }
        int nodes = mp.remoteRunnable() ? 2 : 1;
        double each = s / nodes;
        progress.step("memory on local node " + mp.localNode() + " from cpu " + mp.cpu() + " (" + (bytes >> 20) + " MiB)", each);
        MemoryLocality.Result local = MemoryLocality.run(mp.cpu(), mp.localNode(), bytes, (long) (each * 0.8e9));
        section.put("local", local.toMap());
        progress.result(String.format(Locale.ROOT, "read %.2f GB/s, write %.2f GB/s, chase %.1f ns/load; %d/%d sampled pages on node %d (%s)",
                local.readGbPerS(), local.writeGbPerS(), local.chaseNsPerLoad(), local.pagesOnNode(), local.pagesChecked(), local.node(),
                local.binding()));
        if (!local.pin().startsWith("ok")) {
            constrained.add("pinning " + local.pin() + ": the measuring thread was not held on cpu " + mp.cpu());
        } else {
            results.figure("memory_read_gb_per_s_local", local.readGbPerS());
            results.figure("memory_write_gb_per_s_local", local.writeGbPerS());
            results.figure("memory_chase_ns_per_load_local", local.chaseNsPerLoad());
        }
        if (!local.binding().startsWith("mbind")) constrained.add("local binding " + local.binding() + " (first-touch placement used)");
        if (mp.remoteRunnable()) {
            progress.step("memory on remote node " + mp.remoteNode() + " from cpu " + mp.cpu(), each);
            MemoryLocality.Result remote = MemoryLocality.run(mp.cpu(), mp.remoteNode(), bytes, (long) (each * 0.8e9));
            section.put("remote", remote.toMap());
            progress.result(String.format(Locale.ROOT, "read %.2f GB/s, write %.2f GB/s, chase %.1f ns/load; %d/%d sampled pages on node %d",
                    remote.readGbPerS(), remote.writeGbPerS(), remote.chaseNsPerLoad(), remote.pagesOnNode(), remote.pagesChecked(), remote.node()));
            if (remote.binding().startsWith("mbind") && remote.pagesOnNode() == remote.pagesChecked() && remote.pin().startsWith("ok")
                    && local.pin().startsWith("ok")) {
                results.figure("memory_read_gb_per_s_remote", remote.readGbPerS());
                results.figure("memory_write_gb_per_s_remote", remote.writeGbPerS());
                results.figure("memory_chase_ns_per_load_remote", remote.chaseNsPerLoad());
                results.figure("memory_chase_remote_over_local", remote.chaseNsPerLoad() / local.chaseNsPerLoad());
                results.figure("memory_read_local_over_remote", local.readGbPerS() / remote.readGbPerS());
            } else {
                constrained.add("remote binding did not hold (" + remote.binding() + ", " + remote.pagesOnNode() + "/" + remote.pagesChecked()
                        + " pages on node " + remote.node() + ")");
            }
        }
        String evidence = constrained.isEmpty() ? "measured" : "constrained: " + String.join("; ", constrained);
        section.put("evidence", evidence);
        results.section("memory_locality", section);
        if (!constrained.isEmpty()) lacks.add("memory locality (" + String.join("; ", constrained) + ")");
        notes.add("Memory locality: " + evidence + "; local node " + mp.localNode() + " measured.");
    }

    private static void migrations(StudyPlan plan, boolean canPin, Outcome<CpuSet> affinity, Outcome<CpuProbe> probe, double s,
                                   Progress progress, ResultsFile results, List<String> lacks, List<String> notes) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("method", "a busy thread calls sched_getcpu in a loop for a fixed time and counts changes of CPU; "
                + "kernel_nr_migrations is se.nr_migrations from /proc/self/task/<tid>/sched over the same interval (-1: not exposed)");
        List<String> constrained = new ArrayList<>();
        if (!probe.isOk()) constrained.add("sched_getcpu " + probe.describe());
        if (!canPin) constrained.add("sched_setaffinity " + affinity.describe());
        if (!constrained.isEmpty()) {
            String evidence = "constrained: " + String.join("; ", constrained);
            section.put("evidence", evidence);
            results.section("migrations", section);
            lacks.add("migrations (" + String.join("; ", constrained) + ")");
            notes.add("Migrations: " + evidence + ".");
            return;
        }
        long half = (long) (s / 2 * 1e9);
        progress.step("migrations: busy thread unpinned over " + plan.allowed().toList(), s / 2);
        Migrations.Result free = Migrations.run("unpinned", plan.allowed(), half);
        progress.result(String.format(Locale.ROOT, "%d CPU changes in %.1f s (%.2f/s), visited %s, kernel count %d", free.changes(),
                free.seconds(), free.perSecond(), free.visited().toList(), free.kernelMigrations()));
        progress.step("migrations: busy thread pinned to cpu " + plan.migrations().pinnedCpu(), s / 2);
        Migrations.Result pinned = Migrations.run("pinned", CpuSet.of(plan.migrations().pinnedCpu()), half);
        progress.result(String.format(Locale.ROOT, "%d CPU changes in %.1f s (%.2f/s), visited %s, kernel count %d", pinned.changes(),
                pinned.seconds(), pinned.perSecond(), pinned.visited().toList(), pinned.kernelMigrations()));
        section.put("unpinned", free.toMap());
        section.put("pinned", pinned.toMap());
        if (plan.migrations().unpinnedConstraint() != null) constrained.add(plan.migrations().unpinnedConstraint());
        if (!free.pin().startsWith("ok")) constrained.add("resetting the unpinned thread's affinity " + free.pin());
        if (!pinned.pin().startsWith("ok")) constrained.add("pinning " + pinned.pin());
        String evidence = constrained.isEmpty() ? "measured" : "constrained: " + String.join("; ", constrained);
        section.put("evidence", evidence);
        results.section("migrations", section);
        if (free.pin().startsWith("ok")) results.figure("migrations_per_s_unpinned", free.perSecond());
        if (pinned.pin().startsWith("ok")) results.figure("migrations_per_s_pinned", pinned.perSecond());
        if (!constrained.isEmpty()) lacks.add("migrations (" + String.join("; ", constrained) + ")");
        notes.add("Migrations: " + evidence + ".");
    }

    static long largestL3(Topology t) {
        long max = 0;
        for (Topology.Cpu c : t.cpus()) for (Topology.Cache k : c.caches()) if (k.level() >= 3) max = Math.max(max, k.sizeBytes());
        return max;
    }

    /** Twice the largest L3 so chases miss it, kept between 256 MiB and 1 GiB. */
    static long defaultBuffer(Topology t) {
        long want = 2 * largestL3(t);
        return Math.max(256L << 20, Math.min(1L << 30, Long.highestOneBit(Math.max(1, want - 1)) << 1));
    }

    private static List<Object> toList(double[] values) {
        List<Object> l = new ArrayList<>();
        for (double v : values) l.add(v);
        return l;
    }
}
