package qsl.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;

/**
 * Appends records to a segmented log. Each segment is a preallocated file mapped with
 * {@code mmap(MAP_SHARED)}: an append is a copy into the page cache plus a CRC32C, with no system
 * call and no allocation; durability comes from {@link NativeFiles#dataSync} on the segment's
 * descriptor, as the {@link DurabilityMode} asks. Single writer thread; {@link #durableSequence()}
 * and {@link #lastSequence()} may be read from any thread.
 *
 * <p>Results are values: {@link #append} returns the record's sequence (&ge; 1) or a negative
 * status ({@link #CLOSED}, {@link #TOO_LARGE}, {@link #BAD_TYPE}, {@link #IO_ERROR}); after an
 * {@code IO_ERROR} the writer stays failed (a failed fsync must not be retried as if nothing
 * happened: the kernel may have dropped the dirty pages) and {@link #lastError()} names the call.
 */
public final class WalWriter implements AutoCloseable {
    public static final long CLOSED = -1;
    public static final long TOO_LARGE = -2;
    public static final long BAD_TYPE = -3;
    public static final long IO_ERROR = -4;

    private static final VarHandle DURABLE;
    private static final VarHandle LAST;
    private static final VarHandle FAILURE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DURABLE = l.findVarHandle(WalWriter.class, "durableSequence", long.class);
            LAST = l.findVarHandle(WalWriter.class, "lastSequence", long.class);
            FAILURE = l.findVarHandle(WalWriter.class, "syncFailure", Failure.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Why the writer turned read-only: the operation and the system call's error. After a failed
     * {@code fdatasync} the kernel may have dropped the dirty pages, so nothing appended since the
     * last successful sync is acknowledged, ever: the owner must stop, and recover.
     */
    public record Failure(String operation, NativeError error) {
        @Override
        public String toString() {
            return operation + ": " + error;
        }
    }

    /** The outcome of {@link #open}. */
    public sealed interface Open permits Open.Ready, Open.NeedsRecovery, Open.Failed {
        /** The writer, positioned after the last record. */
        record Ready(WalWriter writer) implements Open {}

        /** The last segment does not end cleanly: run {@link WalRecovery} (which repairs a torn tail) first. */
        record NeedsRecovery(long segment, long offset, String reason) implements Open {}

        /** A file system call failed. */
        record Failed(String what, NativeError error) implements Open {}
    }

    private final WalConfig config;
    private final NativeFiles files;
    private final Arena arena;
    private final int maxPayload;
    private final long segmentLength;
    private final DurabilityMode mode;

    private int fd = -1;
    private MemorySegment map;
    private Crc crc;
    private long segmentIndex;
    /** Length of the current segment: the configured one, or an existing file's own when reopened. */
    private long currentLength;
    /**
     * The current segment is a recycled, unzeroed file ({@link SegmentDescriptor#FLAG_RECYCLED}):
     * each append stores an end marker (24 zero bytes) right after its record, so the written part
     * ends at the first zero header as in a zeroed file, whatever old bytes lie beyond.
     */
    private boolean markEnd;
    private long position;
    /** First sequence of the current segment (what the manifest names with it). */
    private long segmentFirstSequence;
    /** none mode: the current segment's header, its name and its manifest entry are not durable yet; the next {@link #sync()} makes them so. */
    private boolean rollUnsynced;
    /** Generation of the manifest this writer last wrote; -1 until its first write reads the file's. */
    private long manifestGeneration = -1;
    private long nextSequence;
    private int pending;
    private long firstPendingNanos;
    private boolean closed;
    private boolean failed;
    private NativeError lastError;
    private Failure failure;
    private long syncCount;
    /** none mode: descriptors of segments left behind by a roll, synced by the next {@link #sync()}. */
    private int[] unsynced = new int[4];
    private int unsyncedCount;
    /** none mode with {@link WalConfig#preparedSegments} &gt; 0: the thread preparing the next segment files; else null. */
    private SegmentPreparer preparer;

    @SuppressWarnings("unused") // accessed through DURABLE
    private long durableSequence;
    @SuppressWarnings("unused") // accessed through LAST
    private long lastSequence;
    /** A failure a sync on another thread reported ({@link #syncFailed}); null while none did. */
    private volatile Failure syncFailure;

    private WalWriter(WalConfig config, Arena arena) {
        this.config = config;
        this.arena = arena;
        this.files = new NativeFiles(arena);
        this.maxPayload = config.maxPayload();
        this.segmentLength = config.segmentLength();
        this.mode = config.mode();
    }

    /**
     * Opens the log in {@code config.directory()} for appending, creating it if empty.
     *
     * @param nextSequence the sequence the caller expects the next record to take (its state covers
     *     everything before it, e.g. from a snapshot); when the log ends earlier (a snapshot newer
     *     than the log's tail, as after a power loss in {@code none} mode), a new segment starts at
     *     it; 0 or less: continue after the log's last record
     */
    public static Open open(WalConfig config, long nextSequence) {
        WalWriter w = new WalWriter(config, Arena.ofShared());
        NativeFiles.warmUpSyncInBackground(); // once per process: syncs stop allocating soon after start
        Open o = w.start(Math.max(0, nextSequence));
        if (o instanceof Open.Ready) o = w.startPreparer(o);
        if (!(o instanceof Open.Ready)) w.release();
        return o;
    }

    /** Deletes prepared files a stopped writer left, then (if configured) starts preparing the next segments. */
    private Open startPreparer(Open ready) {
        Path dir = config.directory();
        try {
            for (Path p : SegmentFiles.listPrepared(dir)) {
                if (files.unlink(p) != 0 && files.errno() != Errno.ENOENT) return new Open.Failed("delete " + p, files.lastError());
            }
        } catch (IOException e) {
            return new Open.Failed("list " + dir + ": " + e.getMessage(), new NativeError("opendir", Errno.EIO));
        }
        if (config.preparedSegments() > 0) preparer = new SegmentPreparer(dir, segmentLength, config.preparedSegments(), segmentIndex);
        return ready;
    }

    private Open start(long hint) {
        Path dir = config.directory();
        long[] indices;
        if (files.makeDirectories(dir) != 0) return new Open.Failed("create " + dir, files.lastError());
        try {
            indices = SegmentFiles.list(dir);
        } catch (IOException e) {
            return new Open.Failed("list " + dir + ": " + e.getMessage(), new NativeError("opendir", Errno.EIO));
        }
        if (indices.length == 0) {
            if (!createSegment(0, Math.max(1, hint), true)) return new Open.Failed("create segment 0", lastError);
            return new Open.Ready(this);
        }
        long last = indices[indices.length - 1];
        Path path = SegmentFiles.path(dir, last);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return new Open.Failed("stat " + path + ": " + e.getMessage(), new NativeError("stat", Errno.EIO));
        }
        if (size < SegmentDescriptor.LENGTH + RecordDescriptor.HEADER_LENGTH || size > (1L << 30)) {
            return new Open.NeedsRecovery(last, 0, "segment size " + size);
        }
        fd = files.open(path, NativeFiles.O_RDWR, 0);
        if (fd < 0) return new Open.Failed("open " + path, files.lastError());
        currentLength = size; // an existing segment keeps its own length; new ones take the configured one
        if (!mapCurrent()) return new Open.Failed("mmap " + path, lastError);
        segmentIndex = last;
        String bad = SegmentDescriptor.check(map, crc, last);
        if (bad != null) return new Open.NeedsRecovery(last, 0, bad);
        long first = SegmentDescriptor.firstSequence(map);
        segmentFirstSequence = first;
        long seq = first;
        long pos = SegmentDescriptor.LENGTH;
        if (SegmentDescriptor.segmentLength(map) != size) {
            return new Open.NeedsRecovery(last, 0, "file size " + size + " != header length " + SegmentDescriptor.segmentLength(map));
        }
        while (true) {
            int v = RecordValidator.check(map, crc, pos, currentLength, seq);
            if (v == RecordValidator.END || v == RecordValidator.NO_ROOM) break;
            if (v != RecordValidator.VALID) {
                return new Open.NeedsRecovery(last, pos, "record at offset " + pos + ": " + RecordValidator.describe(v));
            }
            pos += RecordDescriptor.frameLength(RecordDescriptor.length(map, pos));
            seq++;
        }
        // Also a tail shorter than a header: the writer never writes there, and recovery calls a
        // non-zero byte there damage, so the writer must not append after it either. A recycled
        // segment's written part ends at its end marker and old bytes follow (the writer goes on
        // marking); a record this log could hold there (a later sequence) is damage for recovery to judge.
        markEnd = SegmentDescriptor.recycled(map);
        if (markEnd ? RecordValidator.find(map, crc, pos, currentLength, seq) >= 0 : firstNonZero(map, pos, currentLength) >= 0) {
            return new Open.NeedsRecovery(last, pos, (markEnd ? "a valid record after the end marker" : "non-zero bytes after the last record")
                    + " at offset " + pos);
        }
        position = pos;
        nextSequence = seq;
        // In every mode: what a previous process left in the page cache is durable only once synced,
        // and the durable sequence published below claims it.
        if (files.dataSync(fd) != 0) return new Open.Failed("sync " + path, files.lastError());
        DURABLE.setRelease(this, seq - 1); // pairs with the getAcquire in durableSequence()
        LAST.setRelease(this, seq - 1); // pairs with the getAcquire in lastSequence()
        if (hint > seq) {
            if (seq == first) {
                // An empty last segment: restamp it to start at the hint.
                SegmentDescriptor.write(map, crc, last, hint, currentLength, SegmentDescriptor.flags(map));
                segmentFirstSequence = hint;
                if (files.dataSync(fd) != 0) return new Open.Failed("sync " + path, files.lastError());
                NativeError me = writeManifest(last, hint);
                if (me != null) return new Open.Failed("manifest", me);
                nextSequence = hint;
            } else {
                nextSequence = hint;
                if (roll(true) < 0) return new Open.Failed("roll to a new segment at sequence " + hint, lastError);
            }
            DURABLE.setRelease(this, hint - 1); // the snapshot covers everything before the hint
            LAST.setRelease(this, hint - 1);
        }
        return new Open.Ready(this);
    }

