package qsl.app.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.profile.FlamegraphCapture;
import qsl.perf.profile.ProfiledWorkload;
import qsl.perf.profile.ProfilerEvent;
import qsl.perf.profile.ProfilerSession;

/**
 * The profiled JVM of {@code ./qsl flamegraph}: {@code FlamegraphCommand} starts this main in
 * a child JVM with {@link ChildJvm#exactProfilingFrames()} (flags that cannot be switched on in
 * a running JVM), and it builds the workload, warms it up and records it with
 * {@link FlamegraphCapture}. Exit codes: 0 done, 2 workload not available, 3 profiler could not
 * start, 1 anything else.
 */
public final class FlamegraphRun {
    public static final int WORKLOAD_UNAVAILABLE = 2;
    public static final int PROFILER_UNAVAILABLE = 3;

    private FlamegraphRun() {}

    /** What to record; {@link #toArgs()} and {@link #parse} carry it across the process boundary. */
    public record Request(String workload, ProfilerEvent event, double seconds, double warmupSeconds, long interval,
                          String cpuEngine, Path outDir, WorkloadOptions options, String command) {
        public List<String> toArgs() {
            return new ArrayList<>(List.of(workload, event.cliName(), Double.toString(seconds), Double.toString(warmupSeconds),
                    Long.toString(interval), cpuEngine == null ? "auto" : cpuEngine, outDir.toAbsolutePath().toString(),
                    Long.toString(options.seed()), options.walMode(), command));
        }

        public static Request parse(String[] a) {
            if (a.length != 10) throw new IllegalArgumentException("expected 10 arguments, got " + a.length);
            return new Request(a[0], ProfilerEvent.parse(a[1]), Double.parseDouble(a[2]), Double.parseDouble(a[3]),
                    Long.parseLong(a[4]), a[5].equals("auto") ? null : a[5], Path.of(a[6]),
                    new WorkloadOptions(Long.parseLong(a[7]), a[8]), a[9]);
        }
    }

    /** Records one flamegraph in this JVM; returns the exit code. */
    public static int record(Request r) {
        ProfiledWorkload w;
        try {
            w = Workloads.open(r.workload(), r.options());
        } catch (WorkloadUnavailableException e) {
            System.err.println("qsl flamegraph: " + e.getMessage());
            return WORKLOAD_UNAVAILABLE;
        } catch (Exception e) {
            System.err.println("qsl flamegraph: workload " + r.workload() + " failed to start: " + e);
            return 1;
        }
        try (w) {
            System.err.println("qsl flamegraph: " + w.description());
            System.err.println("qsl flamegraph: warming up " + r.warmupSeconds() + " s, then recording " + r.event().cliName() + " for "
                    + r.seconds() + " s");
            FlamegraphCapture.Capture c = FlamegraphCapture.run(w, new FlamegraphCapture.Settings(r.event(), r.seconds(), r.warmupSeconds(),
                    r.interval(), r.cpuEngine(), r.outDir(), r.command()));
            System.out.println("engine:   " + c.engine());
            System.out.println("samples:  " + c.samples() + (r.event().weighted() ? " (weight " + c.sampledWeight() + ")" : ""));
            System.out.println("ops:      " + c.operations());
            System.out.println("top self frames:");
            for (int i = 0; i < Math.min(8, c.topSelf().size()); i++) {
                System.out.println(String.format("  %12d  %s", c.topSelf().get(i).weight(), c.topSelf().get(i).frame()));
            }
            if (r.event() == ProfilerEvent.ALLOC) {
                System.out.println("allocation sampled: " + c.sampledWeight() + " bytes; exact on the driving thread: "
                        + c.allocatedBytesDriver() + " bytes, on worker threads: " + c.allocatedBytesWorkers() + " bytes");
                c.allocationSites().forEach(s -> System.out.println("  " + s.weight() + " bytes of " + s.allocatedClass() + " at " + s.site()
                        + " (" + FlamegraphCapture.placement(s.heaviestStack()) + ")"));
            }
            System.out.println("wrote:    " + c.html() + ", " + c.collapsed() + ", " + c.json());
            return 0;
        } catch (ProfilerSession.ProfilerUnavailableException e) {
            System.err.println("qsl flamegraph: " + e.getMessage());
            return PROFILER_UNAVAILABLE;
        } catch (Exception e) {
            System.err.println("qsl flamegraph: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            code = record(Request.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("qsl flamegraph (child): bad arguments: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }
}
