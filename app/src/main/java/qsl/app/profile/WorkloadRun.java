package qsl.app.profile;

import qsl.perf.profile.FlamegraphCapture;
import qsl.perf.profile.ProfiledWorkload;
import qsl.perf.stat.PerfStatControl;

/**
 * The measured JVM of {@code ./qsl perf-stat}: builds the workload, warms it up, then switches
 * perf's counters on ({@link PerfStatControl}), runs the steady-state window, switches them off
 * and prints one machine-readable line: {@code window ops=<n> nanos=<n> perf_control=<bool>}.
 * Arguments: workload, seconds, warm-up seconds, seed, wal mode. Exit codes as
 * {@link FlamegraphRun}.
 */
public final class WorkloadRun {
    private WorkloadRun() {}

    public static void main(String[] a) throws Exception {
        if (a.length != 5) {
            System.err.println("usage: WorkloadRun <workload> <seconds> <warmup-seconds> <seed> <wal-mode>");
            System.exit(1);
        }
        ProfiledWorkload w;
        try {
            w = Workloads.open(a[0], new WorkloadOptions(Long.parseLong(a[3]), a[4]));
        } catch (WorkloadUnavailableException e) {
            System.err.println("qsl perf-stat: " + e.getMessage());
            System.exit(FlamegraphRun.WORKLOAD_UNAVAILABLE);
            return;
        }
        long windowNanos = (long) (Double.parseDouble(a[1]) * 1e9);
        long warmupNanos = (long) (Double.parseDouble(a[2]) * 1e9);
        try (w; PerfStatControl perf = PerfStatControl.fromEnvironment()) {
            FlamegraphCapture.warmUp(w, warmupNanos);
            perf.enable();
            long t0 = System.nanoTime();
            long ops = FlamegraphCapture.steadyStateWindow(w, windowNanos);
            long elapsed = System.nanoTime() - t0;
            perf.disable();
            System.out.println("window ops=" + ops + " nanos=" + elapsed + " perf_control=" + perf.active());
        }
        System.exit(0);
    }
}