    /**
     * Appends one record whose payload is {@code src[offset, offset + length)}.
     *
     * @param type non-zero record type, the caller's to define
     * @return the record's sequence, or a negative status
     */
    public long append(int type, MemorySegment src, long offset, int length) {
        if (closed || failed) return closed ? CLOSED : IO_ERROR;
        if (type == 0) return BAD_TYPE;
        if (length < 1 || length > maxPayload) return TOO_LARGE;
        int frame = RecordDescriptor.frameLength(length);
        if (position + frame > currentLength && roll() < 0) return IO_ERROR;
        MemorySegment m = map;
        long at = position;
        long seq = nextSequence;
        // A recycled segment: the end marker in the slot after this record (where there is room for
        // a header; a shorter tail ends the records anyway), so old bytes there never follow it.
        if (markEnd && at + frame + RecordDescriptor.HEADER_LENGTH <= currentLength) clearHeader(m, at + frame);
        // The padding (at most 7 bytes) lies in the frame's last 8: zero them, then copy the payload over.
        m.set(SegmentDescriptor.I64, at + frame - 8, 0L);
        MemorySegment.copy(src, offset, m, at + RecordDescriptor.HEADER_LENGTH, length);
        m.set(SegmentDescriptor.I32, at + RecordDescriptor.LENGTH_OFFSET, length);
        m.set(SegmentDescriptor.I32, at + RecordDescriptor.TYPE_OFFSET, type);
        m.set(SegmentDescriptor.I64, at + RecordDescriptor.SEQUENCE_OFFSET, seq);
        m.set(SegmentDescriptor.I32, at + RecordDescriptor.RESERVED_OFFSET, 0);
        // Release: the end marker after the record and every byte of the record are stored before
        // its checksum, the store that makes it valid. A reader of this file after a kill (the page
        // cache keeps every store made) that finds the record valid finds the end marker after it
        // too; one that finds it invalid reads it as a torn tail, as before.
        VarHandle.releaseFence();
        m.set(SegmentDescriptor.I32, at + RecordDescriptor.CRC_OFFSET, RecordDescriptor.computeCrc(crc, at, length));
        position = at + frame;
        nextSequence = seq + 1;
        LAST.setRelease(this, seq); // pairs with the getAcquire in lastSequence()
        switch (mode) {
            case SYNC -> {
                if (sync() < 0) return IO_ERROR;
            }
            case BATCH -> {
                long now = System.nanoTime();
                if (pending++ == 0) firstPendingNanos = now;
                if (pending >= config.batchMaxRecords() || now - firstPendingNanos >= config.batchMaxNanos()) {
                    if (sync() < 0) return IO_ERROR;
                }
            }
            case NONE -> { }
        }
        return seq;
    }

