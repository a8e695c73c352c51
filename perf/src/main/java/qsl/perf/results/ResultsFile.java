package qsl.perf.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One study's evidence: writes {@code results/NAME.json} (meta, figures, ratios and any extra
 * sections) and {@code results/NAME.md} for people. The shape is the one in DESIGN.md:
 * {@code figures} hold measured numbers with their unit in the key, {@code ratios} compare
 * this project with a peer measured in the same run, oriented so above 1.0 means qsl is better.
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
        return json;
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
