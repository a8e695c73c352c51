package qsl.wal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Prepares a {@link DurabilityMode#NONE} writer's next segment files on a daemon thread, ahead of
 * the writer ({@link WalConfig#preparedSegments}): each is created under a name the log never reads
 * ({@link SegmentFiles#preparedPath}, {@code wal-<index>.next}), preallocated, mapped and pre-faulted
 * writable ({@link NativeFiles#populateWrite}), so the writer's roll is a {@code rename} and a header
 * and its stores into the new segment find their pages in memory, mapped and writable. The kernel's
 * work per page (allocate, zero, map, dirty) is the same; it runs on another core, off the append path.
 *
 * <p>Crash safety: a prepared file holds zeros only and is not part of the log until the writer
 * renames it to {@code wal-<index>.log} and writes its header, which is the state a freshly created
 * segment is in; that name and its content become durable by the next {@link WalWriter#sync()}, as
 * for any none-mode roll. A crash leaves at most {@code wal-*.next} files beside the log, which
 * recovery does not list and the next writer deletes.
 *
 * <p>The mapping of a segment the writer left is unmapped here too ({@link #retire}): {@code munmap}
 * takes the process's memory-map lock for writing and would wait, on the writer's thread, for a
 * pre-fault that holds it for reading (pre-faults go in {@link #CHUNK} steps for the same reason).
 *
 * <p>Threads: the writer calls {@link #take}, {@link #want} and {@link #retire} (and {@link #close}); the preparing
 * thread fills slots. A slot holds the prepared file for index {@code i} at {@code i % depth};
 * the preparer fills it only when empty and the writer empties it when it takes the file.
 */
final class SegmentPreparer {
    /** One prepared file: its descriptor and its writable mapping (global scope, unmapped by its owner). */
    record Prepared(long index, int fd, MemorySegment map) {}

    /** Bytes pre-faulted per {@code madvise} call. */
    static final long CHUNK = 2L << 20;
    /** Longest idle sleep of the preparing thread between looks (it is woken when there is work). */
    static final long IDLE_PARK_NANOS = 100_000_000L;
    /** Busy-wait steps of a writer waiting for a file before it sleeps between looks. */
    static final int SPINS = 10_000;

    private final Path dir;
    private final long length;
    private final int depth;
    private final AtomicReferenceArray<Prepared> slots;
    private final Thread thread;
    /** Mappings the writer left, for this thread to unmap. */
    private final ConcurrentLinkedQueue<MemorySegment> retired = new ConcurrentLinkedQueue<>();
    /** Highest index the writer wants prepared; written by the writer, read by the preparer. */
    private volatile long wanted;
    private volatile boolean stopping;
    /** Set by the preparer when a call failed: it stops, and the writer creates its segments itself. */
    private volatile boolean failed;
    /** Next index to prepare: preparer thread only. */
    private long next;

    /** Starts preparing segments {@code current + 1 .. current + depth} of {@code dir}. */
    SegmentPreparer(Path dir, long length, int depth, long current) {
        this.dir = dir;
        this.length = length;
        this.depth = depth;
        this.slots = new AtomicReferenceArray<>(depth);
        this.next = current + 1;
        this.wanted = current + depth;
        this.thread = new Thread(this::run, "qsl-wal-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writer: the prepared file for {@code index}, waiting while the preparer is still at work on
     * it; {@code null} if the preparer failed (the writer then creates the file itself, and meets
     * and reports the failure on its own call).
     */
    Prepared take(long index) {
        int s = (int) (index % depth);
        LockSupport.unpark(thread);
        for (int spins = 0; ; spins++) {
            Prepared p = slots.get(s); // acquire: pairs with the preparer's set, so its file, mapping and pages are ready
            if (p != null && p.index() == index) {
                slots.set(s, null); // release: the preparer may refill the slot
                return p;
            }
            if (failed || !thread.isAlive()) return null;
            // The preparer is at work on this file: spin a little, then sleep in short steps.
            if (spins < SPINS) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 20_000L);
        }
    }

    /** Files prepared and not yet taken (any thread; a snapshot). */
    int ready() {
        int n = 0;
        for (int i = 0; i < depth; i++) if (slots.get(i) != null) n++;
        return n;
    }

    /** Writer: keep segments up to {@code index} prepared. */
    void want(long index) {
        wanted = index; // volatile: the preparer's next read sees it
        LockSupport.unpark(thread);
    }

    /** Writer: unmap {@code map} (a segment the writer left) on the preparing thread. */
    void retire(MemorySegment map) {
        retired.add(map);
        LockSupport.unpark(thread);
    }

    private void unmapRetired(NativeFiles files) {
        MemorySegment m;
        while ((m = retired.poll()) != null) files.unmap(m.address(), m.byteSize());
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(arena);
            while (!stopping) {
                unmapRetired(files);
                int s = (int) (next % depth);
                if (next > wanted || slots.get(s) != null) {
                    // Nothing to do until want(), retire() or close() unparks this thread (the bound only guards the loop).
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    continue;
                }
                Prepared p = prepare(files, next);
                if (p == null) {
                    failed = true;
                    return;
                }
                slots.set(s, p); // release: pairs with the acquire in take()
                next++;
            }
        }
    }

    /** Creates, preallocates, maps and pre-faults {@code wal-<index>.next}; null if a call failed (nothing left open). */
    private Prepared prepare(NativeFiles files, long index) {
        // No file of that name: the writer deleted every leftover before it started this thread.
        Path path = SegmentFiles.preparedPath(dir, index);
        int fd = files.open(path, NativeFiles.O_RDWR | NativeFiles.O_CREAT | NativeFiles.O_EXCL, 0644);
        if (fd < 0) return null;
        MemorySegment map = null;
        if (files.preallocate(fd, length) == 0) map = files.map(fd, length, true, null);
        if (map == null) {
            files.close(fd);
            files.unlink(path);
            return null;
        }
        for (long at = 0; at < length; at += CHUNK) {
            files.populateWrite(map.asSlice(at, Math.min(CHUNK, length - at)));
            unmapRetired(files);
        }
        return new Prepared(index, fd, map);
    }

    /** Writer: stops the preparer and deletes the files it prepared that were not taken. */
    void close(NativeFiles files) {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        unmapRetired(files);
        for (int i = 0; i < depth; i++) {
            Prepared p = slots.getAndSet(i, null);
            if (p == null) continue;
            files.unmap(p.map().address(), length);
            files.close(p.fd());
            files.unlink(SegmentFiles.preparedPath(dir, p.index()));
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