    /** {@link DurabilityMode#BATCH}: syncs if the oldest pending record has waited long enough. Call when idle. */
    public long poll(long nowNanos) {
        if (closed || failed) return closed ? CLOSED : IO_ERROR;
        if (pending > 0 && nowNanos - firstPendingNanos >= config.batchMaxNanos()) return sync();
        return (long) DURABLE.getAcquire(this); // pairs with the CAS in durableAt()
    }

    /**
     * Makes every record appended so far durable (in any mode). Returns the new durable
     * watermark or a negative status.
     */
    public long sync() {
        if (closed || failed) return closed ? CLOSED : IO_ERROR;
        if (syncFailure != null) return adoptSyncFailure();
        long upTo = nextSequence - 1;
        pending = 0;
        // acquire: syncs on other threads (OverlappedSyncs) may have published past this thread's last one
        if (upTo <= (long) DURABLE.getAcquire(this)) return upTo;
        // none mode leaves segments without syncing them: they go first, so the watermark never
        // claims a record of a file that was not synced.
        for (int i = 0; i < unsyncedCount; i++) {
            if (files.dataSync(unsynced[i]) != 0) return fail();
            files.close(unsynced[i]);
            unsynced[i] = -1;
        }
        unsyncedCount = 0;
        if (files.dataSync(fd) != 0) return fail();
        if (rollUnsynced) {
            // none mode rolled since the last sync: the new segments' names, then the manifest naming the newest.
            if (files.syncDirectory(config.directory()) != 0) return fail();
            NativeError me = writeManifest(segmentIndex, segmentFirstSequence);
            if (me != null) {
                lastError = me;
                failure = new Failure("manifest for segment " + segmentIndex, me);
                failed = true;
                return IO_ERROR;
            }
            rollUnsynced = false;
        }
        syncCount++;
        if (!durableAt(upTo)) return adoptSyncFailure();
        return upTo;
    }

