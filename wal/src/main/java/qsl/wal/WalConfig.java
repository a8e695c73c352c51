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
 *     helper thread keeps created, preallocated, mapped and pre-faulted ahead of the writer
 *     ({@link SegmentPreparer}); 0 (the default): the writer creates each at its roll and its pages
 *     fault in on first store
 */
public record WalConfig(Path directory, DurabilityMode mode, long segmentLength, int batchMaxRecords, long batchMaxNanos,
        int preparedSegments) {
    public static final long DEFAULT_SEGMENT_LENGTH = 64L << 20;
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

    /** 64 MiB segments; batches of at most 256 records or 1 ms. */
    public static WalConfig of(Path directory, DurabilityMode mode) {
        return new WalConfig(directory, mode, DEFAULT_SEGMENT_LENGTH, 256, 1_000_000L);
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
