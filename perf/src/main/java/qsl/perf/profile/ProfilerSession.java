package qsl.perf.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import one.profiler.AsyncProfiler;

/**
 * One async-profiler recording in this JVM, through its Java API
 * ({@link AsyncProfiler#getInstance()} loads the native library bundled in the jar).
 *
 * <p>For {@link ProfilerEvent#CPU} the engine is chosen with a fallback chain: async-profiler's
 * {@code cpu} event (perf_events when the kernel lets this process open them), then
 * {@code ctimer}, then {@code itimer}. Each attempt that fails to start is recorded with its
 * error, and the engine that did start is then observed ({@link SamplingEngine}), so the
 * results file says what sampled, not what was asked for.
 */
public final class ProfilerSession {
    private final AsyncProfiler profiler;
    private final ProfilerEvent event;
    private final long interval;
    private final String engine;
    private final String engineBasis;
    private final List<String> fallbacks;
    private boolean running = true;

    private ProfilerSession(AsyncProfiler profiler, ProfilerEvent event, long interval, String engine,
                            String engineBasis, List<String> fallbacks) {
        this.profiler = profiler;
        this.event = event;
        this.interval = interval;
        this.engine = engine;
        this.engineBasis = engineBasis;
        this.fallbacks = List.copyOf(fallbacks);
    }

    /** async-profiler could not be loaded or could not start any engine for the event. */
    public static final class ProfilerUnavailableException extends Exception {
        public ProfilerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The async-profiler version of the loaded native library, or why it could not be loaded. */
    public static String version() {
        try {
            return AsyncProfiler.getInstance().getVersion();
        } catch (Throwable t) {
            return "unavailable: " + t;
        }
    }

    /**
     * Starts recording {@code event} for every thread of this JVM.
     *
     * @param interval the event's interval ({@link ProfilerEvent#defaultInterval()} explains the unit)
     * @param cpuEngine for {@code cpu} only: {@code null} to let the chain choose, or one of
     *     {@code cpu} (perf_events), {@code ctimer}, {@code itimer} to force that engine
     */
    public static ProfilerSession start(ProfilerEvent event, long interval, String cpuEngine) throws ProfilerUnavailableException {
        AsyncProfiler p;
        try {
            p = AsyncProfiler.getInstance();
        } catch (Throwable t) {
            throw new ProfilerUnavailableException("async-profiler's native library did not load: " + t, t);
        }
        List<String> failed = new ArrayList<>();
        List<String> chain = switch (event) {
            case CPU -> cpuEngine == null ? List.of("cpu", "ctimer", "itimer") : List.of(cpuEngine);
            case WALL -> List.of("wall");
            case ALLOC -> List.of("alloc");
            case LOCK -> List.of("lock");
        };
        // For the fixed-engine events the description is built before sampling starts, and
        // AsyncProfiler.start (a native call returning void) is the last thing before the
        // caller's window: an alloc profile then records no allocation of its own start.
        String fixedEngine = switch (event) {
            case CPU -> null;
            case WALL -> "wall clock (async-profiler's timer thread signals every thread)";
            case ALLOC -> "JVMTI SampledObjectAlloc (heap sampling interval " + interval + " bytes)";
            case LOCK -> "lock tracer (contended monitor enter and LockSupport.park)";
        };
        String fixedBasis = "the only engine async-profiler " + version() + " has for '" + event.cliName() + "' on HotSpot";
        for (String asEvent : chain) {
            // built before starting, so nothing is allocated between the start and the caller's window
            ProfilerSession fixed = event == ProfilerEvent.CPU ? null : new ProfilerSession(p, event, interval, fixedEngine, fixedBasis, failed);
            try {
                if (event == ProfilerEvent.WALL) {
                    // wall time is spread over every thread, most of them idle: one root frame per thread
                    p.execute("start,event=wall,interval=" + interval + ",threads");
                } else {
                    p.start(asEvent, interval);
                }
            } catch (IOException | RuntimeException e) {
                failed.add(asEvent + ": " + e.getMessage());
                continue;
            }
            if (fixed != null) return fixed;
            SamplingEngine.Observation seen = SamplingEngine.observe();
            return new ProfilerSession(p, event, interval, seen.cpuEngine(), seen.basis() + ", asked for '" + asEvent + "'", failed);
        }
        throw new ProfilerUnavailableException("no engine started for " + event.cliName() + ": " + String.join("; ", failed), null);
    }

    public ProfilerEvent event() {
        return event;
    }

    public long interval() {
        return interval;
    }

    /** {@code perf_events}, {@code ctimer}, {@code itimer} (cpu) or the event's fixed engine. */
    public String engine() {
        return engine;
    }

    /** Why {@link #engine()} is believed: what was observed. */
    public String engineBasis() {
        return engineBasis;
    }

    /** Engines tried before the one that started, each with its error (empty: the first one started). */
    public List<String> fallbacks() {
        return fallbacks;
    }

    /** Stops sampling; allocation-free (the native call), so an alloc profile does not record its own end. */
    public void stop() {
        if (running) {
            profiler.stop();
            running = false;
        }
    }

    /** Samples recorded (for alloc and lock: events, not bytes or ns). */
    public long samples() {
        return profiler.getSamples();
    }

    /**
     * The stacks in collapsed form ({@code frame;frame;...;leaf count} per line); counts are
     * samples, or with {@code total} the weight: bytes for alloc, ns for lock, ns for cpu/wall.
     */
    public String collapsed(boolean total) throws IOException {
        return profiler.execute("collapsed," + (total ? "total," : "") + "dot");
    }

    /** Writes the HTML flamegraph (async-profiler's own, self-contained). */
    public void writeFlamegraph(Path html, String title, boolean total) throws IOException {
        Files.createDirectories(html.toAbsolutePath().getParent());
        String t = title.replace(',', ' ').replace('=', ' ');
        String answer = profiler.execute("flamegraph,dot," + (total ? "total," : "") + "title=" + t + ",file=" + html.toAbsolutePath());
        if (!Files.isRegularFile(html)) throw new IOException("async-profiler wrote no flamegraph to " + html + ": " + answer.trim());
    }
}
