package qsl.perf.results;

import java.util.Locale;

/**
 * The areas of {@code results/README.md}, in the order they appear, and which file names
 * belong to each. A name matches the first area whose rule fits, so put a study's area in
 * the first word of its file name ({@code engine-...}, {@code ring-...}, {@code wal-...}).
 */
public enum ResultsArea {
    FLAMEGRAPHS("Flamegraphs", "flamegraph"),
    PERF_STAT("perf stat", "perf-stat"),
    CRASH_RECOVERY("Crash recovery", "crash", "recovery"),
    ENGINE("Engine", "engine", "book", "matching", "demo"),
    RING("Ring", "ring", "spsc"),
    LOG("Log", "wal", "log", "journal"),
    NUMA("NUMA", "numa", "pinning", "affinity", "cache-line", "false-sharing"),
    DOWNCALLS("Downcalls", "downcall", "ffi"),
    ALLOCATION("Allocation and GC", "alloc", "gc", "epsilon"),
    OTHER("Other");

    private final String title;
    private final String[] prefixes;

    ResultsArea(String title, String... prefixes) {
        this.title = title;
        this.prefixes = prefixes;
    }

    public String title() {
        return title;
    }

    /** The order of sections in the index (engine first, catch-all last). */
    public static final ResultsArea[] INDEX_ORDER =
            {ENGINE, RING, LOG, CRASH_RECOVERY, NUMA, DOWNCALLS, ALLOCATION, FLAMEGRAPHS, PERF_STAT, OTHER};

    /** The area of {@code results/<stem>.json}: by the leading word of the file name. */
    public static ResultsArea of(String stem) {
        String s = stem.toLowerCase(Locale.ROOT);
        for (ResultsArea a : values()) {
            for (String p : a.prefixes) {
                if (s.equals(p) || s.startsWith(p + "-") || s.startsWith(p + "_") || s.startsWith(p + ".")
                        || (p.length() >= 4 && s.startsWith(p))) {
                    return a;
                }
            }
        }
        return OTHER;
    }
}
