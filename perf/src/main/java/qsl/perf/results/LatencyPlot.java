package qsl.perf.results;

import java.util.List;
import java.util.Locale;

/**
 * Draws one latency percentile distribution as a self-contained SVG, the way HdrHistogram's
 * plotter does: x is {@code 1/(1-p)} on a log scale (labelled 0%, 90%, 99%, 99.9%, ...), y is
 * the latency. The output is a pure function of the inputs (fixed number formatting, no
 * timestamps), so the index can check that a committed plot matches its JSON.
 */
public final class LatencyPlot {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;

    private LatencyPlot() {}

    /** One point: {@code percentile} in 0..100, {@code value} in the histogram's unit. */
    public record Point(double percentile, double value) {}

    /**
     * @param title heading drawn above the plot
     * @param unit the values' unit (y axis label)
     * @param count samples in the histogram; places the 100th percentile at {@code x = count}
     *     (the last sample's {@code 1/(1-p)}); 0 when unknown
     */
    public static String svg(String title, String unit, long count, List<Point> points) {
        double maxDecade = 1; // log10 of the largest x shown; at least up to the 90th percentile
        double maxValue = 0;
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        int n = 0;
        for (Point p : points) {
            double x = xOf(p.percentile(), count);
            if (Double.isNaN(x)) continue;
            xs[n] = x;
            ys[n] = p.value();
            n++;
            maxDecade = Math.max(maxDecade, x);
            maxValue = Math.max(maxValue, p.value());
        }
        int decades = (int) Math.ceil(maxDecade);
        double minPositive = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) if (ys[i] > 0) minPositive = Math.min(minPositive, ys[i]);
        // A tail more than 100x the smallest value would flatten everything else on a linear axis.
        boolean logY = n > 0 && minPositive < Double.POSITIVE_INFINITY && maxValue / minPositive > 100;
        int yLow = logY ? (int) Math.floor(Math.log10(minPositive)) : 0;
        int yHigh = logY ? Math.max(yLow + 1, (int) Math.ceil(Math.log10(maxValue))) : 0;
        double yTop = logY ? Math.pow(10, yHigh) : niceCeiling(maxValue);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append("<text x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">")
                .append(escape(title)).append("</text>\n");
        // Grid and x labels: one line per decade of 1/(1-p).
        for (int d = 0; d <= decades; d++) {
            double gx = LEFT + plotW * d / decades;
            b.append("<line x1=\"").append(f(gx)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(f(gx))
                    .append("\" y2=\"").append(TOP + (int) plotH).append("\" stroke=\"#ddd\"/>\n");
            b.append("<text x=\"").append(f(gx)).append("\" y=\"").append(TOP + (int) plotH + 18)
                    .append("\" text-anchor=\"middle\">").append(percentileLabel(d)).append("</text>\n");
        }
        int yTicks = logY ? yHigh - yLow : 5;
        for (int i = 0; i <= yTicks; i++) {
            double v = logY ? Math.pow(10, yLow + i) : yTop * i / 5;
            double gy = TOP + plotH - plotH * i / yTicks;
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(gy)).append("\" x2=\"").append(LEFT + (int) plotW)
                    .append("\" y2=\"").append(f(gy)).append("\" stroke=\"#ddd\"/>\n");
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(gy + 4))
                    .append("\" text-anchor=\"end\">").append(number(v)).append("</text>\n");
        }
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append((int) plotW)
                .append("\" height=\"").append((int) plotH).append("\" fill=\"none\" stroke=\"#444\"/>\n");
        b.append("<text x=\"").append(LEFT + (int) plotW / 2).append("\" y=\"").append(HEIGHT - 12)
                .append("\" text-anchor=\"middle\">percentile (x = 1/(1-p), log scale)</text>\n");
        b.append("<text x=\"18\" y=\"").append(TOP + (int) plotH / 2).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
                .append(TOP + (int) plotH / 2).append(")\">latency (").append(escape(unit)).append(logY ? ", log scale" : "").append(")</text>\n");
        if (n > 0) {
            b.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < n; i++) {
                double px = LEFT + plotW * xs[i] / decades;
                double frac = logY ? (Math.log10(Math.max(ys[i], Math.pow(10, yLow))) - yLow) / (yHigh - yLow) : ys[i] / yTop;
                double py = TOP + plotH - plotH * frac;
                if (i > 0) b.append(' ');
                b.append(f(px)).append(',').append(f(py));
            }
            b.append("\"/>\n");
        } else {
            b.append("<text x=\"").append(LEFT + (int) plotW / 2).append("\" y=\"").append(TOP + (int) plotH / 2)
                    .append("\" text-anchor=\"middle\">no samples</text>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** log10(1/(1-p)); the 100th percentile sits at the last sample, {@code log10(count)}; NaN if unplaceable. */
    static double xOf(double percentile, long count) {
        if (percentile >= 100.0) return count > 1 ? Math.log10(count) : Double.NaN;
        double tail = 1.0 - percentile / 100.0;
        if (count > 1) tail = Math.max(tail, 1.0 / count); // never beyond the last sample
        return -Math.log10(tail);
    }

    /** 0 -> "0%", 1 -> "90%", 2 -> "99%", 3 -> "99.9%", ... */
    static String percentileLabel(int decade) {
        if (decade == 0) return "0%";
        if (decade == 1) return "90%";
        if (decade == 2) return "99%";
        return "99." + "9".repeat(decade - 2) + "%";
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v} (1 for nothing). */
    static double niceCeiling(double v) {
        if (!(v > 0)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) return m * p;
        }
        return 10 * p;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Axis labels: 0, 250, 1k, 20M ... (exact for the values the axes use: 1, 2, 5 times powers of ten and their fifths). */
    static String number(double v) {
        String[] suffix = {"", "k", "M", "G", "T"};
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && i < suffix.length - 1 && x / 1000 == Math.rint(x / 1000)) {
            x /= 1000;
            i++;
        }
        String digits = x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.3g", x);
        return digits + suffix[i];
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
