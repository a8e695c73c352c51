package qsl.bench.downcall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.JmhRun;
import qsl.perf.results.ResultsFile;

/**
 * Cost of an FFM downcall against jnr and a Java floor ({@link DowncallBenchmark}); writes
 * {@code results/downcalls.json} and {@code .md}. The ratio {@code vs_jnr} is jnr's time over
 * FFM's for the same C function, so above 1.0 means the FFM call is cheaper.
 */
public final class DowncallSuite implements BenchSuite {
    /** Bytes per call above which the FFM call counts as allocating. */
    static final double ALLOC_LIMIT = 0.1;

    @Override
    public String name() {
        return "downcalls";
    }

    @Override
    public String description() {
        return "Cost of an FFM downcall against jnr-posix and a Java floor";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        boolean getcpu = DowncallBenchmark.GETCPU != null && DowncallBenchmark.GETCPU_CRITICAL != null;
        String include = getcpu ? "qsl\\.bench\\.downcall\\.DowncallBenchmark\\."
                : "qsl\\.bench\\.downcall\\.DowncallBenchmark\\.(ffmGetpid|jnrPosixGetpid|threadId)$";
        ChainedOptionsBuilder jmh = JmhRun.options(options, include);
        Map<String, JmhRun.Score> scores = JmhRun.run(jmh);

        ResultsFile r = ResultsFile.create(name(), "Downcall cost: FFM against jnr", options.command())
                .meta("pass", options.quick() ? "quick" : "full")
                .meta("subject", "sched_getcpu (vDSO/rseq read, no syscall): the figure is call overhead")
                .meta("jnr", "jnr-posix 3.1.20 has no sched_getcpu: jnr_sched_getcpu_ns binds it with jnr-ffi (the layer jnr-posix is "
                        + "built on); getpid is the call FFM and jnr-posix both have (jnr_posix_getpid_ns vs ffm_getpid_ns)")
                .meta("ffm_call", "Linker downcall with captureCallState(\"errno\") through qsl.offheap.ffi.NativeCall; "
                        + "critical = Linker.Option.critical(false) as well");
        put(r, scores, "ffmSchedGetcpu", "ffm_sched_getcpu_ns");
        put(r, scores, "ffmCriticalSchedGetcpu", "ffm_critical_sched_getcpu_ns");
        put(r, scores, "cpuProbe", "cpu_probe_ns");
        put(r, scores, "jnrSchedGetcpu", "jnr_sched_getcpu_ns");
        put(r, scores, "ffmGetpid", "ffm_getpid_ns");
        put(r, scores, "jnrPosixGetpid", "jnr_posix_getpid_ns");
        put(r, scores, "threadId", "thread_id_ns");

        JmhRun.Score ffm = scores.get("ffmSchedGetcpu");
        JmhRun.Score critical = scores.get("ffmCriticalSchedGetcpu");
        JmhRun.Score jnr = scores.get("jnrSchedGetcpu");
        JmhRun.Score ffmPid = scores.get("ffmGetpid");
        JmhRun.Score jnrPid = scores.get("jnrPosixGetpid");
        List<String> problems = new ArrayList<>();
        if (ffm != null) {
            r.figure("alloc_bytes_per_op", ffm.allocBytesPerOp());
            if (!(ffm.allocBytesPerOp() < ALLOC_LIMIT)) problems.add("the FFM call allocated " + ffm.allocBytesPerOp() + " B/op");
        }
        if (critical != null) r.figure("ffm_critical_alloc_bytes_per_op", critical.allocBytesPerOp());
        if (ffm != null && jnr != null) r.ratio("vs_jnr", jnr.score() / ffm.score());
        if (critical != null && jnr != null) r.ratio("vs_jnr_critical", jnr.score() / critical.score());
        if (ffmPid != null && jnrPid != null) r.ratio("vs_jnr_posix_getpid", jnrPid.score() / ffmPid.score());

        r.section("jmh", JmhRun.table(scores));
        if (!getcpu) {
            r.evidence("constrained: no sched_getcpu in this platform's C library (" + System.getProperty("os.name")
                    + "): only getpid and the Java floor measured");
        } else {
            r.evidence("measured");
        }
        for (String p : problems) r.note("PROBLEM: " + p);
        r.note("One JMH fork, -prof gc; alloc_bytes_per_op is gc.alloc.rate.norm of ffm_sched_getcpu (must stay below " + ALLOC_LIMIT + ").");
        r.note("The ratios are jnr time over FFM time for the same C function: above 1.0, FFM is cheaper.");
        r.write(options.resultsDir());
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));
    }

    private static void put(ResultsFile r, Map<String, JmhRun.Score> scores, String benchmark, String key) {
        JmhRun.Score s = scores.get(benchmark);
        if (s == null) return;
        r.figure(key, s.score());
        r.figure(key + "_error", s.error());
    }
}
