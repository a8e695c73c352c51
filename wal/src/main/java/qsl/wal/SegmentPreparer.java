package qsl.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Prepares a {@link DurabilityMode#NONE} writer's next segment files on a daemon thread, ahead of
 * the writer ({@link WalConfig#preparedSegments}), so the writer's roll is a {@code rename} and a
 * header and its stores into the new segment find their pages in memory, mapped and writable.
 *
 * <p>Each next segment comes, in this order of preference, from:
 * <ol>
 * <li><b>a recycled segment</b>: one the writer left, that a prune has since taken out of the log
 *     ({@link SnapshotStore#prune(Path, int, boolean)} renames a covered {@code wal-<i>.log} to
 *     {@code wal-<i>.free}, syncs the directory, then renames it to {@code wal-<i>.next}: its
 *     removal from the log is durable before any byte of it changes). This thread still holds the
 *     mapping the writer wrote it through ({@link #retire}), so it renames the file to
 *     {@code wal-<index>.next} and makes that mapping's pages writable again
 *     ({@link NativeFiles#populateWrite}: pages a write-back cleaned are write-protected until
 *     their next store faults; pages still dirty cost only a walk of the page table). It does not
 *     zero it: the writer marks the segment {@link SegmentDescriptor#FLAG_RECYCLED} and stores
 *     an end marker after each record it writes there, so its written part ends at the first
 *     zero header as in a zeroed file, and the writer's stores meet no memset competing for
 *     memory bandwidth on the other core (PostgreSQL's {@code wal_recycle} does not zero either);</li>
 * <li><b>the spare</b>: once segments are being recycled, this thread keeps one fresh file in
 *     reserve ({@link SegmentFiles#sparePath}, made when it is idle) for a roll that finds no
 *     recycled file ready (a prune running late); it is renamed to {@code wal-<index>.next} at once
 *     and a new spare made later (see {@link #prepare});</li>
 * <li><b>a fresh file</b>: created under {@code wal-<index>.next}, preallocated, mapped and
 *     pre-faulted writable ({@link NativeFiles#populateWrite}): the kernel's work per page
 *     (allocate, zero, map, dirty) runs here, off the append path.</li>
 * </ol>
 *
 * <p>Crash safety: a file named {@code .next} is not part of the log (recovery does not list it, the
 * next writer deletes it). A fresh prepared file holds zeros when the writer renames it to
 * {@code wal-<index>.log} and writes its header, the state of a freshly created segment. A recycled
 * one holds its old bytes: the writer stores an end marker at the first record's slot before the
 * new header, and one after each record before that record's checksum, so after a kill (the page
 * cache keeps every store) the written part ends at an end marker exactly where a zeroed file's
 * would. The name and content become durable by the next {@link WalWriter#sync()}, as for any
 * none-mode roll ({@code fdatasync} of the file, then of the directory); a power loss before that
 * may leave any of the file's pages old. Old records carry sequences below the segment's first (and
 * below the first of the segment before it), the old header another index, so recovery never
 * accepts them as this log's records, nor as records following damage: it reads them as a torn tail,
 * exactly as it reads a fresh segment's unsynced pages (what none mode promises before a sync is
 * nothing).
 *
 * <p>The writer hands over each mapping it leaves ({@link #retire}); this thread keeps at most
 * {@link #MAX_KEPT} of them (the oldest beyond are unmapped: {@code munmap} takes the process's
 * memory-map lock for writing, so it runs here, not on the writer's thread; pre-faults go in
 * {@link #CHUNK} steps for the same reason). A pruned file whose mapping is not kept (a segment from
 * before this writer opened the log, or beyond the bound) is deleted, as a prune without recycling does.
 *
 * <p>Threads: the writer calls {@link #take}, {@link #want} and {@link #retire} (and {@link #close}); the preparing
 * thread fills slots. A slot holds the prepared file for index {@code i} at {@code i % depth};
 * the preparer fills it only when empty and the writer empties it when it takes the file.
 */
final class SegmentPreparer {
    /**
     * One prepared file: its descriptor and its writable mapping (global scope, unmapped by its
     * owner); {@code recycled}: an earlier segment's file, not zeroed (its old bytes are still there).
     */
    record Prepared(long index, int fd, MemorySegment map, boolean recycled) {}

    /** Bytes pre-faulted per {@code madvise} call (fresh files and recycled ones). */
    static final long CHUNK = 2L << 20;
    /** Longest idle sleep of the preparing thread between looks (it is woken when there is work). */
    static final long IDLE_PARK_NANOS = 100_000_000L;
    /** Busy-wait steps of a writer waiting for a file before it sleeps between looks. */
    static final int SPINS = 10_000;
    /** Most mappings of segments the writer left that this thread keeps for recycling. */
    static final int MAX_KEPT = 16;

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
    /** Mappings of segments the writer left, oldest first, for recycling: preparer thread only (then close()). */
    private final ArrayDeque<MemorySegment> kept = new ArrayDeque<>();
    /** Highest segment index the writer has left (a {@code .next} file at or below it is a recycled one): preparer thread only. */
    private long highestLeft;
    /** Time the writer spent in {@link #take} waiting for a file not ready yet; written by the writer only. */
    private volatile long waitedNanos;
    /** Segments prepared from recycled files; written by the preparer only. */
    private volatile long recycled;
    /**
     * A fresh file kept in reserve ({@link SegmentFiles#sparePath}) once segments are being recycled,
     * or null: preparer thread only (then close()). See {@link #prepare}.
     */
    private Prepared spare;
    /** Bytes of the spare pre-faulted so far (it is filled {@link #CHUNK} by {@link #CHUNK} between looks for other work). Preparer thread only. */
    private long spareFilled;
    /** Set when making the spare failed: no spare is made again (prepared files are made as before). Preparer thread only. */
    private boolean noSpare;

    /** Starts preparing segments {@code current + 1 .. current + depth} of {@code dir}. */
    SegmentPreparer(Path dir, long length, int depth, long current) {
        this.dir = dir;
        this.length = length;
        this.depth = depth;
        this.slots = new AtomicReferenceArray<>(depth);
        this.next = current + 1;
        this.highestLeft = current - 1;
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
        long start = 0;
        for (int spins = 0; ; spins++) {
            Prepared p = slots.get(s); // acquire: pairs with the preparer's set, so its file, mapping and pages are ready
            if (p != null && p.index() == index) {
                slots.set(s, null); // release: the preparer may refill the slot
                if (spins > 0) waitedNanos += System.nanoTime() - start; // only the writer writes it
                return p;
            }
            if (spins == 0) start = System.nanoTime();
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

    /** Whether this preparer still works (not failed, not closed): a prune may then hand it segments. Any thread. */
    boolean running() {
        return !failed && !stopping && thread.isAlive();
    }

    /** Nanoseconds the writer has waited in {@link #take} for a file not ready yet (any thread). */
    long waitedNanos() {
        return waitedNanos;
    }

    /** Segments prepared from recycled files so far (any thread). */
    long recycled() {
        return recycled;
    }

    /** Writer: hand over {@code map} (a segment the writer left), kept for recycling or unmapped on the preparing thread. */
    void retire(MemorySegment map) {
        retired.add(map);
        LockSupport.unpark(thread);
    }

    /** Takes over the mappings the writer left: kept (at most {@link #MAX_KEPT}, the oldest beyond unmapped). */
    private void keepRetired(NativeFiles files) {
        MemorySegment m;
        while ((m = retired.poll()) != null) {
            highestLeft = Math.max(highestLeft, SegmentDescriptor.index(m)); // the writer wrote this header
            if (m.byteSize() == length) kept.addLast(m);
            else files.unmap(m.address(), m.byteSize()); // a reopened segment of another length: not reusable
        }
        while (kept.size() > MAX_KEPT) {
            MemorySegment old = kept.pollFirst();
            files.unmap(old.address(), old.byteSize());
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(arena);
            while (!stopping) {
                keepRetired(files);
                int s = (int) (next % depth);
                if (next > wanted || slots.get(s) != null) {
                    if (!noSpare && recycled > 0 && (spare == null || spareFilled < length)) {
                        // Idle while segments are recycled: make the reserve (see prepare), one
                        // CHUNK per pass, so a roll's next file is never queued behind it.
                        if (spare == null) {
                            spare = open(files, SegmentFiles.sparePath(dir), -1);
                            spareFilled = 0;
                            noSpare = spare == null;
                        } else {
                            files.populateWrite(spare.map().asSlice(spareFilled, Math.min(CHUNK, length - spareFilled)));
                            spareFilled += CHUNK;
                        }
                        continue;
                    }
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

    /**
     * A recycled file made segment {@code index}, or else the spare, or else a fresh one; null if a
     * call failed (nothing left open).
     *
     * <p>The spare: while segments are recycled, the recycled file for the next index is normally
     * ready (prunes free about one segment per segment written), but a prune that runs late (a
     * snapshot's syncs on a slow disk) can leave none. A fresh file costs the kernel's allocation and
     * zeroing of every page, longer than the writer takes to fill a few segments, so the writer
     * would wait for it at its roll. The spare, made when this thread is idle, is renamed in at once
     * instead (a fresh, zeroed file: written without end markers) and a new spare is made at the next
     * idle moment: the ring grows by one file without the writer waiting.
     */
    private Prepared prepare(NativeFiles files, long index) {
        Prepared r = recycle(files, index);
        if (r != null) return r;
        Prepared s = spare;
        if (s != null) {
            spare = null;
            populate(files, s.map(), Math.min(spareFilled, length)); // what the idle passes have not done yet
            if (files.rename(SegmentFiles.sparePath(dir), SegmentFiles.preparedPath(dir, index)) == 0) {
                return new Prepared(index, s.fd(), s.map(), false);
            }
            release(files, s, SegmentFiles.sparePath(dir));
            noSpare = true;
        }
        return create(files, SegmentFiles.preparedPath(dir, index), index);
    }

    /** Unmaps, closes and deletes a prepared file not handed to the writer. */
    private void release(NativeFiles files, Prepared p, Path path) {
        files.unmap(p.map().address(), length);
        files.close(p.fd());
        files.unlink(path);
    }

    /**
     * Segment {@code index} from a file a prune took out of the log, if one is there and its mapping
     * kept: renamed to {@code wal-<index>.next}, its mapping's pages made writable (not zeroed: see
     * the class comment). Pruned files whose
     * mapping is not kept are deleted. Null if there is none (or a call failed: then a fresh file).
     */
    private Prepared recycle(NativeFiles files, long index) {
        keepRetired(files);
        if (kept.isEmpty()) return null;
        List<Path> found;
        try {
            found = SegmentFiles.listPrepared(dir);
        } catch (IOException e) {
            return null;
        }
        MemorySegment use = null;
        long from = -1;
        for (Path p : found) {
            long i = SegmentFiles.preparedIndex(p);
            if (i < 0 || i > highestLeft) continue; // this thread's own prepared files lie above
            MemorySegment m = keptMapping(i);
            if (m == null) files.unlink(p); // not reusable here: deleted, as a prune without recycling does
            else if (use == null || i < from) {
                use = m;
                from = i;
            }
        }
        if (use == null) return null;
        Path fromPath = SegmentFiles.preparedPath(dir, from);
        int fd = files.open(fromPath, NativeFiles.O_RDWR, 0);
        if (fd < 0) return null;
        // No byte of it changes before its removal from the log is durable: the prune names it
        // .next only after syncing the directory.
        if (files.rename(fromPath, SegmentFiles.preparedPath(dir, index)) != 0) {
            files.close(fd);
            return null;
        }
        kept.remove(use);
        populate(files, use, 0);
        recycled = recycled + 1; // only this thread writes it
        return new Prepared(index, fd, use, true);
    }

    /** The kept mapping of segment {@code index}, or null. */
    private MemorySegment keptMapping(long index) {
        for (MemorySegment m : kept) if (SegmentDescriptor.index(m) == index) return m;
        return null;
    }

    /**
     * Creates, preallocates, maps and pre-faults {@code path} ({@code wal-<index>.next}, or the spare
     * with index -1); null if a call failed (nothing left open).
     */
    private Prepared create(NativeFiles files, Path path, long index) {
        Prepared p = open(files, path, index);
        if (p != null) populate(files, p.map(), 0);
        return p;
    }

    /** {@link #create} but for the pre-faulting: created, preallocated and mapped; null if a call failed (nothing left open). */
    private Prepared open(NativeFiles files, Path path, long index) {
        // No file of that name: the writer deleted every leftover before it started this thread.
        int fd = files.open(path, NativeFiles.O_RDWR | NativeFiles.O_CREAT | NativeFiles.O_EXCL, 0644);
        if (fd < 0) return null;
        MemorySegment map = null;
        if (files.preallocate(fd, length) == 0) map = files.map(fd, length, true, null);
        if (map == null) {
            files.close(fd);
            files.unlink(path);
            return null;
        }
        return new Prepared(index, fd, map, false);
    }

    /** Faults {@code map}'s pages from {@code from} on in writable, {@link #CHUNK} bytes per call, taking over retired mappings between calls. */
    private void populate(NativeFiles files, MemorySegment map, long from) {
        for (long at = from; at < length; at += CHUNK) {
            files.populateWrite(map.asSlice(at, Math.min(CHUNK, length - at)));
            keepRetired(files);
        }
    }

    /**
     * Writer: stops the preparer, unmaps what it kept and deletes the files it prepared that were
     * not taken and the recycled files not yet reused.
     */
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
        keepRetired(files);
        for (MemorySegment m : kept) files.unmap(m.address(), m.byteSize());
        kept.clear();
        for (int i = 0; i < depth; i++) {
            Prepared p = slots.getAndSet(i, null);
            if (p != null) release(files, p, SegmentFiles.preparedPath(dir, p.index()));
        }
        if (spare != null) release(files, spare, SegmentFiles.sparePath(dir)); // the thread has ended: its fields are visible
        spare = null;
        try {
            for (Path p : SegmentFiles.listPrepared(dir)) files.unlink(p); // recycled files not reused
        } catch (IOException e) {
            // the next writer's open deletes them
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