    // ---- The sync seam: fdatasync calls of this log made on other threads ({@link OverlappedSyncs}) ----
    // Nothing here is on the append path: the writer thread only reads what a sync would cover, and
    // the durable sequence, the one field other threads write, is published by compare-and-set.

    /** Writer thread: the newest record a sync started now would cover (every record appended so far; 0 if none). */
    long syncUpTo() {
        return nextSequence - 1;
    }

    /** The file of segment {@code index} of this log (a sync on another thread opens its own descriptor of it). */
    Path segmentPath(long index) {
        return SegmentFiles.path(config.directory(), index);
    }

    /**
     * Any thread: every record through {@code upTo} is durable (a sync covering it returned 0).
     * Publishes it as a monotonic maximum: a compare-and-set loop that never lowers the durable
     * sequence, so syncs returning out of order (a later-started one first) leave the highest.
     * Refused (false) once a sync failed ({@link #syncFailed}): nothing past the durable sequence
     * of that moment is ever claimed.
     */
    boolean durableAt(long upTo) {
        while (true) {
            if (syncFailure != null) return false; // volatile read
            long current = (long) DURABLE.getAcquire(this);
            if (upTo <= current) return true;
            // volatile CAS (release and acquire): the records' writes and the sync's return happen-before
            // any reader's getAcquire in durableSequence() that sees upTo
            if (DURABLE.compareAndSet(this, current, upTo)) return true;
        }
    }

