package qsl.perf.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One study's evidence: writes {@code results/NAME.json} (meta, figures, ratios and any extra
 * sections) and {@code results/NAME.md} for people. The shape is the one docs/benchmarks.md describes:
 * {@code figures} hold measured numbers with their unit in the key, {@code ratios} compare
 * this project with a peer measured in the same run, oriented so above 1.0 means qsl is better.
 *
 * <p><b>Histograms.</b> A latency distribution goes into the top-level {@code histograms}
 * object, one entry per key, written by {@link #histogram(String, AbstractHistogram, String)}:
 * <pre>{@code
 *   "histograms": {
 *     "<key>": {"unit": "ns", "count": 1000000, "max": 48127,
 *               "percentiles": [[0.0, 291], [50.0, 812], [90.0, 1103], ..., [100.0, 48127]]}
 *   }
 * }</pre>
 * {@code percentiles} is HdrHistogram's percentile distribution (five steps per halving of the
 * remaining tail, as {@code outputPercentileDistribution} prints it): pairs of
 * {@code [percentile 0..100, value at or below which that share of the samples fell]},
 * percentile strictly rising, values never falling, the last pair {@code [100.0, max]}.
 * Values are in {@code unit}; {@code count} is the number of recorded samples. {@code ./qsl
 * results} draws each entry as {@code results/plots/<name>-<key>.svg}.
 */
public final class ResultsFile {
    private final String name;
    private final String title;
    private final Map<String, Object> meta;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Object> ratios = new LinkedHashMap<>();
    private final Map<String, Object> sections = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ResultsFile(String name, String title, String command) {
        this.name = name;
        this.title = title;
        this.meta = RunMetadata.collect(command);
    }

    /**
     * @param name file stem: {@code results/<name>.json}
     * @param command the command line that produced it, as a user types it
     */
    public static ResultsFile create(String name, String title, String command) {
        return new ResultsFile(name, title, command);
    }

    /** {@code measured}, or {@code constrained: <what this host lacks>}. */
    public ResultsFile evidence(String evidence) {
        meta.put("evidence", evidence);
        return this;
    }

    /** An extra meta field (workload, seed, iterations, ...). */
    public ResultsFile meta(String key, Object value) {
        meta.put(key, value);
        return this;
    }

    public ResultsFile figure(String key, double value) {
        figures.put(key, value);
        return this;
    }

    public ResultsFile figure(String key, long value) {
        figures.put(key, value);
        return this;
    }

    public ResultsFile ratio(String key, double value) {
        ratios.put(key, value);
        return this;
    }

    /** An extra top-level JSON object (per-mode tables, histograms, ...): maps, lists, numbers, strings. */
    public ResultsFile section(String key, Object value) {
        sections.put(key, value);
        return this;
    }

    /**
     * Adds {@code histogram} as {@code histograms.<key>} (see the class comment for the shape).
     * An empty histogram is recorded with {@code count} 0 and no percentiles.
     *
     * @param key names the distribution, e.g. {@code round_trip}; also the plot's file name part
     * @param unit the unit the histogram recorded, e.g. {@code ns}
     */
    public ResultsFile histogram(String key, AbstractHistogram histogram, String unit) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("unit", unit);
        long count = histogram.getTotalCount();
        entry.put("count", count);
        entry.put("max", count == 0 ? 0L : histogram.getMaxValue());
        List<Object> points = new ArrayList<>();
        if (count > 0) {
            double lastPercentile = -1;
            for (HistogramIterationValue v : histogram.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p <= lastPercentile) continue;
                long value = v.getValueIteratedTo();
                points.add(List.of(p, p >= 100.0 ? histogram.getMaxValue() : value));
                lastPercentile = p;
                if (p >= 100.0) break;
            }
            if (lastPercentile < 100.0) points.add(List.of(100.0, histogram.getMaxValue()));
        }
        entry.put("percentiles", points);
        Map<String, Object> all = new LinkedHashMap<>();
        if (sections.get("histograms") instanceof Map<?, ?> earlier) {
            earlier.forEach((k, v) -> all.put(String.valueOf(k), v)); // keep entries added before, in order
        }
        all.put(key, entry);
        sections.put("histograms", all);
        return this;
    }

    /** A line for the readable file (method, caveats). */
    public ResultsFile note(String line) {
        notes.add(line);
        return this;
    }

    public Map<String, Object> figures() {
        return figures;
    }

    /** Writes both files under {@code dir}; returns the JSON path. */
    public Path write(Path dir) throws IOException {
        if (!meta.containsKey("evidence")) throw new IllegalStateException("results " + name + " has no evidence line");
        Files.createDirectories(dir);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("meta", meta);
        root.put("figures", figures);
        root.put("ratios", ratios);
        root.putAll(sections);
        Path json = dir.resolve(name + ".json");
        Files.writeString(json, Json.write(root) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".md"), markdown(), StandardCharsets.UTF_8);
        refreshIndex(dir);
        return json;
    }

    /**
     * Keeps {@code results/README.md} (the index of every results file) current, so a study
     * that forgets {@code ./qsl results} still leaves a consistent tree. Only for a directory
     * named {@code results}: scratch directories of tests are left as they were. A failure here
     * never fails the study: its own files are written; {@code ./qsl results} regenerates.
     */
    private static void refreshIndex(Path dir) {
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        if (fileName == null || !fileName.toString().equals("results")) return;
        try {
            ResultsIndex.write(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("qsl: results index not refreshed (" + e + "); run ./qsl results");
        }
    }

    /** Writes under {@code ./results} (the repository root when run through {@code ./qsl}). */
    public Path write() throws IOException {
        return write(Path.of(System.getProperty("qsl.results", "results")));
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        b.append("Written by `").append(meta.get("command")).append("`; the numbers below are copied from `")
                .append(name).append(".json`.\n\n");
        b.append("| meta | value |\n|---|---|\n");
        meta.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!figures.isEmpty()) {
            b.append("\n| figure | value |\n|---|---|\n");
            figures.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(Json.number(v)).append(" |\n"));
        }
        if (!ratios.isEmpty()) {
            b.append("\n| ratio (above 1.0: qsl better) | value |\n|---|---|\n");
            ratios.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(Json.number(v)).append(" |\n"));
        }
        if (!notes.isEmpty()) {
            b.append("\n");
            notes.forEach(n -> b.append("- ").append(n).append("\n"));
        }
        return b.toString();
    }
}
