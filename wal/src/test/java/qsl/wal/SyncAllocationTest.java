package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.EpsilonRun;

/**
 * The sync call allocates nothing once warmed: a child JVM under Epsilon (no collection ever,
 * thread-local allocation buffers off so the used heap counts every byte) warms the call with
 * {@link NativeFiles#warmUpSync()}, then calls {@link NativeFiles#dataSync} on a real file:
 * {@value #FIRST_CALLS} times at once (unwarmed, each allocated 40 bytes, the JDK's slice of the
 * errno capture segment, until the JIT compiled the call several thousand calls later: at a
 * disk's rate of syncs, seconds to minutes), then {@value #CALLS} times in {@value #WINDOWS}
 * windows, the second half of which allocates nothing but for at most one one-off event in one
 * window (fewer than 4,096 bytes over the whole run).
 */
class SyncAllocationTest {
    static final int CALLS = 500_000;
    static final int HEAP_MB = 32;
    /** Calls measured right after the warm-up. */
    static final int FIRST_CALLS = 2_000;
    /** Measured windows of CALLS / WINDOWS calls each. */
    static final int WINDOWS = 10;
    /** Calls of the interpreted, unwarmed run (-Xint is slow). */
    static final int INTERPRETED_CALLS = 20_000;
    /** Calls the unwarmed run makes before it measures (linking and the one-time customization of the handle). */
    static final int COLD_LINK_CALLS = 1_000;

    @TempDir
    Path tmp;

