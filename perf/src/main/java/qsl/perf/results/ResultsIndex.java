package qsl.perf.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import qsl.perf.results.JsonReader.JsonNumber;

/**
 * Generates {@code results/README.md} and {@code results/plots/*.svg} from every
 * {@code results/*.json}: one table per {@link ResultsArea} with each figure and ratio, the
 * file's evidence line and the command that wrote it, and a latency plot for every entry of a
 * file's {@code histograms} object (see {@link ResultsFile}).
 *
 * <p>The output is a pure function of the JSON files' contents: files are read in name order,
 * numbers are copied as written, and the only dates are the ones the files carry. That is what
 * lets a test check that the committed README was generated, not typed.
 */
public final class ResultsIndex {
    /** The generated index's file name inside the results directory. */
    public static final String README = "README.md";
    /** The plots' directory inside the results directory; the index owns every {@code .svg} in it. */
    public static final String PLOTS = "plots";

    private ResultsIndex() {}

    /** One results file as the index sees it: parsed (or why not) and checked against the schema. */
    public record Entry(String stem, ResultsArea area, Object document, String parseError, List<String> problems) {
        boolean readable() {
            return parseError == null;
        }
    }

    /** What the generator would write: the README text and each plot by file name (under {@link #PLOTS}). */
    public record Output(String readme, SortedMap<String, String> plots, List<Entry> entries) {}

    /** Reads every {@code *.json} directly under {@code dir} (none: an empty index). */
    public static SortedMap<String, String> readJsonFiles(Path dir) throws IOException {
        SortedMap<String, String> byStem = new TreeMap<>();
        if (!Files.isDirectory(dir)) return byStem;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) continue;
                String name = f.getFileName().toString();
                byStem.put(name.substring(0, name.length() - ".json".length()), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return byStem;
    }

    /** The index for {@code dir}'s JSON files. */
    public static Output generate(Path dir) throws IOException {
        return generate(readJsonFiles(dir));
    }

    /** The index for the given files ({@code stem -> JSON text}), in stem order. */
    public static Output generate(SortedMap<String, String> jsonByStem) {
        List<Entry> entries = new ArrayList<>();
        jsonByStem.forEach((stem, text) -> {
            JsonReader.Parsed parsed = JsonReader.parse(text);
            if (parsed instanceof JsonReader.Parsed.Success ok) {
                entries.add(new Entry(stem, ResultsArea.of(stem), ok.value(), null, ResultsSchema.problems(ok.value())));
            } else {
                entries.add(new Entry(stem, ResultsArea.of(stem), null, parsed.toString(), List.of()));
            }
        });
        SortedMap<String, String> plots = new TreeMap<>();
        for (Entry e : entries) {
            histograms(e).forEach((key, h) -> plots.put(plotName(e.stem(), key), plot(e.stem(), key, h)));
        }
        return new Output(readme(entries), plots, entries);
    }

    /**
     * Regenerates the index in {@code dir}: writes README.md and every plot, and deletes plots
     * no JSON file asks for any more. Returns what it wrote.
     */
    public static Output write(Path dir) throws IOException {
        Output out = generate(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(README), out.readme(), StandardCharsets.UTF_8);
        Path plotDir = dir.resolve(PLOTS);
        if (!out.plots().isEmpty()) Files.createDirectories(plotDir);
        for (Map.Entry<String, String> p : out.plots().entrySet()) {
            Files.writeString(plotDir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
        }
        if (Files.isDirectory(plotDir)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(plotDir, "*.svg")) {
                for (Path f : old) {
                    if (!out.plots().containsKey(f.getFileName().toString())) Files.delete(f);
                }
            }
        }
        return out;
    }

