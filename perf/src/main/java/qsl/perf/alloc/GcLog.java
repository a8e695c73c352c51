package qsl.perf.alloc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JVM's unified GC log ({@code -Xlog:gc}, see {@link ChildJvm#gcLog}) and counts what
 * the collector did: which collector ran, how many collections started ({@code GC(n)} ids),
 * how many stop-the-world pauses were logged and how long they took. Lines it does not know
 * are ignored (the log carries heap summaries and other tags), so any JDK's log parses.
 *
 * <p>A line like {@code [0.512s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause)
 * 24M->3M(256M) 2.345ms} is one pause of 2.345 ms in collection 3. Epsilon never collects: its
 * log says {@code Using Epsilon} and carries no {@code GC(n)} lines at all.
 */
public final class GcLog {
    private static final Pattern COLLECTOR = Pattern.compile("\\bUsing (?:The )?([A-Za-z0-9]+)");
    private static final Pattern GC_ID = Pattern.compile("\\bGC\\((\\d+)\\)");
    private static final Pattern MILLIS = Pattern.compile("(\\d+(?:\\.\\d+)?)ms\\s*$");

    private GcLog() {}

    /** One stop-the-world pause as logged. */
    public record Pause(long gcId, String kind, double millis) {}

    /**
     * What the log says.
     *
     * @param collector the collector named by the {@code Using ...} line ("unknown" if absent)
     * @param collections distinct {@code GC(n)} ids seen: collections started
     * @param pauses every logged pause, in log order
     */
    public record Summary(String collector, int collections, List<Pause> pauses) {
        public int pauseCount() {
            return pauses.size();
        }

        public double totalPauseMillis() {
            double sum = 0;
            for (Pause p : pauses) sum += p.millis();
            return sum;
        }

        public double maxPauseMillis() {
            double max = 0;
            for (Pause p : pauses) max = Math.max(max, p.millis());
            return max;
        }

        /** True when the log shows no collection and no pause at all. */
        public boolean noCollections() {
            return collections == 0 && pauses.isEmpty();
        }
    }

    /** Parses a whole log (any line endings); never throws on odd input. */
    public static Summary parse(String log) {
        String collector = "unknown";
        Set<Long> ids = new LinkedHashSet<>();
        List<Pause> pauses = new ArrayList<>();
        if (log == null) return new Summary(collector, 0, pauses);
        for (String line : log.split("\r?\n|\r")) {
            String body = stripDecorations(line);
            if (collector.equals("unknown")) {
                Matcher c = COLLECTOR.matcher(body);
                if (c.find() && body.startsWith("Using ")) collector = c.group(1);
            }
            Matcher id = GC_ID.matcher(body);
            if (!id.find()) continue;
            long gcId;
            try {
                gcId = Long.parseLong(id.group(1));
            } catch (NumberFormatException e) {
                continue; // an id too long for a long is not a line this JVM wrote
            }
            ids.add(gcId);
            String rest = body.substring(id.end()).trim();
            if (!rest.startsWith("Pause")) continue;
            Matcher ms = MILLIS.matcher(rest);
            if (!ms.find()) continue; // the pause's start line (some collectors log start and end)
            pauses.add(new Pause(gcId, pauseKind(rest), Double.parseDouble(ms.group(1))));
        }
        return new Summary(collector, ids.size(), List.copyOf(pauses));
    }

    /**
     * True when the process died because the heap ran out: the JVM's message on stderr, as
     * Epsilon (which never collects) prints it once an allocating loop has used the heap up.
     */
    public static boolean heapExhausted(String stderr) {
        return stderr != null && stderr.contains("java.lang.OutOfMemoryError");
    }

    /** The pause's words up to the first one that starts with a digit (heap sizes, duration). */
    static String pauseKind(String rest) {
        StringBuilder b = new StringBuilder();
        for (String word : rest.split(" ")) {
            if (word.isEmpty()) continue;
            if (Character.isDigit(word.charAt(0))) break;
            if (!b.isEmpty()) b.append(' ');
            b.append(word);
        }
        return b.toString();
    }

    /** Drops the leading {@code [..][..]} decorations of a unified-logging line. */
    static String stripDecorations(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '[') {
            int close = line.indexOf(']', i);
            if (close < 0) break;
            i = close + 1;
        }
        return line.substring(i).trim();
    }
}
