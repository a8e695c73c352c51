package qsl.perf.stat;

import java.util.ArrayList;
import java.util.List;

/**
 * One counter line of {@code perf stat -x,} output: the event and what perf made of it.
 * A counter the host cannot count is {@link Status#NOT_SUPPORTED}, one that was never
 * scheduled {@link Status#NOT_COUNTED}: neither has a value, and neither may be reported as
 * a measurement.
 *
 * @param event the event name as perf printed it ({@code instructions}, {@code task-clock}, ...)
 * @param raw the value field as printed
 * @param value the number, when {@link Status#COUNTED}; otherwise NaN
 * @param unit perf's unit ({@code msec} for task-clock, empty for plain counts)
 * @param runningPct share of the run the counter was scheduled, when perf multiplexed counters
 */
public record CounterReading(String event, Status status, String raw, double value, String unit, double runningPct) {

    public enum Status {
        COUNTED, NOT_SUPPORTED, NOT_COUNTED, UNREADABLE;

        public String label() {
            return switch (this) {
                case COUNTED -> "counted";
                case NOT_SUPPORTED -> "not supported by this host";
                case NOT_COUNTED -> "not counted";
                case UNREADABLE -> "unreadable";
            };
        }
    }

    /**
     * Parses the CSV perf writes with {@code -x,}: {@code value,unit,event,run-time,pct,...} per
     * line; {@code #} comments, blank lines and perf's own messages ("Events enabled") are
     * skipped. Total: never throws.
     */
    public static List<CounterReading> parseCsv(String text) {
        List<CounterReading> out = new ArrayList<>();
        if (text == null) return out;
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split(",", -1);
            if (f.length < 3 || f[2].isBlank()) continue; // a message line, not a counter
            String raw = f[0].strip();
            String unit = f[1].strip();
            String event = f[2].strip();
            double pct = Double.NaN;
            if (f.length > 4) {
                try {
                    pct = Double.parseDouble(f[4].strip());
                } catch (NumberFormatException e) {
                    // perf leaves it empty for some events
                }
            }
            Status status;
            double value = Double.NaN;
            if (raw.equals("<not supported>")) {
                status = Status.NOT_SUPPORTED;
            } else if (raw.equals("<not counted>")) {
                status = Status.NOT_COUNTED;
            } else {
                try {
                    value = Double.parseDouble(raw);
                    status = Status.COUNTED;
                } catch (NumberFormatException e) {
                    status = Status.UNREADABLE;
                }
            }
            out.add(new CounterReading(event, status, raw, value, unit, pct));
        }
        return out;
    }

    /** The results-file key: event name with '-' made '_', plus the unit ({@code task_clock_msec}). */
    public String figureKey() {
        String k = event.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "");
        return unit.isBlank() ? k : k + "_" + unit.replaceAll("[^A-Za-z0-9]+", "_");
    }
}
