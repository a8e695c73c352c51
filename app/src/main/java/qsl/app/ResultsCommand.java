package qsl.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.perf.results.ResultsIndex;

/**
 * {@code ./qsl results}: regenerates {@code results/README.md} and {@code results/plots/*.svg}
 * from every {@code results/*.json} ({@link ResultsIndex}); {@code --check} only reports whether
 * they are current (exit 1 if not), as the consistency test does.
 */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Regenerates results/README.md from every results/*.json.")
final class ResultsCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "results", description = "results directory (default ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--check", description = "do not write: exit 1 if README.md or a plot is not what the JSON files give")
    boolean check;

    @Override
    public Integer call() throws Exception {
        if (check) {
            List<String> diffs = ResultsIndex.differences(dir);
            diffs.forEach(d -> System.out.println("stale: " + d));
            if (diffs.isEmpty()) System.out.println(dir.resolve(ResultsIndex.README) + " is current");
            return diffs.isEmpty() ? 0 : 1;
        }
        ResultsIndex.Output out = ResultsIndex.write(dir);
        long broken = out.entries().stream().filter(e -> e.parseError() != null || !e.problems().isEmpty()).count();
        System.out.println("wrote " + dir.resolve(ResultsIndex.README) + " from " + out.entries().size() + " results files, "
                + out.plots().size() + " plots in " + dir.resolve(ResultsIndex.PLOTS));
        for (ResultsIndex.Entry e : out.entries()) {
            if (e.parseError() != null) System.out.println("  " + e.stem() + ".json: " + e.parseError());
            e.problems().forEach(p -> System.out.println("  " + e.stem() + ".json: " + p));
        }
        return broken == 0 ? 0 : 1;
    }
}
