package qsl.wal;

import java.util.List;

/**
 * What recovery found and did: a value, never an exception.
 *
 * @param kind the outcome
 * @param mode the mode recovery ran in
 * @param segment where the first damage is (segment index), or -1 when there is none
 * @param offset byte offset of the first damage in that segment, or -1
 * @param detail what was wrong, for people ("" when clean)
 * @param firstSequence first sequence present in the log (0: no records)
 * @param lastSequence last sequence of the recovered prefix (0: none); the next append takes {@code lastSequence + 1}
 * @param recordsDelivered records handed to the handler ({@code sequence >= fromSequence})
 * @param recordsVerified records whose checksum and sequence were verified, delivered or not
 * @param bytesTruncated bytes removed by repair (torn tail or salvage), counted from the damage to each file's written end
 * @param recordsDropped valid-looking records found after the damage that salvage dropped or skipped
 * @param dropped every span dropped or skipped, in log order
 * @param repaired whether files were changed (truncated or deleted)
 * @param covered damage inside sequences the caller's snapshot covers: reported, stepped over, not fatal
 * @param losses loss detected without damage to see (segments the manifest names missing, the log ending
 *     before the snapshot's sequence or before what the manifest says was sealed); non-empty makes
 *     {@link Kind#LOSS} in the default and absolute modes
 */
public record RecoveryReport(Kind kind, RecoveryMode mode, long segment, long offset, String detail,
                             long firstSequence, long lastSequence, long recordsDelivered, long recordsVerified,
                             long bytesTruncated, long recordsDropped, List<Dropped> dropped, boolean repaired,
                             List<Dropped> covered, List<String> losses) {

    /** Outcomes. */
    public enum Kind {
        /** No segment files, or none with a record. */
        EMPTY,
        /** Every byte accounted for. */
        CLEAN,
        /** Tail damage truncated; everything before it recovered. */
        TORN_TAIL_REPAIRED,
        /** Tail damage found and left alone (read-only run, or {@link RecoveryMode#ABSOLUTE_CONSISTENCY}). */
        TORN_TAIL,
        /** Damage with valid records after it: recovery stopped there; nothing changed, nothing skipped. */
        CORRUPT,
        /** A salvage mode dropped or skipped damaged data; {@code dropped} lists it. */
        SALVAGED,
        /** A file could not be read or repaired. */
        IO_ERROR,
        /**
         * Records that were durable are gone without damage to show it (see {@code losses}):
         * nothing changed, the prefix before the loss was delivered.
         */
        LOSS
    }

    /** One span that salvage or repair dropped. {@code firstSequence..lastSequence} are the lost sequences when known, else -1. */
    public record Dropped(long segment, long offset, long length, long records, long firstSequence, long lastSequence,
                          String reason) {}

    /** True when the recovered prefix can be trusted as the whole log (CLEAN, EMPTY, or a repaired torn tail). */
    public boolean usable() {
        return kind == Kind.CLEAN || kind == Kind.EMPTY || kind == Kind.TORN_TAIL_REPAIRED || kind == Kind.SALVAGED;
    }

    /** One line for people. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(" (").append(mode.name().toLowerCase(java.util.Locale.ROOT))
                .append("): sequences ").append(firstSequence).append("..").append(lastSequence)
                .append(", ").append(recordsDelivered).append(" delivered");
        if (segment >= 0) b.append("; damage at segment ").append(segment).append(" offset ").append(offset).append(": ").append(detail);
        if (bytesTruncated > 0) b.append("; ").append(bytesTruncated).append(" bytes truncated");
        if (recordsDropped > 0) b.append("; ").append(recordsDropped).append(" records dropped");
        if (!covered.isEmpty()) b.append("; ").append(covered.size()).append(" damaged span(s) inside what the snapshot covers, stepped over");
        for (String l : losses) b.append("; LOSS: ").append(l);
        return b.toString();
    }
}
