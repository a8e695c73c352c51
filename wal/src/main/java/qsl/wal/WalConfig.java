package qsl.wal;

import java.nio.file.Path;

/**
 * How a log is written.
 *
 * @param directory where the segment files live (created if missing)
 * @param mode when appends become durable
 * @param segmentLength bytes per preallocated segment file (a multiple of 4096, 64 KiB..1 GiB)
 * @param batchMaxRecords {@link DurabilityMode#BATCH}: sync once this many records are pending
 * @param batchMaxNanos {@link DurabilityMode#BATCH}: sync once the oldest pending record has waited this long
 * @param preparedSegments {@link DurabilityMode#NONE} only: how many of the next segment files a
 *     helper thread keeps ready ahead of the writer ({@link SegmentPreparer}): recycled segments
 *     (pruned ones, reused through the mapping they were written through, not zeroed: the writer
 *     keeps an end marker after each record it writes there) or, when none is there,
 *     fresh files created, preallocated, mapped and pre-faulted; with a preparer, a prune through
 *     the {@code Journal} recycles covered segments instead of deleting them. 0: the writer creates
 *     each segment at its roll, its pages fault in on its first stores, and prunes delete.
 *     {@link #of} asks for {@link #DEFAULT_PREPARED_SEGMENTS_NONE} in none mode; the explicit
 *     five-argument constructor for 0
 */
public record WalConfig(Path directory, DurabilityMode mode, long segmentLength, int batchMaxRecords, long batchMaxNanos,
        int preparedSegments) {
    public static final long DEFAULT_SEGMENT_LENGTH = 64L << 20;
    /** {@link #preparedSegments} of {@link #of} in none mode: a preparer (and recycling) by default. */
    public static final int DEFAULT_PREPARED_SEGMENTS_NONE = 3;
    /** Most segments {@link #preparedSegments} may ask for. */
    public static final int MAX_PREPARED_SEGMENTS = 16;

    /** No segments prepared ahead. */
    public WalConfig(Path directory, DurabilityMode mode, long segmentLength, int batchMaxRecords, long batchMaxNanos) {
        this(directory, mode, segmentLength, batchMaxRecords, batchMaxNanos, 0);
    }

    public WalConfig {
        if (directory == null || mode == null) throw new IllegalArgumentException("directory and mode are required");
        if (preparedSegments < 0 || preparedSegments > MAX_PREPARED_SEGMENTS)
            throw new IllegalArgumentException("preparedSegments must be in 0.." + MAX_PREPARED_SEGMENTS + ": " + preparedSegments);
        if (preparedSegments > 0 && mode != DurabilityMode.NONE)
            throw new IllegalArgumentException("preparedSegments is a none-mode option (sync and batch rolls sync a fresh file): " + mode);
        if (segmentLength < (64 << 10) || segmentLength > (1L << 30) || (segmentLength & 4095) != 0)
            throw new IllegalArgumentException("segmentLength must be a multiple of 4096 in 64 KiB..1 GiB: " + segmentLength);
        if (batchMaxRecords < 1) throw new IllegalArgumentException("batchMaxRecords < 1: " + batchMaxRecords);
        if (batchMaxNanos < 0) throw new IllegalArgumentException("batchMaxNanos < 0: " + batchMaxNanos);
    }

    /**
     * The default configuration: 64 MiB segments; batches of at most 256 records or 1 ms; in none
     * mode {@link #DEFAULT_PREPARED_SEGMENTS_NONE} segments prepared ahead, recycled from pruned ones
     * when there are any (sync and batch: none; their rolls create and sync a fresh file, and a prune deletes).
     */
    public static WalConfig of(Path directory, DurabilityMode mode) {
        return new WalConfig(directory, mode, DEFAULT_SEGMENT_LENGTH, 256, 1_000_000L,
                mode == DurabilityMode.NONE ? DEFAULT_PREPARED_SEGMENTS_NONE : 0);
    }

    public WalConfig withSegmentLength(long length) {
        return new WalConfig(directory, mode, length, batchMaxRecords, batchMaxNanos, preparedSegments);
    }

    public WalConfig withBatch(int maxRecords, long maxNanos) {
        return new WalConfig(directory, mode, segmentLength, maxRecords, maxNanos, preparedSegments);
    }

    /** {@link DurabilityMode#NONE}: keep {@code n} segment files prepared ahead of the writer (see {@link #preparedSegments}). */
    public WalConfig withPreparedSegments(int n) {
        return new WalConfig(directory, mode, segmentLength, batchMaxRecords, batchMaxNanos, n);
    }

    /** Largest payload a record can carry in this configuration. */
    public int maxPayload() {
        return (int) Math.min(RecordDescriptor.MAX_PAYLOAD,
                segmentLength - SegmentDescriptor.LENGTH - RecordDescriptor.HEADER_LENGTH - RecordDescriptor.ALIGNMENT);
    }
}
