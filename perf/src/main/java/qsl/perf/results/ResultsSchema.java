package qsl.perf.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import qsl.perf.results.JsonReader.JsonNumber;

/**
 * The rules a {@code results/*.json} file must keep (docs/benchmarks.md): a {@code meta}
 * object with {@link #META_KEYS} of the right types and an evidence line that starts with
 * {@code measured} or {@code constrained: }; {@code figures} and {@code ratios} objects holding
 * numbers only; and, when present, a {@code histograms} object in the shape
 * {@link ResultsFile#histogram} writes. {@link #problems} lists every broken rule.
 */
public final class ResultsSchema {
    private ResultsSchema() {}

    /** The meta fields every results file carries. */
    public static final List<String> META_KEYS =
            List.of("date", "jdk", "cpu", "cores", "os", "commit", "dirty", "command", "evidence");

    /** Everything wrong with one parsed results document; empty when it keeps every rule. */
    public static List<String> problems(Object document) {
        List<String> out = new ArrayList<>();
        if (!(document instanceof Map<?, ?> root)) {
            out.add("top level is not an object");
            return out;
        }
        if (!(root.get("meta") instanceof Map<?, ?> meta)) {
            out.add("no meta object");
        } else {
            for (String k : META_KEYS) {
                if (!meta.containsKey(k)) {
                    out.add("meta." + k + " is missing");
                    continue;
                }
                Object v = meta.get(k);
                switch (k) {
                    case "cores" -> {
                        if (!(v instanceof JsonNumber n) || n.doubleValue() < 1 || n.doubleValue() != Math.rint(n.doubleValue()))
                            out.add("meta.cores is not a positive whole number");
                    }
                    case "dirty" -> {
                        if (!(v instanceof Boolean)) out.add("meta.dirty is not true/false");
                    }
                    default -> {
                        if (!(v instanceof String s) || s.isBlank()) out.add("meta." + k + " is not a non-empty string");
                    }
                }
            }
            if (meta.get("evidence") instanceof String e && !isEvidence(e))
                out.add("meta.evidence does not start with \"measured\" or \"constrained: \": " + e);
        }
        numbersOnly(root, "figures", out);
        numbersOnly(root, "ratios", out);
        if (root.containsKey("histograms")) histograms(root.get("histograms"), out);
        return out;
    }

    /** {@code measured ...} or {@code constrained: <what this host lacks>}. */
    public static boolean isEvidence(String line) {
        return line.startsWith("measured") || (line.startsWith("constrained: ") && line.length() > "constrained: ".length());
    }

    private static void numbersOnly(Map<?, ?> root, String section, List<String> out) {
        if (!(root.get(section) instanceof Map<?, ?> m)) {
            out.add("no " + section + " object");
            return;
        }
        m.forEach((k, v) -> {
            if (!(v instanceof JsonNumber)) out.add(section + "." + k + " is not a number");
        });
    }

    private static void histograms(Object value, List<String> out) {
        if (!(value instanceof Map<?, ?> all)) {
            out.add("histograms is not an object");
            return;
        }
        all.forEach((k, v) -> {
            String at = "histograms." + k;
            if (!(v instanceof Map<?, ?> h)) {
                out.add(at + " is not an object");
                return;
            }
            if (!(h.get("unit") instanceof String u) || u.isBlank()) out.add(at + ".unit is not a non-empty string");
            if (!(h.get("percentiles") instanceof List<?> points)) {
                out.add(at + ".percentiles is not a list");
                return;
            }
            double lastP = -1;
            double lastV = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < points.size(); i++) {
                if (!(points.get(i) instanceof List<?> pair) || pair.size() != 2
                        || !(pair.get(0) instanceof JsonNumber p) || !(pair.get(1) instanceof JsonNumber n)) {
                    out.add(at + ".percentiles[" + i + "] is not a [percentile, value] pair of numbers");
                    return;
                }
                double pv = p.doubleValue();
                double vv = n.doubleValue();
                if (pv < 0 || pv > 100) out.add(at + ".percentiles[" + i + "] percentile outside 0..100");
                if (pv <= lastP) out.add(at + ".percentiles[" + i + "] percentile does not rise");
                if (vv < lastV) out.add(at + ".percentiles[" + i + "] value falls");
                lastP = pv;
                lastV = vv;
            }
        });
    }
}
