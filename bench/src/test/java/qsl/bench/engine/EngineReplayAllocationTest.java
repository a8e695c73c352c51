package qsl.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import qsl.perf.alloc.ChildJvm;

/**
 * What the benchmark measures allocates nothing: a child JVM under Epsilon GC (a small heap, never
 * collected) replays each workload through qsl's engine and the counting sink, and the thread's
 * allocated-bytes counter does not move over a million-odd warm commands.
 */
class EngineReplayAllocationTest {
    private static final Pattern OUT = Pattern.compile("allocated=(\\d+) commands=(\\d+) trades=(\\d+) resting=(\\d+)");

    static Iterable<String> workloads() {
        return EngineWorkloads.names();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void replayAllocatesNothingOnceWarm(String workload) throws Exception {
        // -Xbatch: a method that reaches its compile threshold waits for its compiled code, so the
        // warm cycles end compiled however slowly a loaded host's compiler threads get a core
        // (without it, once, on a loaded host: 88 bytes in the measured cycles of one flow).
        List<String> jvm = new ArrayList<>(ChildJvm.epsilon(160));
        jvm.add("-Xbatch");
        ChildJvm.Result r = ChildJvm.run(EngineReplayNoAllocationMain.class, jvm,
                List.of(workload, "40000", "25", "25"), 180);
        assertTrue(r.ok(), "child failed: exit " + r.exitCode() + (r.timedOut() ? " (timed out)" : "") + "\n"
                + r.stdout() + r.stderr());
        Matcher m = OUT.matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        long commands = Long.parseLong(m.group(2));
        assertTrue(commands > 1_000_000, "commands " + commands);
        assertTrue(Long.parseLong(m.group(3)) > 0, "the replay traded");
        assertEquals(0, Long.parseLong(m.group(4)), "cyclic stream leaves the book empty");
        assertEquals(0, Long.parseLong(m.group(1)), "bytes allocated over " + commands + " commands");
    }
}
