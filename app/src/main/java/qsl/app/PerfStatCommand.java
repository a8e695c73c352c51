package qsl.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.app.profile.FlamegraphRun;
import qsl.app.profile.WorkloadOptions;
import qsl.app.profile.WorkloadRun;
import qsl.app.profile.Workloads;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;
import qsl.perf.stat.CounterReading;
import qsl.perf.stat.PerfStat;

/**
 * {@code ./qsl perf-stat}: runs a workload in a child JVM under Linux {@code perf stat}, with
 * the counters switched on only for the steady-state window (the child drives perf's control
 * FIFO after its warm-up), and writes {@code results/perf-stat-<workload>.json}. What the host
 * can count is probed first ({@code perf stat -e instructions true}); a counter it cannot count
 * is recorded as such, never as a number, and the evidence line says what was missing.
 */
@Command(name = "perf-stat", mixinStandardHelpOptions = true,
        description = "Runs a workload under Linux perf stat and classifies what the host could count.")
final class PerfStatCommand implements Callable<Integer> {
    private static final Pattern WINDOW = Pattern.compile("window ops=(\\d+) nanos=(\\d+) perf_control=(true|false)");

    @Option(names = "--workload", required = true, description = "engine, ring, wal or node")
    String workload;

    @Option(names = "--seconds", defaultValue = "10", description = "counted steady-state window (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "seconds before counting starts (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--seed", defaultValue = "42", description = "workload seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--wal-mode", defaultValue = "batch", description = "wal workload durability: none, batch or sync (default ${DEFAULT-VALUE})")
    String walMode;

    @Option(names = "--results", defaultValue = "results", description = "output directory (default ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        String reason = Workloads.unavailableReason(workload);
        if (reason != null) {
            System.err.println("qsl perf-stat: " + reason);
            return FlamegraphRun.WORKLOAD_UNAVAILABLE;
        }
        WorkloadOptions options;
        try {
            options = new WorkloadOptions(seed, walMode);
            if (!(seconds > 0) || !(warmup >= 0)) throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0");
        } catch (IllegalArgumentException e) {
            System.err.println("qsl perf-stat: " + e.getMessage());
            return 2;
        }
        String command = RunMetadata.command("qsl perf-stat --workload " + workload + " --seconds " + seconds);
        String name = "perf-stat-" + workload;
        List<String> events = new ArrayList<>(PerfStat.SOFTWARE_EVENTS);
        events.addAll(PerfStat.HARDWARE_EVENTS);

        PerfStat perf = PerfStat.find();
        if (perf == null) {
            System.err.println("qsl perf-stat: perf is not installed: " + PerfStat.INSTALL_HINT);
            ResultsFile.create(name, "perf stat: " + workload, command)
                    .evidence("constrained: perf is not installed on this host")
                    .meta("workload", workload)
                    .note("Nothing was counted: " + PerfStat.INSTALL_HINT + ", then run the command again.")
                    .write(results);
            return 1;
        }

        // What the host can count at all, before spending a run on it.
        List<CounterReading> probe = perf.probe(List.of("instructions"));
        String probeAnswer = probe.isEmpty() ? "no answer" : probe.get(0).status().label();
        System.err.println("qsl perf-stat: " + perf.version() + "; perf stat -e instructions true: " + probeAnswer);

        List<String> child = ChildJvm.command(WorkloadRun.class, List.of(),
                List.of(workload, Double.toString(seconds), Double.toString(warmup), Long.toString(options.seed()), options.walMode()));
        long timeout = (long) (seconds + warmup) + 120;
        PerfStat.Run run = perf.run(events, child, true, timeout);
        System.err.print(run.stderr().lines().filter(l -> l.startsWith("qsl ")).map(l -> l + "\n").reduce("", String::concat));
        if (run.exitCode() == FlamegraphRun.WORKLOAD_UNAVAILABLE) {
            System.err.println("qsl perf-stat: workload " + workload + " is not available");
            return FlamegraphRun.WORKLOAD_UNAVAILABLE;
        }
        Matcher m = WINDOW.matcher(run.stdout());
        if (run.timedOut() || run.exitCode() != 0 || !m.find()) {
            System.err.println("qsl perf-stat: the measured run failed (exit " + run.exitCode() + (run.timedOut() ? ", timed out" : "")
                    + "):\n" + run.stdout() + run.stderr());
            return 1;
        }
        long ops = Long.parseLong(m.group(1));
        long nanos = Long.parseLong(m.group(2));
        boolean controlled = Boolean.parseBoolean(m.group(3));

        String evidence = PerfStat.classify(run.readings());
        ResultsFile r = ResultsFile.create(name, "perf stat: " + workload + " steady state", command)
                .evidence(evidence)
                .meta("workload", workload)
                .meta("perf", perf.version())
                .meta("host_probe", "perf stat -e instructions true: " + probeAnswer)
                .meta("counted_window", controlled ? "steady state only (perf --control, enabled after " + warmup + " s warm-up)" : "whole child JVM run")
                .meta("scope", "every thread of the child JVM (JIT and GC threads included) during the window")
                .figure("window_s", nanos / 1e9)
                .figure("workload_ops", ops)
                .figure("workload_ops_per_s", ops / (nanos / 1e9));
        List<Object> table = new ArrayList<>();
        double instructions = Double.NaN;
        double cycles = Double.NaN;
        for (CounterReading c : run.readings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", c.event());
            row.put("status", c.status().label());
            row.put("raw", c.raw());
            if (c.status() == CounterReading.Status.COUNTED) {
                r.figure(c.figureKey(), c.value());
                row.put("value", c.value());
                if (ops > 0 && c.unit().equals("msec")) {
                    r.figure(c.figureKey().replace("_msec", "") + "_ns_per_op", c.value() * 1e6 / ops);
                } else if (ops > 0) {
                    r.figure(c.figureKey() + "_per_op", c.value() / ops);
                }
                if (c.event().equals("instructions")) instructions = c.value();
                if (c.event().equals("cycles")) cycles = c.value();
            }
            table.add(row);
        }
        if (!Double.isNaN(instructions) && !Double.isNaN(cycles) && cycles > 0) r.figure("instructions_per_cycle", instructions / cycles);
        r.section("counters", table);
        for (CounterReading c : run.readings()) {
            if (c.status() != CounterReading.Status.COUNTED) r.note(c.event() + ": " + c.status().label() + " (perf printed `" + c.raw() + "`); no number is reported for it.");
        }
        r.note("Counted with `perf stat -x, -D -1 --control fifo:...`: counting starts when the workload has warmed up and stops when its window ends.");
        Path json = r.write(results);

        System.out.println("evidence: " + evidence);
        for (CounterReading c : run.readings()) {
            System.out.println(String.format("  %-18s %s", c.event(), c.status() == CounterReading.Status.COUNTED ? c.raw() + (c.unit().isBlank() ? "" : " " + c.unit()) : c.status().label()));
        }
        System.out.println("ops: " + ops + " in " + (nanos / 1e9) + " s");
        System.out.println("wrote: " + json);
        return 0;
    }
}
