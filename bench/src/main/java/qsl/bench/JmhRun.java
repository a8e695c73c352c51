package qsl.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks the way every suite should: one fork, native access on, the GC profiler
 * attached (so each score comes with its {@code gc.alloc.rate.norm}), quick or full timing.
 */
public final class JmhRun {
    private JmhRun() {}

    /** One benchmark's outcome: its primary score and the bytes it allocated per operation. */
    public record Score(String label, double score, double error, String unit, double allocBytesPerOp) {}

    /**
     * Options for the benchmarks matching {@code includeRegex}; callers may add params, threads or
     * modes before {@link #run}.
     */
    public static ChainedOptionsBuilder options(BenchOptions o, String includeRegex) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(includeRegex)
                .forks(1)
                .shouldFailOnError(true)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
        if (o.quick()) {
            b.warmupIterations(2).warmupTime(TimeValue.seconds(1))
             .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        } else {
            b.warmupIterations(5).warmupTime(TimeValue.seconds(2))
             .measurementIterations(8).measurementTime(TimeValue.seconds(2));
        }
        return b;
    }

    /** Runs and returns each benchmark's score keyed by its label (method name plus any params). */
    public static Map<String, Score> run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = label(r);
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            scores.put(label, new Score(label, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return scores;
    }

    /** The scores as rows for a results file's {@code jmh} section. */
    public static List<Map<String, Object>> table(Map<String, Score> scores) {
        List<Map<String, Object>> table = new ArrayList<>();
        for (Score s : scores.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", s.label());
            row.put("score", s.score());
            row.put("error", s.error());
            row.put("unit", s.unit());
            row.put("alloc_bytes_per_op", s.allocBytesPerOp());
            table.add(row);
        }
        return table;
    }

    /** A run's label: its method name, then {@code :key=value} for each param. */
    public static String label(RunResult r) {
        String method = r.getParams().getBenchmark();
        StringBuilder b = new StringBuilder(method.substring(method.lastIndexOf('.') + 1));
        for (String key : r.getParams().getParamsKeys()) {
            b.append(':').append(key).append('=').append(r.getParams().getParam(key));
        }
        return b.toString();
    }
}
