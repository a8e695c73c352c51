package qsl.journal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;
import qsl.wal.DurabilityMode;
import qsl.wal.SnapshotStore;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * A write-ahead log plus the snapshots beside it: appends go to a {@link WalWriter}; a snapshot
 * ({@link #snapshot}) first makes the log durable up to the sequence it covers, so a snapshot never
 * outruns the durable log, then is written atomically ({@link SnapshotStore}) and old snapshots and
 * fully covered segments are pruned as the {@link SnapshotPolicy} says. Single writer thread;
 * {@link #durableSequence()} and {@link #lastSequence()} may be read from any thread.
 *
 * <p>Results are values: appends return the sequence or a negative {@link WalWriter} status, opens
 * and snapshots return sealed outcomes; nothing here throws on an I/O failure.
 */
public final class Journal implements AutoCloseable {
    /** The outcome of {@link #open}. */
    public sealed interface Open permits Open.Ready, Open.Failed {
        record Ready(Journal journal) implements Open {}

        /** The log could not be opened (needs recovery first, or a file system call failed). */
        record Failed(String reason) implements Open {}
    }

    /** The outcome of {@link #snapshot}. */
    public sealed interface Snapshot permits Snapshot.Written, Snapshot.Failed {
        /** Written and durable; {@code segmentsPruned} log segments were deleted after it. */
        record Written(Path path, long sequence, long bytes, int segmentsPruned) implements Snapshot {}

        /** Not written (or written but not durable); {@code error} is null when no system call failed. */
        record Failed(String what, NativeError error) implements Snapshot {}
    }

    private final WalWriter writer;
    private final Path dir;
    private final SnapshotPolicy policy;
    private volatile long lastSnapshot; // written by the thread that writes snapshots
    private volatile long snapshots;

    private Journal(WalWriter writer, Path dir, SnapshotPolicy policy, long lastSnapshot) {
        this.writer = writer;
        this.dir = dir;
        this.policy = policy;
        this.lastSnapshot = lastSnapshot;
    }

    /**
     * Opens (or creates) the log in {@code config.directory()}.
     *
     * @param nextSequence the sequence the caller's state expects next (everything before it is
     *     covered by a snapshot); 0 or less: after the log's last record
     * @param lastSnapshot the sequence the newest snapshot covers (the policy counts from it)
     */
    public static Open open(WalConfig config, SnapshotPolicy policy, long nextSequence, long lastSnapshot) {
        WalWriter.Open o = WalWriter.open(config, nextSequence);
        return switch (o) {
            case WalWriter.Open.Ready r -> new Open.Ready(new Journal(r.writer(), config.directory(), policy, lastSnapshot));
            case WalWriter.Open.NeedsRecovery n -> new Open.Failed("the log needs recovery first: segment " + n.segment()
                    + " offset " + n.offset() + ": " + n.reason());
            case WalWriter.Open.Failed f -> new Open.Failed(f.what() + ": " + f.error());
        };
    }

    /** Appends one record; returns its sequence or a negative {@link WalWriter} status. Allocation-free. */
    public long append(int type, MemorySegment src, long offset, int length) {
        return writer.append(type, src, offset, length);
    }

    /** Syncs every appended record; returns the durable sequence or a negative status. */
    public long sync() {
        return writer.sync();
    }

    /** Batch mode: syncs when the oldest pending record has waited long enough. Call when idle. */
    public long poll(long nowNanos) {
        return writer.poll(nowNanos);
    }

    /** Highest durable sequence. Any thread. */
    public long durableSequence() {
        return writer.durableSequence();
    }

    /** Highest appended sequence. Any thread. */
    public long lastSequence() {
        return writer.lastSequence();
    }

    /** Whether the policy wants a snapshot at {@code sequence}. */
    public boolean snapshotDue(long sequence) {
        return policy.due(sequence, lastSnapshot);
    }

    /** Sequence the newest snapshot this journal wrote (or was opened with) covers. */
    public long lastSnapshotSequence() {
        return lastSnapshot;
    }

    /** Snapshots written through this journal. */
    public long snapshotsWritten() {
        return snapshots;
    }

    /**
     * Writes {@code payload} as the snapshot covering log sequences up to {@code sequence}: syncs the
     * log through {@code sequence} first (never a snapshot of records the log could lose), writes the
     * snapshot atomically and durably, then prunes per the policy.
     */
    public Snapshot snapshot(long sequence, byte[] payload) {
        if (sequence > writer.lastSequence()) {
            return new Snapshot.Failed("snapshot at sequence " + sequence + " beyond the log's last record " + writer.lastSequence(), null);
        }
        if (sequence > writer.durableSequence() && writer.sync() < 0) {
            return new Snapshot.Failed("sync the log before the snapshot at sequence " + sequence, writer.lastError());
        }
        return writeAndPrune(sequence, payload);
    }

    /**
     * Writes {@code payload} as the snapshot covering log sequences up to {@code sequence} from a
     * thread other than the writer's (so the snapshot's write, sync and pruning stay off the
     * append path): refused unless the log is already durable through {@code sequence} (the
     * writer thread syncs, this one waits for {@link #durableSequence()}), so it never outruns the
     * durable log. One snapshot writer thread at a time; the writer thread keeps appending.
     * Pruning deletes only segments wholly covered by the oldest snapshot kept, never the one the
     * writer appends to.
     */
    public Snapshot snapshotDurable(long sequence, byte[] payload) {
        long durable = writer.durableSequence();
        if (sequence > durable) {
            return new Snapshot.Failed("snapshot at sequence " + sequence + " beyond the durable log (" + durable + ")", null);
        }
        return writeAndPrune(sequence, payload);
    }

    private Snapshot writeAndPrune(long sequence, byte[] payload) {
        SnapshotStore.Write w = SnapshotStore.write(dir, sequence, payload);
        if (w instanceof SnapshotStore.Write.Failed f) return new Snapshot.Failed(f.what(), f.error());
        SnapshotStore.Write.Done d = (SnapshotStore.Write.Done) w;
        lastSnapshot = sequence;
        snapshots++;
        int pruned;
        try {
            // none mode with a preparer: covered segments are recycled as future ones, not deleted
            pruned = SnapshotStore.prune(dir, policy.keep(), writer.recyclesSegments());
        } catch (IOException e) {
            return new Snapshot.Failed("prune after the snapshot at sequence " + sequence + ": " + e.getMessage(),
                    new NativeError("unlink", Errno.EIO));
        }
        return new Snapshot.Written(d.path(), sequence, d.bytes(), pruned);
    }

    public DurabilityMode mode() {
        return writer.mode();
    }

    public Path directory() {
        return dir;
    }

    /** The failure that stopped the writer, or null. */
    public NativeError lastError() {
        return writer.lastError();
    }

    /** The log writer underneath (for its counters; append through the journal). */
    public WalWriter writer() {
        return writer;
    }

    /** Syncs (unless {@code none}) and closes the log. */
    @Override
    public void close() {
        writer.close();
    }
}
