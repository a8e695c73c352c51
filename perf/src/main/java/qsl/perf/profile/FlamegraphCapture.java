package qsl.perf.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qsl.perf.alloc.AllocationMeter;
import qsl.perf.results.ResultsFile;

/**
 * Records one flamegraph of a {@link ProfiledWorkload}'s steady state in this JVM: warm up,
 * start async-profiler, run the workload for the given time, stop, then write
 * {@code flamegraph-<workload>-<event>.html} (async-profiler's flamegraph),
 * {@code .collapsed} (the stacks as text) and {@code .json}/{@code .md} (a results file naming
 * the engine that sampled, the sample count, the hottest frames and, for {@code alloc}, every
 * allocation site with its bytes).
 *
 * <p>For {@code alloc} the run is also a zero-GC check: besides async-profiler's sampled bytes
 * (every allocation at the default interval of 1 byte), the driving thread's exact allocated
 * bytes over the window come from {@link AllocationMeter}. Both should be 0 for a steady state
 * that allocates nothing; any sampled byte is listed with its allocation site and whether it
 * happened inside the measured loop.
 *
 * <p>Run it in a JVM started with {@link qsl.perf.alloc.ChildJvm#exactProfilingFrames()}: without
 * {@code -XX:+DebugNonSafepoints} inlined Java frames are attributed to the wrong method, and
 * the results file says so in its evidence line.
 */
public final class FlamegraphCapture {
    /** The frame that marks the measured loop in every stack recorded during the window. */
    public static final String WINDOW_FRAME = FlamegraphCapture.class.getName() + ".steadyStateWindow";

    private FlamegraphCapture() {}

    /**
     * @param event what to record
     * @param seconds how long to record the steady state
     * @param warmupSeconds how long to run the workload before recording
     * @param interval the event's interval ({@link ProfilerEvent#defaultInterval()} for the default)
     * @param cpuEngine {@code null}, or the cpu engine to force ({@code cpu}, {@code ctimer}, {@code itimer})
     * @param outDir where the files go (normally {@code results/})
     * @param command the command line to record in the results file
     */
    public record Settings(ProfilerEvent event, double seconds, double warmupSeconds, long interval, String cpuEngine,
                           Path outDir, String command) {
        public Settings {
            if (!(seconds > 0)) throw new IllegalArgumentException("seconds must be > 0: " + seconds);
            if (!(warmupSeconds >= 0)) throw new IllegalArgumentException("warm-up seconds must be >= 0: " + warmupSeconds);
            if (interval < 0) throw new IllegalArgumentException("interval must be >= 0: " + interval);
        }
    }

    /** What one capture found (also written to the results file). */
    public record Capture(Path json, Path html, Path collapsed, String engine, long samples, long operations,
                          long sampledWeight, long allocatedBytesDriver, long allocatedBytesWorkers,
                          List<CollapsedStacks.FrameWeight> topSelf, List<CollapsedStacks.AllocationSite> allocationSites) {}

    public static String stem(String workload, ProfilerEvent event) {
        return "flamegraph-" + workload + "-" + event.cliName();
    }

