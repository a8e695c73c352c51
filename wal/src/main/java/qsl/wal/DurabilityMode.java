package qsl.wal;

/**
 * When an appended record becomes durable, chosen per log. What each survives is in
 * {@code docs/durability.md}.
 */
public enum DurabilityMode {
    /** Page cache only: the record survives a process crash (the log is memory-mapped), not an OS crash or power loss. */
    NONE,
    /**
     * Group commit: one sync covers every record appended since the previous one. A sync runs when
     * {@link WalConfig#batchMaxRecords()} records are pending or the oldest pending one has waited
     * {@link WalConfig#batchMaxNanos()}; {@link WalWriter#durableSequence()} is the watermark.
     */
    BATCH,
    /** Each append is durable before it returns. */
    SYNC;

    /** Parses {@code none|batch|sync} (any case); {@code null} for anything else. */
    public static DurabilityMode parse(String s) {
        if (s == null) return null;
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "batch" -> BATCH;
            case "sync" -> SYNC;
            default -> null;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
