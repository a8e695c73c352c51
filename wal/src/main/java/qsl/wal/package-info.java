/**
 * The write-ahead log: segmented, preallocated, memory-mapped files of CRC32C-checked records
 * ({@link qsl.wal.RecordDescriptor}, {@link qsl.wal.SegmentDescriptor}), written by
 * {@link qsl.wal.WalWriter} under a {@link qsl.wal.DurabilityMode}, read back by
 * {@link qsl.wal.WalRecovery} under a {@link qsl.wal.RecoveryMode} into a typed
 * {@link qsl.wal.RecoveryReport}, and checkpointed by {@link qsl.wal.SnapshotStore}.
 * Every native call (open, fallocate, mmap, fdatasync / F_FULLFSYNC, rename's directory sync)
 * is an FFM downcall declared in {@link qsl.wal.NativeFiles}. JDK only.
 */
package qsl.wal;