    /**
     * Any thread: a sync of this log on another thread failed. From now on the durable sequence
     * never advances ({@link #durableAt} refuses), {@link #isReadOnly()} is true, {@link #failure()}
     * names the call, and the writer thread's next {@link #sync()} returns {@link #IO_ERROR} and
     * turns it read-only for appends too. The first failure reported is kept.
     */
    void syncFailed(Failure f) {
        FAILURE.compareAndSet(this, null, f); // volatile: seen by durableAt's next read on every thread
    }

    /** Writer thread: takes over a failure another thread's sync reported (see {@link #syncFailed}). */
    private long adoptSyncFailure() {
        Failure f = syncFailure;
        lastError = f.error();
        failure = f;
        failed = true;
        return IO_ERROR;
    }

    /** Highest sequence known durable (synced); 0 before the first sync. Any thread. */
    public long durableSequence() {
        return (long) DURABLE.getAcquire(this); // pairs with the CAS in durableAt() (sync(), OverlappedSyncs) and the setRelease in open
    }

    /** Highest sequence appended (in the page cache, maybe not durable). Any thread. */
    public long lastSequence() {
        return (long) LAST.getAcquire(this); // pairs with the setRelease in append()
    }

    /** The sequence the next append will take. */
    public long nextSequence() {
        return nextSequence;
    }

    public long segmentIndex() {
        return segmentIndex;
    }

    /** Byte offset in the current segment where the next record goes. */
    public long position() {
        return position;
    }

    /**
     * none mode with {@link WalConfig#preparedSegments}: how many next segment files are prepared
     * (created, preallocated, mapped, pre-faulted) and waiting for a roll; 0 without a preparer.
     */
    public int preparedSegmentsReady() {
        SegmentPreparer p = preparer;
        return p == null ? 0 : p.ready();
    }

    /**
     * Whether segments a prune takes out of this log should be recycled rather than deleted
     * ({@link SnapshotStore#prune(Path, int, boolean)}): none mode with a preparer
     * ({@link WalConfig#preparedSegments} &gt; 0) that is running. Any thread.
     */
    public boolean recyclesSegments() {
        SegmentPreparer p = preparer; // set before the writer is handed out, cleared by close()
        return p != null && p.running();
    }

    /** Segments this writer has started from recycled files (a prune's leftovers, not zeroed: written with end markers). Any thread. */
    public long segmentsRecycled() {
        SegmentPreparer p = preparer;
        return p == null ? 0 : p.recycled();
    }

    /** Nanoseconds this writer's rolls have waited for the preparer to finish a segment (0 without one). Any thread. */
    public long preparerWaitNanos() {
        SegmentPreparer p = preparer;
        return p == null ? 0 : p.waitedNanos();
    }

    /** Whether the current segment is a recycled one, written with end markers ({@link SegmentDescriptor#FLAG_RECYCLED}). */
    boolean marksEnd() {
        return markEnd;
    }

    /** Number of data syncs issued (for group-commit accounting). */
    public long syncCount() {
        return syncCount;
    }

    public DurabilityMode mode() {
        return mode;
    }

    /** The failure that stopped this writer, or {@code null}. */
    public NativeError lastError() {
        NativeError e = lastError;
        Failure f = syncFailure;
        return e != null || f == null ? e : f.error();
    }

    private long roll() {
        return roll(false);
    }

