package qsl.wal;

/**
 * What recovery does with a damaged log, named after RocksDB's WAL recovery modes. "Tail" damage
 * is a bad or incomplete record (or a bad segment header, or junk in the preallocated zeros) with
 * no valid record anywhere after it; "middle" damage has valid records after it.
 */
public enum RecoveryMode {
    /**
     * The default. Tail damage is a torn write: truncated (when repair is on) and reported as
     * {@link RecoveryReport.Kind#TORN_TAIL_REPAIRED}. Middle damage stops recovery with
     * {@link RecoveryReport.Kind#CORRUPT}, the segment and offset, and changes nothing.
     */
    TOLERATE_CORRUPTED_TAIL_RECORDS,
    /** Any damage, even a torn tail, stops recovery ({@code TORN_TAIL} or {@code CORRUPT}); nothing is changed. */
    ABSOLUTE_CONSISTENCY,
    /**
     * Salvage to a consistent prefix: stop at the first damage, drop it and everything after it
     * (valid records included), and report exactly what was dropped ({@code SALVAGED}).
     */
    POINT_IN_TIME_RECOVERY,
    /**
     * Salvage everything readable: skip each damaged span, go on with the next valid record
     * (sequence gaps allowed), and report every span skipped ({@code SALVAGED}). Tail damage is
     * repaired as in the default mode; middle damage stays on disk.
     */
    SKIP_ANY_CORRUPTED_RECORDS;

    /** Parses a mode by its name or a short alias: tolerate, absolute, point-in-time, skip-any. */
    public static RecoveryMode parse(String s) {
        if (s == null) return null;
        return switch (s.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "tolerate", "tolerate-corrupted-tail", "tolerate-corrupted-tail-records" -> TOLERATE_CORRUPTED_TAIL_RECORDS;
            case "absolute", "absolute-consistency" -> ABSOLUTE_CONSISTENCY;
            case "point-in-time", "point-in-time-recovery" -> POINT_IN_TIME_RECOVERY;
            case "skip-any", "skip-any-corrupted-records" -> SKIP_ANY_CORRUPTED_RECORDS;
            default -> null;
        };
    }
}
