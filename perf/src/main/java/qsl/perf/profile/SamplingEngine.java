package qsl.perf.profile;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * Which mechanism async-profiler is sampling with, seen from inside the profiled process
 * while it runs: async-profiler's Java API does not say, so this looks at what each engine
 * leaves behind.
 * <ul>
 *   <li>{@code perf_events}: one {@code anon_inode:[perf_event]} descriptor per thread
 *       ({@code /proc/self/fd}); on a host without a PMU this is the software {@code cpu-clock}
 *       event, and with {@code perf_event_paranoid >= 2} user-space frames only;</li>
 *   <li>{@code ctimer}: one POSIX CPU-time timer per thread, signalling it
 *       ({@code /proc/self/timers});</li>
 *   <li>{@code itimer}: the process-wide {@code ITIMER_PROF} interval timer armed
 *       ({@code getitimer}).</li>
 * </ul>
 */
public final class SamplingEngine {
    /** {@code ITIMER_PROF} from {@code <sys/time.h>}. */
    private static final int ITIMER_PROF = 2;
    /** {@code struct itimerval}: it_interval {tv_sec, tv_usec}, it_value {tv_sec, tv_usec}, 4 longs on LP64. */
    private static final long ITIMERVAL_SIZE = 32;
    private static final NativeCall GETITIMER =
            NativeCall.lookup("getitimer", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private SamplingEngine() {}

    /**
     * What was seen.
     *
     * @param perfEventDescriptors open {@code perf_event} descriptors of this process
     * @param posixTimers POSIX timers of this process that signal a thread
     * @param profilingITimerArmed {@code ITIMER_PROF} has a non-zero interval ({@code null}: could not ask)
     */
    public record Observation(int perfEventDescriptors, int posixTimers, Boolean profilingITimerArmed) {
        /** {@code perf_events}, {@code ctimer}, {@code itimer}, or {@code unknown}. */
        public String cpuEngine() {
            if (perfEventDescriptors > 0) return "perf_events";
            if (posixTimers > 0) return "ctimer";
            if (Boolean.TRUE.equals(profilingITimerArmed)) return "itimer";
            return "unknown";
        }

        /** The evidence for {@link #cpuEngine()}, for the results file. */
        public String basis() {
            return switch (cpuEngine()) {
                case "perf_events" -> perfEventDescriptors + " perf_event descriptors open in the profiled JVM";
                case "ctimer" -> posixTimers + " POSIX CPU timers signalling threads of the profiled JVM";
                case "itimer" -> "ITIMER_PROF armed in the profiled JVM";
                default -> "no perf_event descriptor, POSIX timer or ITIMER_PROF seen"
                        + (profilingITimerArmed == null ? " (getitimer unavailable)" : "");
            };
        }
    }

    /** Looks now; call while the profiler runs. */
    public static Observation observe() {
        return new Observation(perfEventDescriptors(), posixTimers(), profilingITimerArmed());
    }

    static int perfEventDescriptors() {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains("[perf_event]")) n++;
                } catch (IOException | UnsupportedOperationException e) {
                    // closed between listing and reading, or not a link: not a perf descriptor
                }
            }
        } catch (IOException e) {
            return 0; // no /proc: not Linux, and async-profiler's perf_events are Linux only
        }
        return n;
    }

    static int posixTimers() {
        try {
            String timers = Files.readString(Path.of("/proc/self/timers"), StandardCharsets.US_ASCII);
            int n = 0;
            for (String line : timers.split("\n")) {
                if (line.startsWith("notify:") && line.contains("signal")) n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    static Boolean profilingITimerArmed() {
        if (!GETITIMER.isAvailable()) return null;
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            MemorySegment value = arena.allocate(ITIMERVAL_SIZE, 8);
            int rc = (int) GETITIMER.handle().invokeExact(state.segment(), ITIMER_PROF, value);
            if (rc != 0) return null;
            long intervalSec = value.get(JAVA_LONG, 0);
            long intervalUsec = value.get(JAVA_LONG, 8);
            return intervalSec != 0 || intervalUsec != 0;
        } catch (Throwable t) {
            return null; // a failed downcall means "could not ask", not "not armed"
        }
    }

    /** {@code /proc/sys/kernel/perf_event_paranoid}, or {@code null} where there is none. */
    public static Integer perfEventParanoid() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