    /** @param durableNow none mode: make the new segment durable at once (at open) instead of at the next sync() */
    private long roll(boolean durableNow) {
        if (mode == DurabilityMode.NONE) {
            // none promises nothing until sync(): the segment it leaves stays open and the next
            // sync() syncs it before the current one, so durableSequence() never claims a record
            // of a file that was not synced.
            if (unsyncedCount == unsynced.length) unsynced = java.util.Arrays.copyOf(unsynced, unsyncedCount * 2);
            unsynced[unsyncedCount++] = fd;
            fd = -1;
            if (preparer != null && map != null) {
                preparer.retire(map); // unmapped on the preparing thread, off the append path
                map = null;
                crc = null;
            }
            unmapAndClose();
            SegmentPreparer.Prepared p = preparer == null || durableNow ? null : preparer.take(segmentIndex + 1);
            if (p != null) {
                preparer.want(p.index() + config.preparedSegments());
                if (!adoptPrepared(p, nextSequence)) {
                    failed = true;
                    return IO_ERROR;
                }
                return 0;
            }
        } else {
            // sync and batch sync the segment they leave: a later sync() covers only the current file.
            if (sync() < 0) return IO_ERROR;
            unmapAndClose();
        }
        if (!createSegment(segmentIndex + 1, nextSequence, durableNow || mode != DurabilityMode.NONE)) {
            failed = true;
            return IO_ERROR;
        }
        return 0;
    }

    /**
     * @param durableNow sync the file and the directory and update the manifest now (open, and
     *     every roll in sync and batch mode); otherwise (a none-mode roll) the next {@link #sync()} does
     */
    private boolean createSegment(long index, long firstSequence, boolean durableNow) {
        Path path = SegmentFiles.path(config.directory(), index);
        fd = files.open(path, NativeFiles.O_RDWR | NativeFiles.O_CREAT | NativeFiles.O_EXCL, 0644);
        if (fd < 0) {
            lastError = files.lastError();
            failure = new Failure("create segment " + index, lastError);
            return false;
        }
        currentLength = segmentLength;
        if (files.preallocate(fd, segmentLength) != 0) {
            lastError = files.lastError();
            failure = new Failure("preallocate segment " + index, lastError);
            return false;
        }
        if (!mapCurrent()) return false;
        return startSegment(index, firstSequence, durableNow, false);
    }

    /**
     * none mode: makes a prepared file ({@link SegmentPreparer}) the current segment: renamed from
     * {@code wal-<index>.next} into the log, then started like a created one (its name, like a
     * created file's, is durable at the next {@link #sync()}); a recycled one, not zeroed, is marked
     * {@link SegmentDescriptor#FLAG_RECYCLED} and written with end markers.
     */
    private boolean adoptPrepared(SegmentPreparer.Prepared p, long firstSequence) {
        fd = p.fd();
        map = p.map();
        crc = new Crc(map);
        currentLength = segmentLength;
        if (files.rename(SegmentFiles.preparedPath(config.directory(), p.index()), SegmentFiles.path(config.directory(), p.index())) != 0) {
            lastError = files.lastError();
            failure = new Failure("rename prepared segment " + p.index() + " into the log", lastError);
            return false;
        }
        return startSegment(p.index(), firstSequence, false, p.recycled());
    }

    /**
     * Writes the header of the mapped file as segment {@code index} and positions the writer after it.
     *
     * @param recycled the file holds an older segment's bytes (not zeroed): mark it and its end
     */
    private boolean startSegment(long index, long firstSequence, boolean durableNow, boolean recycled) {
        segmentIndex = index;
        markEnd = recycled;
        if (recycled) {
            clearHeader(map, SegmentDescriptor.LENGTH);
            // Release: the end marker at the first record's slot is stored before the header, so a
            // reader that finds the new header valid never reads the old record that was there.
            VarHandle.releaseFence();
        }
        SegmentDescriptor.write(map, crc, index, firstSequence, segmentLength, recycled ? SegmentDescriptor.FLAG_RECYCLED : 0);
        position = SegmentDescriptor.LENGTH;
        nextSequence = firstSequence;
        segmentFirstSequence = firstSequence;
        if (!durableNow) {
            // none promises nothing until sync(): it syncs this file (with the segments left
            // before it), the directory and the manifest, in that order, before it claims a record.
            rollUnsynced = true;
        } else {
            // The new file and its directory entry must be durable before records in it are
            // acknowledged (sync, batch) or covered by a sync (none).
            if (files.dataSync(fd) != 0 || files.syncDirectory(config.directory()) != 0) {
                lastError = files.lastError();
                failure = new Failure("create segment " + index, lastError);
                return false;
            }
            // Then the manifest names it: recovery reports a log that lost segments the manifest names.
            NativeError me = writeManifest(index, firstSequence);
            if (me != null) {
                lastError = me;
                failure = new Failure("manifest for segment " + index, me);
                return false;
            }
        }
        LAST.setRelease(this, firstSequence - 1); // pairs with the getAcquire in lastSequence()
        return true;
    }

