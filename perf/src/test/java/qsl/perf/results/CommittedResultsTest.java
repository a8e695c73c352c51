package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository's own {@code results/}: every JSON file keeps the results schema, and
 * {@code results/README.md} (with its plots) is exactly what {@code ./qsl results} generates
 * from them, so no number in it was typed by hand. An empty or absent {@code results/} passes.
 */
class CommittedResultsTest {

    /** The repository root: the first directory up from here holding {@code .ci} or {@code results}. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(".ci")) || Files.isDirectory(d.resolve("results"))) return d;
        }
        throw new IllegalStateException("no directory holding .ci or results above " + p);
    }

    @Test
    void everyResultsFileKeepsTheSchema() throws Exception {
        Path results = repoRoot().resolve("results");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> f : ResultsIndex.readJsonFiles(results).entrySet()) {
            JsonReader.Parsed p = JsonReader.parse(f.getValue());
            if (p instanceof JsonReader.Parsed.Failure failure) {
                problems.add(f.getKey() + ".json: " + failure);
                continue;
            }
            for (String problem : ResultsSchema.problems(((JsonReader.Parsed.Success) p).value())) {
                problems.add(f.getKey() + ".json: " + problem);
            }
        }
        assertEquals(List.of(), problems, "results files that break the results schema (docs/benchmarks.md)");
    }

    @Test
    void readmeIsWhatTheGeneratorWrites() throws Exception {
        Path results = repoRoot().resolve("results");
        if (ResultsIndex.readJsonFiles(results).isEmpty() && !Files.exists(results.resolve(ResultsIndex.README))) {
            assertTrue(ResultsIndex.generate(results).plots().isEmpty()); // nothing committed yet: nothing to be stale
            return;
        }
        assertEquals(List.of(), ResultsIndex.differences(results),
                "results/README.md or its plots are stale or hand-edited: run ./qsl results");
    }
}
