package qsl.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.bench.BenchSuites;
import qsl.perf.results.RunMetadata;

/**
 * {@code qsl bench}: runs the JMH suites of {@link BenchSuites#all()} (all, or the one named), each
 * writing {@code results/<suite>.json} and {@code .md}. A suite that fails is reported and the
 * others still run; the exit status is non-zero when any failed or wrote no results file.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "JMH suites and harnesses, peers side by side; writes results/<suite>.json and .md.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A short pass (fewer, shorter iterations); the results file says so.")
    boolean quick;

    @Option(names = "--suite", defaultValue = "all", paramLabel = "NAME",
            description = "Which suite to run: all, or one of ${COMPLETION-CANDIDATES}.",
            completionCandidates = SuiteNames.class)
    String suite;

    @Option(names = "--results", defaultValue = "${sys:qsl.results:-results}", paramLabel = "DIR",
            description = "Directory for the results files (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    /** The suite names, for the help text. */
    static final class SuiteNames extends ArrayList<String> {
        SuiteNames() {
            for (BenchSuite s : BenchSuites.all()) add(s.name());
        }
    }

    @Override
    public Integer call() {
        List<BenchSuite> selected = select(suite);
        if (selected.isEmpty()) {
            System.err.println("qsl bench: no suite named '" + suite + "'; known: all, " + String.join(", ", new SuiteNames()));
            return 2;
        }
        String command = RunMetadata.command("./qsl bench" + (quick ? " --quick" : "")
                + ("all".equals(suite) ? "" : " --suite " + suite));
        BenchOptions options = new BenchOptions(quick, command, resultsDir);
        List<String> written = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int n = 0;
        for (BenchSuite s : selected) {
            n++;
            System.out.printf(Locale.ROOT, "qsl bench: [%d/%d] %s: %s (%s pass)%n", n, selected.size(), s.name(),
                    s.description(), quick ? "quick" : "full");
            long started = System.currentTimeMillis();
            try {
                s.run(options);
                List<Path> files = writtenSince(s.name(), started);
                if (files.isEmpty()) {
                    failed.add(s.name() + " (finished but wrote no results file)");
                } else {
                    files.forEach(f -> written.add(f.toString()));
                }
                System.out.printf(Locale.ROOT, "qsl bench: %s done in %.1f s%n", s.name(),
                        (System.currentTimeMillis() - started) / 1000.0);
            } catch (Exception | Error e) {
                failed.add(s.name() + ": " + e);
                System.err.println("qsl bench: suite " + s.name() + " failed:");
                e.printStackTrace(System.err);
            }
        }
        System.out.println();
        if (written.isEmpty()) {
            System.out.println("qsl bench: no results files written");
        } else {
            System.out.println("qsl bench: results files written:");
            written.forEach(f -> System.out.println("  " + f));
        }
        if (!failed.isEmpty()) {
            System.out.println("qsl bench: failed suites:");
            failed.forEach(f -> System.out.println("  " + f));
            return 1;
        }
        return 0;
    }

    private static List<BenchSuite> select(String name) {
        List<BenchSuite> all = BenchSuites.all();
        if ("all".equals(name)) return all;
        List<BenchSuite> one = new ArrayList<>();
        for (BenchSuite s : all) {
            if (s.name().equals(name)) one.add(s);
        }
        return one;
    }

    /** The suite's results files modified since {@code startedMillis}. */
    private List<Path> writtenSince(String name, long startedMillis) {
        List<Path> files = new ArrayList<>();
        for (String ext : new String[] {".json", ".md"}) {
            Path p = resultsDir.resolve(name + ext);
            try {
                if (Files.isRegularFile(p)
                        && Files.getLastModifiedTime(p).compareTo(FileTime.fromMillis(startedMillis - 1000)) >= 0) {
                    files.add(p);
                }
            } catch (IOException ignored) {
                // unreadable: not counted as written
            }
        }
        return files;
    }
}
