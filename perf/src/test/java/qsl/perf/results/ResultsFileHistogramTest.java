package qsl.perf.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.results.JsonReader.JsonNumber;

class ResultsFileHistogramTest {

    @Test
    void writesThePercentileDistributionUnderHistograms(@TempDir Path dir) throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) h.recordValue(i * 10L);
        Histogram other = new Histogram(3);
        other.recordValue(7);
        Path json = ResultsFile.create("ring-latency", "t", "c").evidence("measured")
                .histogram("round_trip", h, "ns").histogram("one", other, "us").write(dir);
        Map<?, ?> root = (Map<?, ?>) ((JsonReader.Parsed.Success) JsonReader.parse(Files.readString(json))).value();
        Map<?, ?> all = (Map<?, ?>) root.get("histograms");
        assertEquals(List.of("round_trip", "one"), List.copyOf(all.keySet()));
        Map<?, ?> rt = (Map<?, ?>) all.get("round_trip");
        assertEquals("ns", rt.get("unit"));
        assertEquals(1000.0, ((JsonNumber) rt.get("count")).doubleValue());
        assertEquals((double) h.getMaxValue(), ((JsonNumber) rt.get("max")).doubleValue());
        List<?> pts = (List<?>) rt.get("percentiles");
        assertTrue(pts.size() > 10, "a distribution, not a handful of points: " + pts.size());
        List<?> last = (List<?>) pts.getLast();
        assertEquals(100.0, ((JsonNumber) last.get(0)).doubleValue());
        assertEquals((double) h.getMaxValue(), ((JsonNumber) last.get(1)).doubleValue());
        // the median point: the value at 50% is the histogram's own answer
        boolean sawMedian = false;
        for (Object o : pts) {
            List<?> pair = (List<?>) o;
            if (((JsonNumber) pair.get(0)).doubleValue() == 50.0) {
                assertEquals((double) h.getValueAtPercentile(50.0), ((JsonNumber) pair.get(1)).doubleValue());
                sawMedian = true;
            }
        }
        assertTrue(sawMedian, "50th percentile present");
    }

    @Test
    void anEmptyHistogramHasNoPoints(@TempDir Path dir) throws Exception {
        Path json = ResultsFile.create("x", "t", "c").evidence("measured").histogram("none", new Histogram(3), "ns").write(dir);
        String text = Files.readString(json);
        assertTrue(text.contains("\"percentiles\": []"), text);
        assertTrue(text.contains("\"count\": 0"), text);
    }

    @Test
    void refreshesTheIndexOnlyInADirectoryNamedResults(@TempDir Path tmp) throws Exception {
        Path scratch = tmp.resolve("scratch");
        ResultsFile.create("engine-a", "t", "c").evidence("measured").figure("x", 1L).write(scratch);
        assertFalse(Files.exists(scratch.resolve(ResultsIndex.README)), "scratch directories stay as they were");
        Path results = tmp.resolve("results");
        ResultsFile.create("engine-a", "t", "c").evidence("measured").figure("x", 1L).write(results);
        assertTrue(Files.exists(results.resolve(ResultsIndex.README)));
        assertEquals(List.of(), ResultsIndex.differences(results), "the index written with the file is current");
    }
}