    public static Capture run(ProfiledWorkload workload, Settings s) throws Exception {
        long warmupNanos = (long) (s.warmupSeconds() * 1e9);
        long windowNanos = (long) (s.seconds() * 1e9);
        long warmupOps = warmUp(workload, warmupNanos);

        AllocationMeter meter = AllocationMeter.create();
        meter.currentThreadBytes(); // links the native method now, not inside the recorded window
        List<Thread> workers = workload.workerThreads();
        AllocationMeter.Window workerWindow = meter.open(workers.toArray(new Thread[0]));
        ProfilerSession session = ProfilerSession.start(s.event(), s.interval(), s.cpuEngine());
        long driverBefore = meter.currentThreadBytes();
        long t0 = System.nanoTime();
        long ops = steadyStateWindow(workload, windowNanos);
        long elapsed = System.nanoTime() - t0;
        long driverAfter = meter.currentThreadBytes();
        session.stop();
        long workerBytes = workerWindow.allocatedBytes();
        long driverBytes = driverAfter - driverBefore;

        String stem = stem(workload.name(), s.event());
        Path dir = s.outDir();
        Files.createDirectories(dir);
        Path html = dir.resolve(stem + ".html");
        Path collapsedFile = dir.resolve(stem + ".collapsed");
        boolean weighted = s.event().weighted();
        String collapsedSamples = session.collapsed(false);
        String collapsedTotal = weighted ? session.collapsed(true) : collapsedSamples;
        Files.writeString(collapsedFile, weighted ? collapsedTotal : collapsedSamples, StandardCharsets.UTF_8);
        String title = workload.name() + " " + s.event().cliName() + " (" + session.engine() + ")";
        session.writeFlamegraph(html, title, weighted);

        CollapsedStacks bySamples = CollapsedStacks.parse(collapsedSamples);
        CollapsedStacks byWeight = weighted ? CollapsedStacks.parse(collapsedTotal) : bySamples;
        long samples = bySamples.total();
        long weight = byWeight.total();
        List<CollapsedStacks.FrameWeight> topSelf = byWeight.topSelf(15);
        List<CollapsedStacks.FrameWeight> topIncl = byWeight.topInclusive(25);
        long hot = byWeight.inclusive(f -> startsWithAny(f, workload.hotFramePrefixes()));
        long inWindow = byWeight.inclusive(f -> CollapsedStacks.stripAnnotation(f).equals(WINDOW_FRAME));
        long kernel = bySamples.inclusive(f -> f.endsWith("_[k]"));
        List<CollapsedStacks.AllocationSite> sites = s.event() == ProfilerEvent.ALLOC ? byWeight.allocationSites(bySamples) : List.of();

        boolean exactFrames = vmFlag("DebugNonSafepoints");
        Integer paranoid = SamplingEngine.perfEventParanoid();
        ResultsFile r = ResultsFile.create(stem, "Flamegraph: " + workload.name() + ", " + s.event().cliName(), s.command())
                .evidence(evidence(s, session, exactFrames))
                .meta("workload", workload.name())
                .meta("workload_description", workload.description())
                .meta("event", s.event().cliName())
                .meta("profiler", "async-profiler " + ProfilerSession.version() + " (Java API, in-process)")
                .meta("profiler_engine", session.engine())
                .meta("profiler_engine_basis", session.engineBasis())
                .meta("profiler_engine_fallbacks", session.fallbacks().isEmpty() ? "none" : String.join("; ", session.fallbacks()))
                .meta("interval", s.interval() + " (" + s.event().intervalMeaning() + ")")
                .meta("debug_non_safepoints", exactFrames)
                .meta("perf_event_paranoid", paranoid == null ? "unknown" : paranoid.toString())
                .meta("artifacts", List.of(html.getFileName().toString(), collapsedFile.getFileName().toString()))
                .figure("warmup_s", s.warmupSeconds())
                .figure("warmup_ops", warmupOps)
                .figure("profiled_s", seconds(elapsed))
                .figure("workload_ops", ops)
                .figure("workload_ops_per_s", ops / seconds(elapsed))
                .figure("samples", samples)
                .figure("kernel_frame_samples", kernel)
                .figure("hot_frames_samples", s.event().weighted() ? bySamples.inclusive(f -> startsWithAny(f, workload.hotFramePrefixes())) : hot)
                .figure("hot_frames_pct", weight == 0 ? 0.0 : 100.0 * hot / weight)
                .figure("window_loop_pct", weight == 0 ? 0.0 : 100.0 * inWindow / weight)
                .figure("malformed_collapsed_lines", byWeight.malformedLines());
        if (s.event() == ProfilerEvent.ALLOC) {
            long sampledInWindow = byWeight.inclusive(f -> CollapsedStacks.stripAnnotation(f).equals(WINDOW_FRAME));
            long sampledInWorkload = bytesBelowWindowFrame(byWeight);
            r.figure("alloc_bytes_sampled", weight)
                    .figure("alloc_bytes_sampled_in_window_loop", sampledInWindow)
                    .figure("alloc_bytes_sampled_in_workload_code", sampledInWorkload)
                    .figure("alloc_bytes_sampled_at_window_frame", sampledInWindow - sampledInWorkload)
                    .figure("alloc_bytes_sampled_outside_window_loop", weight - sampledInWindow)
                    .figure("alloc_bytes_driver_thread_exact", driverBytes)
                    .figure("alloc_bytes_worker_threads_exact", workerBytes)
                    .figure("alloc_bytes_per_op_exact", ops == 0 ? 0.0 : (double) (driverBytes + workerBytes) / ops);
            List<Object> siteList = new ArrayList<>();
            for (CollapsedStacks.AllocationSite site : sites) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("class", site.allocatedClass());
                m.put("site", site.site());
                m.put("bytes", site.weight());
                m.put("samples", site.samples());
                String where = placement(site.heaviestStack());
                m.put("in_window_loop", site.heaviestStack().contains(WINDOW_FRAME));
                m.put("placement", where);
                m.put("heaviest_stack", site.heaviestStack());
                siteList.add(m);
                r.note(site.weight() + " bytes (" + site.samples() + " samples) of " + site.allocatedClass() + " allocated in "
                        + site.site() + ", " + where + "; stack: " + tail(site.heaviestStack(), 6));
            }
            r.section("alloc_sites", siteList);
            if (sites.isEmpty()) r.note("No allocation sampled during the " + seconds(elapsed) + " s steady-state window: the alloc flamegraph is empty.");
            r.note("Exact per-thread count (ThreadMXBean) over the same window: driver thread " + driverBytes + " bytes, worker threads " + workerBytes + " bytes.");
            if (driverBytes + workerBytes > 0 && sampledInWindow == 0) {
                r.note("The exact count is above 0 while the sampler recorded nothing in the loop: allocation on a path the JIT had not yet "
                        + "compiled (docs/profiling.md, the captureCallState trap); run again with a longer --warmup.");
            }
        } else if (s.event() == ProfilerEvent.LOCK) {
            r.figure("lock_wait_ns_sampled", weight);
        }
        r.section("top_self_frames", frames(topSelf));
        r.section("top_inclusive_frames", frames(topIncl));
        r.note("Engine: " + session.engine() + " (" + session.engineBasis() + ").");
        if (!session.fallbacks().isEmpty()) r.note("Engines that did not start first: " + String.join("; ", session.fallbacks()) + ".");
        r.note("Warm-up " + s.warmupSeconds() + " s (" + warmupOps + " operations) before the profiler started; the profile covers the steady state only.");
        r.note("Files: " + html.getFileName() + " (open in a browser), " + collapsedFile.getFileName() + " (one stack per line).");
        Path json = r.write(dir);
        return new Capture(json, html, collapsedFile, session.engine(), samples, ops, weight, driverBytes, workerBytes, topSelf, sites);
    }

    /**
     * The measured loop: calls the workload until {@code nanos} have passed. Allocation-free
     * itself (primitive locals, an interface call), so whatever an alloc profile finds under
     * this frame is the workload's.
     */
    public static long steadyStateWindow(ProfiledWorkload workload, long nanos) {
        long ops = 0;
        long deadline = System.nanoTime() + nanos;
        do {
            ops += workload.runBatch();
        } while (System.nanoTime() - deadline < 0);
        return ops;
    }

    /**
     * Where an allocation stack (root first, the allocated class last) sits relative to the
     * measured loop: in the workload's code (a frame below the loop's), at the loop's own frame
     * (the loop's bytecode allocates nothing, so this is the JVM acting on the thread at that
     * point, e.g. at a safepoint poll), or outside the loop (before or after the window, other threads).
     */
    public static String placement(String stack) {
        String[] f = stack.split(";");
        for (int i = 0; i < f.length; i++) {
            if (CollapsedStacks.stripAnnotation(f[i]).equals(WINDOW_FRAME)) {
                return i + 2 < f.length ? "in the workload's code inside the measured loop"
                        : "at the measured loop's own frame, no workload method on the stack (not the workload's allocation; docs/profiling.md)";
            }
        }
        return "outside the measured loop";
    }

    /** Bytes on stacks that reach a method called from the measured loop (below its frame, before the class frame). */
    static long bytesBelowWindowFrame(CollapsedStacks stacks) {
        long t = 0;
        for (CollapsedStacks.Stack st : stacks.stacks()) {
            List<String> f = st.frames();
            for (int i = 0; i < f.size(); i++) {
                if (CollapsedStacks.stripAnnotation(f.get(i)).equals(WINDOW_FRAME)) {
                    if (i + 2 < f.size()) t += st.count();
                    break;
                }
            }
        }
        return t;
    }

    /**
     * Runs the workload for {@code nanos} through {@link #steadyStateWindow} in short windows, so
     * the JIT sees that loop's exit taken and compiles it as an ordinary branch. Warmed up in one
     * long call instead, the window's loop exit is an "unstable if": leaving the recorded window
     * would deoptimise it, and the deoptimisation re-allocates the objects C2 had scalar-replaced,
     * which an alloc profile then shows inside the window.
     */
    public static long warmUp(ProfiledWorkload workload, long nanos) {
        long ops = 0;
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() - deadline < 0) ops += steadyStateWindow(workload, WARMUP_SLICE_NANOS);
        return ops;
    }

    /** Length of one warm-up window: short enough for thousands of exits per second of warm-up. */
    static final long WARMUP_SLICE_NANOS = 2_000_000L;

    static String evidence(Settings s, ProfilerSession session, boolean exactFrames) {
        String frames = exactFrames ? "" : "; JVM without -XX:+DebugNonSafepoints, inlined frames may be misattributed";
        String what = switch (s.event()) {
            case CPU -> "cpu sampled by async-profiler engine " + session.engine();
            case WALL -> "wall-clock sampled by async-profiler";
            case ALLOC -> "allocations sampled by async-profiler via JVMTI SampledObjectAlloc every " + s.interval() + " bytes";
            case LOCK -> "contended locks traced by async-profiler";
        };
        if (s.event() == ProfilerEvent.CPU && s.cpuEngine() == null && !"perf_events".equals(session.engine())) {
            return "constrained: perf_events could not be opened here; " + what + " (" + session.engineBasis() + ")" + frames;
        }
        if (!exactFrames) return "constrained: " + what + frames;
        String detail = s.event() == ProfilerEvent.CPU ? " (" + session.engineBasis() + (s.cpuEngine() != null ? ", forced" : "") + ")" : "";
        return "measured: " + what + detail;
    }

    private static List<Object> frames(List<CollapsedStacks.FrameWeight> list) {
        List<Object> out = new ArrayList<>();
        for (CollapsedStacks.FrameWeight f : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", f.frame());
            m.put("weight", f.weight());
            out.add(m);
        }
        return out;
    }

    private static boolean startsWithAny(String frame, List<String> prefixes) {
        for (String p : prefixes) {
            if (frame.startsWith(p)) return true;
        }
        return false;
    }

    private static String tail(String stack, int frames) {
        String[] f = stack.split(";");
        if (f.length <= frames) return stack;
        return "...;" + String.join(";", java.util.Arrays.copyOfRange(f, f.length - frames, f.length));
    }

    /** Seconds from nanoseconds, as measured (no rounding). */
    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static boolean vmFlag(String name) {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs != null && Boolean.parseBoolean(hs.getVMOption(name).getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