    /**
     * Writes the manifest's next generation. The generation is read from the file once, at the
     * first write of this writer; later writes count on from it (this writer is the file's only
     * writer while it is open), so a roll reads nothing back.
     */
    private NativeError writeManifest(long lastSegment, long firstSequence) {
        if (manifestGeneration < 0) {
            ManifestDescriptor.Manifest old = Manifests.read(config.directory());
            manifestGeneration = old == null ? 0 : old.generation();
        }
        NativeError err = Manifests.write(files, config.directory(), manifestGeneration + 1, lastSegment, firstSequence);
        if (err == null) manifestGeneration++;
        return err;
    }

    private boolean mapCurrent() {
        // Global scope: the mapping never leaves this writer and is dropped before munmap, so the
        // per-access liveness check of an arena would be pure cost on the append path.
        map = files.map(fd, currentLength, true, null);
        if (map == null) {
            lastError = files.lastError();
            return false;
        }
        // Pages fault in on first use here: pre-faulting on this thread at the roll measured slower
        // (docs/wal.md); none mode can have them prepared on another thread (SegmentPreparer).
        crc = new Crc(map);
        return true;
    }

    private long fail() {
        lastError = files.lastError();
        failure = new Failure(NativeFiles.SYNC_CALL + " of segment " + segmentIndex, lastError);
        failed = true;
        return IO_ERROR;
    }

    /** Stores an end marker (a record header of 24 zero bytes) at {@code at}. */
    private static void clearHeader(MemorySegment m, long at) {
        m.set(SegmentDescriptor.I64, at, 0L);
        m.set(SegmentDescriptor.I64, at + 8, 0L);
        m.set(SegmentDescriptor.I64, at + 16, 0L);
    }

    private static long firstNonZero(MemorySegment m, long from, long to) {
        long p = from;
        for (; p + 8 <= to; p += 8) if (m.get(SegmentDescriptor.I64, p) != 0) return p;
        for (; p < to; p++) if (m.get(ValueLayout.JAVA_BYTE, p) != 0) return p;
        return -1;
    }

    /** The failure that made this writer read-only (or that a sync on another thread reported), or null. */
    public Failure failure() {
        Failure f = failure;
        return f != null ? f : syncFailure;
    }

    /**
     * Whether a failed system call made this writer read-only: every later append and sync returns
     * {@link #IO_ERROR}. After a failed sync on another thread ({@link OverlappedSyncs}) this is true
     * at once and the durable sequence never advances again; appends refuse from the writer
     * thread's next {@link #sync()} on.
     */
    public boolean isReadOnly() {
        return failed || syncFailure != null;
    }

    private void unmapAndClose() {
        if (map != null) {
            long address = map.address();
            map = null;
            crc = null;
            files.unmap(address, currentLength);
        }
        if (fd >= 0) {
            files.close(fd);
            fd = -1;
        }
    }

    private void release() {
        if (preparer != null) {
            preparer.close(files);
            preparer = null;
        }
        unmapAndClose();
        for (int i = 0; i < unsyncedCount; i++) files.close(unsynced[i]);
        unsyncedCount = 0;
        arena.close();
    }

    /** Syncs (unless {@code none} or failed), unmaps and closes; later appends return {@link #CLOSED}. */
    @Override
    public void close() {
        if (closed) return;
        if (mode != DurabilityMode.NONE && !failed) sync();
        closed = true;
        release();
    }
}