    /**
     * How the files in {@code dir} differ from what the generator would write now: one line per
     * file that is missing, stale or left over. Empty when the index is current.
     */
    public static List<String> differences(Path dir) throws IOException {
        Output out = generate(dir);
        List<String> diffs = new ArrayList<>();
        Path readme = dir.resolve(README);
        if (!Files.isRegularFile(readme)) {
            diffs.add(README + " is missing (run ./qsl results)");
        } else {
            String actual = Files.readString(readme, StandardCharsets.UTF_8);
            if (!actual.equals(out.readme())) diffs.add(README + " differs from the generated index: " + firstDifference(actual, out.readme()));
        }
        Path plotDir = dir.resolve(PLOTS);
        for (Map.Entry<String, String> p : out.plots().entrySet()) {
            Path f = plotDir.resolve(p.getKey());
            if (!Files.isRegularFile(f)) diffs.add(PLOTS + "/" + p.getKey() + " is missing");
            else if (!Files.readString(f, StandardCharsets.UTF_8).equals(p.getValue())) diffs.add(PLOTS + "/" + p.getKey() + " differs from its JSON");
        }
        if (Files.isDirectory(plotDir)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(plotDir, "*.svg")) {
                List<String> stale = new ArrayList<>();
                for (Path f : old) {
                    if (!out.plots().containsKey(f.getFileName().toString())) stale.add(PLOTS + "/" + f.getFileName() + " has no JSON behind it");
                }
                stale.sort(null);
                diffs.addAll(stale);
            }
        }
        return diffs;
    }

    /** {@code results/plots/<stem>-<key>.svg}, with anything but letters, digits, '.', '_' and '-' in the key made '_'. */
    public static String plotName(String stem, String key) {
        return stem + "-" + key.replaceAll("[^A-Za-z0-9._-]", "_") + ".svg";
    }

    private static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] b = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) return "line " + (i + 1) + " is \"" + x + "\", generated \"" + y + "\"";
        }
        return "line endings differ";
    }

    // ---------------------------------------------------------------- README

    private static String readme(List<Entry> entries) {
        Map<ResultsArea, List<Entry>> byArea = new EnumMap<>(ResultsArea.class);
        for (Entry e : entries) byArea.computeIfAbsent(e.area(), a -> new ArrayList<>()).add(e);

        StringBuilder b = new StringBuilder();
        b.append("# Results\n\n");
        b.append("Generated by `./qsl results` from the ").append(entries.size())
                .append(" `results/*.json` file").append(entries.size() == 1 ? "" : "s")
                .append(" in this directory: do not edit by hand. Every number below is copied from the JSON file named in\n")
                .append("its row; each file says which command wrote it, on which commit, and how far this host let it measure\n")
                .append("(`measured`, or `constrained:` and what the host lacks). Ratios compare qsl with a peer measured in the\n")
                .append("same run, oriented so that above 1.0 means qsl is better. Plots: HdrHistogram percentile distributions,\n")
                .append("x = 1/(1-p) on a log scale. See `docs/profiling.md` for the conventions.\n");

        for (ResultsArea area : ResultsArea.INDEX_ORDER) {
            List<Entry> list = byArea.getOrDefault(area, List.of());
            if (list.isEmpty() && area == ResultsArea.OTHER) continue;
            b.append("\n## ").append(area.title()).append("\n\n");
            if (list.isEmpty()) {
                b.append("No results file yet.\n");
                continue;
            }
            b.append("| results file | kind | key | value | evidence | command | run |\n");
            b.append("|---|---|---|---|---|---|---|\n");
            List<String> plotLinks = new ArrayList<>();
            for (Entry e : list) {
                rows(b, e);
                histograms(e).forEach((key, h) -> plotLinks.add("![" + e.stem() + " " + key + "](" + PLOTS + "/" + plotName(e.stem(), key) + ")"));
            }
            if (!plotLinks.isEmpty()) {
                b.append("\nLatency percentile plots:\n\n");
                for (String link : plotLinks) b.append(link).append("\n");
            }
        }

        List<String> broken = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.readable()) broken.add("- `" + e.stem() + ".json`: " + cell(e.parseError()));
            for (String p : e.problems()) broken.add("- `" + e.stem() + ".json`: " + cell(p));
        }
        if (!broken.isEmpty()) {
            b.append("\n## Files that break the results schema\n\n");
            b.append("These files do not keep the results schema (docs/benchmarks.md); their rows above show what could be read.\n\n");
            for (String line : broken) b.append(line).append("\n");
        }
        return b.toString();
    }

    private static void rows(StringBuilder b, Entry e) {
        String file = "[" + e.stem() + "](" + e.stem() + ".json)";
        if (!e.readable()) {
            b.append("| ").append(file).append(" | - | - | - | unreadable: see below | - | - |\n");
            return;
        }
        Map<?, ?> root = e.document() instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> meta = root.get("meta") instanceof Map<?, ?> m ? m : Map.of();
        if (meta.get("artifacts") instanceof List<?> artifacts && !artifacts.isEmpty()) {
            List<String> links = new ArrayList<>();
            for (Object a : artifacts) {
                String f = String.valueOf(a);
                if (f.contains("/") || f.contains("\\") || f.contains("(") || f.contains(")") || f.contains("|")) continue; // siblings only
                links.add("[" + f.substring(f.lastIndexOf('.') + 1) + "](" + f + ")");
            }
            if (!links.isEmpty()) file = file + " (" + String.join(", ", links) + ")";
        }
        String evidence = cell(text(meta.get("evidence")));
        String command = meta.get("command") instanceof String c ? "`" + cell(c).replace("`", "'") + "`" : "-";
        String run = cell(text(meta.get("date"))) + ", " + cell(shortCommit(meta.get("commit")))
                + (Boolean.TRUE.equals(meta.get("dirty")) ? ", dirty tree" : "");
        List<String[]> kv = new ArrayList<>();
        addAll(kv, "figure", root.get("figures"));
        addAll(kv, "ratio", root.get("ratios"));
        if (kv.isEmpty()) kv.add(new String[] {"-", "-", "-"});
        for (int i = 0; i < kv.size(); i++) {
            String[] r = kv.get(i);
            if (i == 0) {
                b.append("| ").append(file).append(" | ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2])
                        .append(" | ").append(evidence).append(" | ").append(command).append(" | ").append(run).append(" |\n");
            } else {
                b.append("| | ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" | | | |\n");
            }
        }
    }

    private static void addAll(List<String[]> out, String kind, Object section) {
        if (!(section instanceof Map<?, ?> m)) return;
        m.forEach((k, v) -> out.add(new String[] {kind, "`" + cell(String.valueOf(k)) + "`", v instanceof JsonNumber n ? n.literal() : "not a number: " + cell(text(v))}));
    }

    private static String shortCommit(Object commit) {
        String c = text(commit);
        return c.length() > 12 && c.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) ? c.substring(0, 12) : c;
    }

    private static String text(Object v) {
        return v == null ? "-" : String.valueOf(v);
    }

    /** Makes a string safe inside a Markdown table cell. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    // ---------------------------------------------------------------- plots

    /** A readable histogram entry: unit, sample count and points. */
    private record HistogramData(String unit, long count, List<LatencyPlot.Point> points) {}

    /** The file's plottable histograms by key, in file order; entries that break the schema are left out (and listed as problems). */
    private static Map<String, HistogramData> histograms(Entry e) {
        Map<String, HistogramData> out = new java.util.LinkedHashMap<>();
        if (!e.readable() || !(e.document() instanceof Map<?, ?> root) || !(root.get("histograms") instanceof Map<?, ?> all)) return out;
        all.forEach((k, v) -> {
            if (!(v instanceof Map<?, ?> h) || !(h.get("percentiles") instanceof List<?> pts)) return;
            String unit = h.get("unit") instanceof String u ? u : "?";
            long count = h.get("count") instanceof JsonNumber n ? (long) n.doubleValue() : 0;
            List<LatencyPlot.Point> points = new ArrayList<>();
            for (Object p : pts) {
                if (p instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof JsonNumber pc && pair.get(1) instanceof JsonNumber val) {
                    points.add(new LatencyPlot.Point(pc.doubleValue(), val.doubleValue()));
                } else {
                    return;
                }
            }
            out.put(String.valueOf(k), new HistogramData(unit, count, points));
        });
        return out;
    }

    private static String plot(String stem, String key, HistogramData h) {
        return LatencyPlot.svg(stem + ": " + key + " (" + h.count() + " samples)", h.unit(), h.count(), h.points());
    }
}
