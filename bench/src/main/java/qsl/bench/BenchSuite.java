package qsl.bench;

/**
 * One area's benchmarks, run by {@code ./qsl bench}: JMH runs with peers side by side, then
 * {@code results/<name>.json} and {@code .md} written through {@code qsl.perf.results.ResultsFile}.
 */
public interface BenchSuite {
    /** Short name, also the results file stem and the {@code --suite} value. */
    String name();

    String description();

    void run(BenchOptions options) throws Exception;
}
