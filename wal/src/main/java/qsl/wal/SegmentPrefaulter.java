package qsl.wal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A {@code none}-mode writer's helper thread: it takes the page faults of a fresh segment off the
 * append thread, and the unmapping of the segments the writer left.
 *
 * <p>A fresh segment's pages are not in memory: the first store to each 4 KiB page traps into the
 * kernel, which allocates a page-cache page, zeroes it, maps it and marks it dirty. On the append
 * thread that cost dominated a 1 KiB append (docs/wal.md). This thread faults the pages in ahead
 * of the writer, at most {@link #WINDOW} bytes past its position, with
 * {@link NativeFiles#populateWrite} ({@code MADV_POPULATE_WRITE}: the same work a write fault does,
 * without writing a byte, so it is safe beside the writer's stores). Where the kernel refuses it,
 * the thread only unmaps. It never makes a file system call a {@link NativeFiles.Hook} sees, so the
 * durability model of the log is unchanged: the pages it dirties hold the zeros the file already
 * reads as.
 *
 * <p>Only in {@code none} mode: in {@code sync} and {@code batch} mode every {@code fdatasync}
 * would also write back the pre-dirtied zeros ahead of the writer.
 *
 * <p>Threading: the writer calls {@link #replace} at each roll and {@link #stop} when it closes;
 * the position it reads through {@code position} is the writer's opaque-published append offset.
 * Mappings handed over are unmapped by this thread only, so the one it populates stays mapped
 * while it works on it.
 */
final class SegmentPrefaulter implements Runnable {
    /** How far past the writer's position pages are faulted in (and dirtied). */
    static final long WINDOW = 8L << 20;
    /** Bytes per populate call. */
    static final long CHUNK = 1L << 20;
    /** Sleep when there is nothing to do. */
    static final long IDLE_PARK_NANOS = 200_000L;

    private final NativeFiles files;
    private final LongSupplier position;
    private final Thread thread;
    private final Object lock = new Object();

    // Guarded by lock.
    private long segmentBase;
    private long segmentLength;
    private long generation;
    private long[] retiredBase = new long[4];
    private long[] retiredLength = new long[4];
    private int retiredCount;
    private boolean stopping;

    // This thread's own.
    private boolean populating = true;
    private long populateFailures;

    SegmentPrefaulter(NativeFiles files, LongSupplier position, String name) {
        this.files = files;
        this.position = position;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The writer moved from the mapping at {@code oldBase} (0: none; this thread unmaps it) to the
     * one at {@code newBase} (0: none; this thread faults it in ahead of the writer).
     */
    void replace(long oldBase, long oldLength, long newBase, long newLength) {
        synchronized (lock) {
            if (oldBase != 0) {
                if (retiredCount == retiredBase.length) {
                    retiredBase = java.util.Arrays.copyOf(retiredBase, retiredCount * 2);
                    retiredLength = java.util.Arrays.copyOf(retiredLength, retiredCount * 2);
                }
                retiredBase[retiredCount] = oldBase;
                retiredLength[retiredCount] = oldLength;
                retiredCount++;
            }
            segmentBase = newBase;
            segmentLength = newLength;
            generation++;
        }
        LockSupport.unpark(thread);
    }

    /** Unmaps everything handed over, then ends the thread; returns once it has. */
    void stop() {
        synchronized (lock) {
            stopping = true;
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Populate calls that failed (the first one turns populating off). */
    long populateFailures() {
        return populateFailures;
    }

    @Override
    public void run() {
        long base = 0;
        long length = 0;
        long seen = -1;
        long done = 0;
        while (true) {
            long unmapBase = 0;
            long unmapLength = 0;
            boolean stop;
            synchronized (lock) {
                if (retiredCount > 0) {
                    retiredCount--;
                    unmapBase = retiredBase[retiredCount];
                    unmapLength = retiredLength[retiredCount];
                }
                if (generation != seen) {
                    seen = generation;
                    base = segmentBase;
                    length = segmentLength;
                    done = 0;
                }
                stop = stopping;
            }
            if (unmapBase != 0) {
                if (unmapBase == base) base = 0; // never populate a mapping about to go
                files.unmap(unmapBase, unmapLength);
                continue;
            }
            if (stop) return;
            if (populating && base != 0) {
                long target = Math.min(length, position.getAsLong() + WINDOW);
                if (done < target) {
                    long n = Math.min(CHUNK, length - done);
                    if (files.populateWrite(base + done, n) != 0) {
                        populateFailures++;
                        populating = false;
                    }
                    done += n;
                    continue;
                }
            }
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
    }
}
