package qsl.journal;

/**
 * When a {@link JournaledEngine} snapshots, and how many snapshots the directory keeps.
 *
 * @param everyRecords take a snapshot once this many log records were appended since the last one
 *     (0: never on its own; {@link JournaledEngine#snapshot()} still works)
 * @param keep intact snapshots kept by pruning after each snapshot (at least 2, so recovery can fall
 *     back one snapshot; segments wholly covered by the oldest one kept are deleted)
 */
public record SnapshotPolicy(long everyRecords, int keep) {
    /** No automatic snapshots; keep two. */
    public static final SnapshotPolicy MANUAL = new SnapshotPolicy(0, 2);

    public SnapshotPolicy {
        if (everyRecords < 0) throw new IllegalArgumentException("everyRecords < 0: " + everyRecords);
        if (keep < 2) throw new IllegalArgumentException("keep must be at least 2: " + keep);
    }

    /** A snapshot every {@code records} records, keeping two. */
    public static SnapshotPolicy every(long records) {
        return new SnapshotPolicy(records, 2);
    }

    /** Whether a snapshot is due at log sequence {@code sequence} when the last one covered {@code lastSnapshot}. */
    public boolean due(long sequence, long lastSnapshot) {
        return everyRecords > 0 && sequence - lastSnapshot >= everyRecords;
    }
}
