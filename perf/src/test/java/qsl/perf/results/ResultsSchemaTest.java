package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsSchemaTest {

    static final String GOOD = """
            {"meta": {"date": "2026-11-24T21:00:00Z", "jdk": "Eclipse Adoptium 25", "cpu": "AMD EPYC", "cores": 2,
                      "os": "Linux 6.1 amd64", "commit": "abc", "dirty": false, "command": "./qsl bench", "evidence": "measured"},
             "figures": {"ns_per_op": 41.7, "ops": 10},
             "ratios": {"vs_peer": 1.5}}
            """;

    private static List<String> problems(String json) {
        return ResultsSchema.problems(((JsonReader.Parsed.Success) JsonReader.parse(json)).value());
    }

    @Test
    void aCompleteFileHasNoProblems() {
        assertEquals(List.of(), problems(GOOD));
    }

    @Test
    void namesEachBrokenRule() {
        assertTrue(problems(GOOD.replace("\"cores\": 2,", "")).contains("meta.cores is missing"));
        assertTrue(problems(GOOD.replace("\"dirty\": false", "\"dirty\": \"no\"")).contains("meta.dirty is not true/false"));
        assertTrue(problems(GOOD.replace("41.7", "\"fast\"")).contains("figures.ns_per_op is not a number"));
        assertTrue(problems(GOOD.replace("1.5", "null")).contains("ratios.vs_peer is not a number"));
        assertTrue(problems(GOOD.replace("\"measured\"", "\"probably fine\"")).get(0).startsWith("meta.evidence does not start"));
        assertTrue(problems(GOOD.replace("\"ratios\": {\"vs_peer\": 1.5}", "\"other\": 1")).contains("no ratios object"));
        assertEquals(List.of("top level is not an object"), problems("[1]"));
        assertTrue(problems(GOOD.replace("\"cores\": 2", "\"cores\": 1.5")).contains("meta.cores is not a positive whole number"));
    }

    @Test
    void evidenceIsMeasuredOrNamesTheConstraint() {
        assertTrue(ResultsSchema.isEvidence("measured"));
        assertTrue(ResultsSchema.isEvidence("measured: cpu sampled by perf_events"));
        assertTrue(ResultsSchema.isEvidence("constrained: no hardware counters"));
        assertTrue(!ResultsSchema.isEvidence("constrained: "));
        assertTrue(!ResultsSchema.isEvidence("constrained"));
        assertTrue(!ResultsSchema.isEvidence("estimated"));
    }

    @Test
    void checksHistogramShape() {
        String h = GOOD.replace("\"ratios\"", "\"histograms\": {\"rt\": {\"unit\": \"ns\", \"percentiles\": [[50, 10], [40, 12], [99, 5]]}}, \"ratios\"");
        List<String> p = problems(h);
        assertTrue(p.contains("histograms.rt.percentiles[1] percentile does not rise"), p::toString);
        assertTrue(p.contains("histograms.rt.percentiles[2] value falls"), p::toString);
        assertTrue(problems(GOOD.replace("\"ratios\"", "\"histograms\": {\"rt\": {\"percentiles\": [[50]]}}, \"ratios\""))
                .contains("histograms.rt.unit is not a non-empty string"));
    }

    @Test
    void whatResultsFileWritesKeepsTheSchema(@TempDir Path dir) throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) h.recordValue(i);
        Path json = ResultsFile.create("engine-x", "x", "./qsl test").evidence("measured")
                .figure("a_ns", 1.25).figure("b", 3L).ratio("vs_y", 2.0).histogram("rt", h, "ns").write(dir);
        assertEquals(List.of(), problems(Files.readString(json)));
    }
}