    @Test
    void dataSyncAllocatesNothingAfterWarmUp() throws Exception {
        // tmpfs where there is one: fdatasync there is a system call that returns at once, where a
        // disk file system may flush the device cache on every call even with nothing dirty.
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "qsl-sync-alloc") : tmp;
        Path file = dir.resolve("file");
        try {
            EpsilonRun.Outcome o = EpsilonRun.run(DataSyncLoop.class, HEAP_MB, List.of("-XX:-UseTLAB"),
                    List.of(file.toString(), Integer.toString(CALLS)), 300);
            check(o);
        } finally {
            Files.deleteIfExists(file);
            if (!dir.equals(tmp)) Files.deleteIfExists(dir);
        }
    }

    /**
     * Without any warm-up and with the JIT off: after {@value #COLD_LINK_CALLS} calls (the handle's
     * linking and one-time customization), every call allocates nothing. The errno-capturing
     * downcall allocated 40 bytes a call here until the JIT compiled it.
     */
    @Test
    void dataSyncAllocatesNothingInterpretedWithoutWarmUp() throws Exception {
        if (!NativeFiles.PLAIN_SYNC) return; // the plain sync path is Linux's
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "qsl-sync-alloc") : tmp;
        Path file = dir.resolve("file");
        try {
            EpsilonRun.Outcome o = EpsilonRun.run(DataSyncLoop.class, HEAP_MB, List.of("-XX:-UseTLAB", "-Xint"),
                    List.of(file.toString(), Integer.toString(INTERPRETED_CALLS), "cold"), 300);
            assertTrue(o.survived(), o.describe());
            String out = o.child().stdout();
            assertTrue(out.contains("synced " + INTERPRETED_CALLS), out);
            assertTrue(out.contains("first-calls-allocated 0\n") || out.contains("first-calls-allocated 0\r"), out);
            assertTrue(out.contains("total-allocated 0 "), out);
        } finally {
            Files.deleteIfExists(file);
            if (!dir.equals(tmp)) Files.deleteIfExists(dir);
        }
    }

    /** A failed sync reports the errno the C library set: EBADF for a descriptor that is not open. */
    @Test
    void aFailedSyncReportsItsErrno() {
        try (Arena a = Arena.ofConfined()) {
            NativeFiles f = new NativeFiles(a);
            assertEquals(-1, f.dataSync(-1));
            assertEquals(qsl.offheap.ffi.Errno.EBADF, f.errno());
            assertTrue(f.lastError().toString().contains(NativeFiles.SYNC_CALL), f.lastError().toString());
            assertEquals(-1, f.fullSync(-1));
            assertEquals(qsl.offheap.ffi.Errno.EBADF, f.errno());
            assertEquals(-1, f.dataSync(Integer.MAX_VALUE));
            assertEquals(qsl.offheap.ffi.Errno.EBADF, f.errno());
        }
    }

    private static void check(EpsilonRun.Outcome o) {
        assertTrue(o.survived(), o.describe());
        assertEquals("Epsilon", o.gc().collector(), o.describe());
        String out = o.child().stdout();
        assertTrue(out.contains("synced " + CALLS), out);
        long first = Long.parseLong(out.substring(out.indexOf("first-calls-allocated ") + 22).split("\\s")[0]);
        assertTrue(first < 4096, "the first " + FIRST_CALLS + " calls after the warm-up allocated " + first + " bytes: " + out);
        // The second half of the windows is the steady state. A one-off event (a deoptimization
        // rematerializes a few objects: 464 bytes once, seen in a fresh-clone CI run) may show in
        // one window, never again; 40 bytes a call would be 2,000,000 bytes in every window.
        String list = out.substring(out.indexOf("windows [") + 9, out.indexOf(']', out.indexOf("windows [")));
        String[] windows = list.split(",\\s*");
        assertEquals(WINDOWS, windows.length, out);
        int allocating = 0;
        for (int w = WINDOWS / 2; w < WINDOWS; w++) if (Long.parseLong(windows[w]) != 0) allocating++;
        assertTrue(allocating <= 1, "steady state allocated in " + allocating + " windows: " + out);
        long total = Long.parseLong(out.substring(out.indexOf("total-allocated ") + 16).split("\\s")[0]);
        assertTrue(total < 4096, "allocated " + total + " bytes over " + CALLS + " calls: " + out);
    }

    /** Child main: warm the call, then loop dataSync on a file, printing what its thread and the heap allocated. */
    public static final class DataSyncLoop {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            int calls = Integer.parseInt(args[1]);
            Files.write(file, new byte[4096]);
            var meter = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (Arena arena = Arena.ofConfined()) {
                NativeFiles files = new NativeFiles(arena);
                boolean cold = args.length > 2 && args[2].equals("cold");
                long warm = cold ? 0 : files.warmUpSync();
                int fd = files.open(file, NativeFiles.O_RDWR, 0);
                if (fd < 0) throw new IllegalStateException("open: " + files.lastError());
                // Cold: the first calls link the handle and, after some 127 calls, the JDK customizes its
                // lambda form once (tens of kilobytes, once per process); measured from there on.
                if (cold && loop(files, fd, COLD_LINK_CALLS) != COLD_LINK_CALLS) throw new IllegalStateException("sync: " + files.lastError());
                // The first calls after the warm-up, from an interpreted loop: unwarmed, each allocated
                // 40 bytes until the JIT compiled the call, thousands of calls later.
                meter.getCurrentThreadAllocatedBytes(); // the first read links and allocates
                long firstBefore = meter.getCurrentThreadAllocatedBytes();
                loop(files, fd, FIRST_CALLS);
                long first = meter.getCurrentThreadAllocatedBytes() - firstBefore;
                long[] perWindow = new long[WINDOWS];
                Runtime rt = Runtime.getRuntime();
                long heapBefore = rt.totalMemory() - rt.freeMemory();
                int ok = 0;
                for (int w = 0; w < WINDOWS; w++) {
                    long before = meter.getCurrentThreadAllocatedBytes();
                    ok += loop(files, fd, calls / WINDOWS);
                    perWindow[w] = meter.getCurrentThreadAllocatedBytes() - before;
                }
                long heapGrowth = rt.totalMemory() - rt.freeMemory() - heapBefore;
                files.close(fd);
                System.out.println("synced " + ok);
                long total = 0;
                long steady = 0;
                for (int w = 0; w < WINDOWS; w++) {
                    total += perWindow[w];
                    if (w >= WINDOWS / 2) steady += perWindow[w];
                }
                System.out.println("windows " + java.util.Arrays.toString(perWindow) + " warm-up-calls " + warm);
                System.out.println("first-calls-allocated " + first);
                System.out.println("total-allocated " + total + " heap-growth " + heapGrowth);
                System.out.println("steady-allocated " + steady);
            }
        }

        static int loop(NativeFiles files, int fd, int calls) {
            int ok = 0;
            for (int i = 0; i < calls; i++) if (files.dataSync(fd) == 0) ok++;
            return ok;
        }
    }
}
