package qsl.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.app.profile.FlamegraphRun;
import qsl.app.profile.WorkloadOptions;
import qsl.app.profile.Workloads;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.profile.ProfilerEvent;
import qsl.perf.results.RunMetadata;

/**
 * {@code ./qsl flamegraph}: records an async-profiler flamegraph of a workload's steady state.
 * The profile is taken in a child JVM started with {@code -XX:+UnlockDiagnosticVMOptions
 * -XX:+DebugNonSafepoints} (exact Java frames; a running JVM cannot switch this on), on this
 * JVM's class path; {@code --in-process} skips the child and says so in the evidence line.
 */
@Command(name = "flamegraph", mixinStandardHelpOptions = true,
        description = {"async-profiler flamegraph of a named workload's steady state.",
            "Writes results/flamegraph-<workload>-<event>.html, .collapsed and .json (with the engine that sampled)."})
final class FlamegraphCommand implements Callable<Integer> {

    @Option(names = "--workload", required = true, description = "engine, ring, wal or node")
    String workload;

    @Option(names = "--event", defaultValue = "cpu", description = "cpu, wall, alloc or lock (default ${DEFAULT-VALUE})")
    String event;

    @Option(names = "--seconds", defaultValue = "10", description = "how long to record the steady state (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "seconds to run before recording (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--interval", description = "sampling interval: ns for cpu/wall (default 1000000 / 5000000), bytes for alloc (default 1: every allocation), ns threshold for lock (default 0)")
    Long interval;

    @Option(names = "--engine", defaultValue = "auto",
            description = "cpu only: auto (perf_events, else ctimer, else itimer), perf_events, ctimer or itimer (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--seed", defaultValue = "42", description = "workload seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--wal-mode", defaultValue = "batch", description = "wal workload durability: none, batch or sync (default ${DEFAULT-VALUE})")
    String walMode;

    @Option(names = "--results", defaultValue = "results", description = "output directory (default ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--in-process", description = "profile in this JVM instead of a child JVM (no -XX:+DebugNonSafepoints: recorded as constrained)")
    boolean inProcess;

    @Override
    public Integer call() throws Exception {
        String reason = Workloads.unavailableReason(workload);
        if (reason != null) {
            System.err.println("qsl flamegraph: " + reason);
            return FlamegraphRun.WORKLOAD_UNAVAILABLE;
        }
        ProfilerEvent ev;
        WorkloadOptions options;
        try {
            ev = ProfilerEvent.parse(event);
            options = new WorkloadOptions(seed, walMode);
            if (!(seconds > 0) || !(warmup >= 0)) throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0");
        } catch (IllegalArgumentException e) {
            System.err.println("qsl flamegraph: " + e.getMessage());
            return 2;
        }
        String cpuEngine = switch (engine) {
            case "auto" -> null;
            case "perf_events", "cpu" -> "cpu";
            case "ctimer", "itimer" -> engine;
            default -> null;
        };
        if (cpuEngine == null && !engine.equals("auto")) {
            System.err.println("qsl flamegraph: --engine must be auto, perf_events, ctimer or itimer: " + engine);
            return 2;
        }
        if (cpuEngine != null && ev != ProfilerEvent.CPU) {
            System.err.println("qsl flamegraph: --engine applies to --event cpu only");
            return 2;
        }
        String command = RunMetadata.command("qsl flamegraph --workload " + workload + " --event " + ev.cliName() + " --seconds " + seconds);
        FlamegraphRun.Request request = new FlamegraphRun.Request(workload, ev, seconds, warmup,
                interval == null ? ev.defaultInterval() : interval, cpuEngine, results, options, command);
        if (inProcess) return FlamegraphRun.record(request);

        List<String> jvm = new ArrayList<>(ChildJvm.exactProfilingFrames());
        String resultsProperty = System.getProperty("qsl.results");
        if (resultsProperty != null) jvm.add("-Dqsl.results=" + resultsProperty);
        List<String> cmd = ChildJvm.command(FlamegraphRun.class, jvm, request.toArgs());
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // Ctrl-C stops the profiled child too
        return p.waitFor();
    }
}
