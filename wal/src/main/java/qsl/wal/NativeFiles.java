package qsl.wal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeCall;
import qsl.offheap.ffi.NativeError;

/**
 * The log's file system calls, each an FFM downcall with errno captured: {@code open},
 * {@code close}, {@code posix_fallocate} / {@code ftruncate}, {@code mmap} / {@code munmap},
 * {@code pwrite}, and the durability call {@link #dataSync}: {@code fdatasync} on Linux,
 * {@code fcntl(F_FULLFSYNC)} on macOS (a plain {@code fsync} there only reaches the drive's
 * cache), falling back to {@code fsync} where F_FULLFSYNC is refused.
 *
 * <p>An instance owns one {@link CallState}; use it from one thread at a time. Calls return the C
 * result ({@code -1} on failure) and leave the errno in {@link #errno()}: no allocation, no throw.
 */
public final class NativeFiles {
    static final boolean MAC = System.getProperty("os.name", "").toLowerCase().contains("mac");
    static final boolean LINUX = System.getProperty("os.name", "").toLowerCase().contains("linux");

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = MAC ? 0x200 : 0x40;
    public static final int O_EXCL = MAC ? 0x800 : 0x80;
    public static final int O_TRUNC = MAC ? 0x400 : 0x200;
    public static final int O_CLOEXEC = MAC ? 0x1000000 : 0x80000;
    public static final int O_DIRECTORY = MAC ? 0x100000 : 0x10000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int F_FULLFSYNC = 51;

    static final NativeCall OPEN = NativeCall.lookup("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final NativeCall CLOSE = NativeCall.lookup("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final NativeCall FDATASYNC = NativeCall.lookup("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final NativeCall FSYNC = NativeCall.lookup("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final NativeCall FCNTL = NativeCall.lookup("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final NativeCall FALLOCATE = NativeCall.lookup("posix_fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    static final NativeCall FTRUNCATE = NativeCall.lookup("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    static final NativeCall PWRITE = NativeCall.lookup("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    static final NativeCall MMAP = NativeCall.lookup("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    static final NativeCall MUNMAP = NativeCall.lookup("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final NativeCall MADVISE = NativeCall.lookup("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** Linux 5.14+: fault every page of the range in writable (allocated, zeroed or read, and dirtied) now. */
    static final int MADV_POPULATE_WRITE = 23;
    static final NativeCall RENAME = NativeCall.lookup("rename", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final NativeCall UNLINK = NativeCall.lookup("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final NativeCall MKDIR = NativeCall.lookup("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    // The handles as static finals: the JIT sees each as a constant and inlines the downcall stub
    // into its caller, where escape analysis removes the JDK's per-call slice of the capture
    // segment (SharedUtils.checkCaptureSegment). Through NativeCall.handle() (an instance field,
    // not trusted as constant) each call went through a shared, separately compiled lambda form.
    private static final MethodHandle OPEN_MH = handleOf(OPEN);
    private static final MethodHandle CLOSE_MH = handleOf(CLOSE);
    private static final MethodHandle FDATASYNC_MH = handleOf(FDATASYNC);
    private static final MethodHandle FSYNC_MH = handleOf(FSYNC);
    private static final MethodHandle FCNTL_MH = handleOf(FCNTL);
    private static final MethodHandle FALLOCATE_MH = handleOf(FALLOCATE);
    private static final MethodHandle FTRUNCATE_MH = handleOf(FTRUNCATE);
    private static final MethodHandle PWRITE_MH = handleOf(PWRITE);
    private static final MethodHandle MMAP_MH = handleOf(MMAP);
    private static final MethodHandle MUNMAP_MH = handleOf(MUNMAP);
    private static final MethodHandle MADVISE_MH = handleOf(MADVISE);
    private static final MethodHandle RENAME_MH = handleOf(RENAME);
    private static final MethodHandle UNLINK_MH = handleOf(UNLINK);
    private static final MethodHandle MKDIR_MH = handleOf(MKDIR);

    private static MethodHandle handleOf(NativeCall call) {
        return call.isAvailable() ? call.handle() : null;
    }

    // The sync calls once more, linked without errno capture: on JDK 25 a capturing downcall
    // allocates a 40-byte slice of the capture segment on every call (SharedUtils.checkCaptureSegment)
    // until the optimizing JIT compiles the caller and escape analysis removes it, thousands of calls
    // later. These allocate nothing, interpreted or compiled; on failure only, errno is read through
    // the C library's per-thread errno address. Linux only (glibc and musl name it __errno_location);
    // elsewhere the capturing handles above serve.
    private static final MethodHandle FDATASYNC_PLAIN = LINUX ? plain("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT)) : null;
    private static final MethodHandle FSYNC_PLAIN = LINUX ? plain("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT)) : null;
    /** The C library's {@code memset}: for large ranges it stores without reading the lines first (non-temporal or string stores). */
    private static final MethodHandle MEMSET = plain("memset", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle ERRNO_LOCATION = LINUX
            ? plain("__errno_location", FunctionDescriptor.of(ADDRESS.withTargetLayout(JAVA_INT))) : null;
    /** Whether the sync calls go through the plain handles (Linux, with every symbol found). */
    static final boolean PLAIN_SYNC = FDATASYNC_PLAIN != null && FSYNC_PLAIN != null && ERRNO_LOCATION != null;

    private static MethodHandle plain(String symbol, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(symbol).map(a -> linker.downcallHandle(a, descriptor)).orElse(null);
    }

    /**
     * A plain sync call's result: 0, or -1 with errno recorded. errno is read right after the call
     * returned -1, on this thread: the failure is decided by the return value alone, and the value
     * read names it unless the JVM made a C library call that set errno on this thread in between
     * (its downcall return path makes none; a thread that stops there for a safepoint may).
     */
    private int plainResult(int rc) throws Throwable {
        if (rc == 0) return 0;
        MemorySegment errnoAddress = (MemorySegment) ERRNO_LOCATION.invokeExact();
        return failWith(errnoAddress.get(JAVA_INT, 0));
    }

    /** Call kinds a {@link Hook} sees. */
    public static final int CALL_OPEN = 1;
    public static final int CALL_CLOSE = 2;
    /** {@link #dataSync}: fdatasync / F_FULLFSYNC / fsync of a file. */
    public static final int CALL_DATASYNC = 3;
    /** {@link #fullSync}: fsync, the call for directories. */
    public static final int CALL_FSYNC = 4;
    public static final int CALL_FALLOCATE = 5;
    public static final int CALL_TRUNCATE = 6;
    public static final int CALL_PWRITE = 7;
    public static final int CALL_MMAP = 8;
    public static final int CALL_RENAME = 9;
    public static final int CALL_UNLINK = 10;
    public static final int CALL_MKDIR = 11;

    /** {@link Hook#before} result: make the call. */
    public static final int PROCEED = 0;
    /** {@link Hook#before} result: report success without making the call (a planted fault: a sync that does nothing). */
    public static final int SKIP = -1;

    /**
     * A test hook at the level of the file system calls: told before each call (and may fail it
     * with an errno, or skip it) and after each call that was really made and succeeded. Off
     * (null) by default: the cost is one static field read per system call, and the append path
     * makes no system call. Used by the crash harness to keep a shadow "platter" of what each
     * sync really covered, and by tests to inject I/O errors (EIO, ENOSPC) as failing downcalls.
     */
    public interface Hook {
        /**
         * Before call {@code call} on {@code fd} (or -1) / {@code path} (or null): {@link #PROCEED},
         * {@link #SKIP}, or a positive errno to fail the call without making it.
         */
        int before(int call, int fd, Path path);

        /** After {@code call} was made and succeeded: {@code fd} its descriptor (for open: the new one), {@code path}/{@code to} the names involved, {@code arg} a length. */
        void after(int call, int fd, Path path, Path to, long arg);
    }

    private static Hook hook;

    /** Installs (or with null removes) the process-wide hook. Tests and the crash harness only. */
    public static void hook(Hook h) {
        hook = h;
    }

    /** The installed hook, or null. */
    public static Hook hook() {
        return hook;
    }

    /** The call {@link #dataSync} makes on this platform, for reports. */
    public static final String SYNC_CALL = LINUX ? "fdatasync" : MAC ? "fcntl(F_FULLFSYNC)" : "fsync";

    private final CallState state;
    private NativeCall lastCall = CLOSE;

    public NativeFiles(Arena arena) {
        this.state = CallState.allocate(arena);
    }

    /** errno of the last failed call. */
    public int errno() {
        return state.errno();
    }

    /** The last failure as a value: which call, which errno. */
    public NativeError lastError() {
        return NativeError.of(lastCall, state.errno());
    }

    /** Opens {@code path}; returns the descriptor or -1. Not a hot path (allocates the C string). */
    public int open(Path path, int flags, int mode) {
        lastCall = OPEN;
        if (!OPEN.isAvailable()) return unavailable();
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_OPEN, -1, path);
            if (b > 0) return failWith(b);
        }
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN_MH.invokeExact(state.segment(), a.allocateFrom(path.toString()), flags | O_CLOEXEC, mode);
            if (h != null && fd >= 0) h.after(CALL_OPEN, fd, path, null, flags);
            return fd;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int close(int fd) {
        lastCall = CLOSE;
        Hook h = hook;
        if (h != null) h.before(CALL_CLOSE, fd, null);
        try {
            int rc = (int) CLOSE_MH.invokeExact(state.segment(), fd);
            if (h != null && rc == 0) h.after(CALL_CLOSE, fd, null, null, 0);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Makes the file's data (and the metadata needed to read it back) durable: {@code fdatasync}
     * on Linux; on macOS {@code fcntl(F_FULLFSYNC)}, then {@code fsync} if that is refused.
     * Returns 0, or -1 with {@link #errno()} set. Allocation-free.
     */
    public int dataSync(int fd) {
        Hook h = hook;
        if (h != null) {
            lastCall = FDATASYNC;
            int b = h.before(CALL_DATASYNC, fd, null);
            if (b == SKIP) return 0;
            if (b > 0) return failWith(b);
            int rc = dataSync0(fd);
            if (rc == 0) h.after(CALL_DATASYNC, fd, null, null, 0);
            return rc;
        }
        return dataSync0(fd);
    }

    /** Calls per round of {@link #warmUpSync()} while the JIT's thresholds are not yet reached. */
    static final int WARM_ROUND = 256;
    /** Calls after which the call is surely queued for compilation: from here rounds are small and a millisecond apart. */
    static final int WARM_THRESHOLD_CALLS = 20_000;
    /** Calls per round once past {@link #WARM_THRESHOLD_CALLS}. */
    static final int WARM_WAIT_ROUND = 32;
    /** Bound on the rounds of {@link #warmUpSync()} (about two seconds of waiting for the compiler). */
    static final int WARM_MAX_ROUNDS = 2_000;
    /** Consecutive rounds that allocated nothing after which the call counts as compiled. */
    static final int WARM_CLEAN_ROUNDS = 4;
    private static final java.util.concurrent.atomic.AtomicBoolean SYNC_WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Links and compiles the sync call before records need it. Where the sync calls go through the
     * plain handles (Linux) a sync allocates nothing even interpreted, so this only links the handle
     * and stops after {@link #WARM_CLEAN_ROUNDS} clean rounds. Elsewhere it matters: on JDK 25 every
     * downcall with errno capture allocates a 40-byte slice of
     * the capture segment ({@code SharedUtils.checkCaptureSegment}) until the optimizing JIT tier
     * compiles the call and escape analysis removes the slice: thousands of calls, which at the
     * few hundred to few thousand fdatasync per second a disk gives is seconds to minutes of a
     * steady state that allocates. This makes the same call on descriptor -1 ({@code EBADF} at
     * once: nothing is synced, no {@link Hook} sees it) until {@link #WARM_CLEAN_ROUNDS} rounds in
     * a row allocate nothing on this thread (or {@link #WARM_MAX_ROUNDS} rounds); past
     * {@link #WARM_THRESHOLD_CALLS} it waits a millisecond between small rounds for the compiler
     * instead of spinning. Once per process: later calls (from any instance) return 0 at once.
     *
     * @return the calls made
     */
    public long warmUpSync() {
        if (!SYNC_WARMING.compareAndSet(false, true)) return 0;
        com.sun.management.ThreadMXBean meter = allocationMeter();
        long calls = 0;
        int clean = 0;
        for (int round = 0; round < WARM_MAX_ROUNDS && (clean < WARM_CLEAN_ROUNDS || calls < WARM_THRESHOLD_CALLS); round++) {
            int n = calls < WARM_THRESHOLD_CALLS ? WARM_ROUND : WARM_WAIT_ROUND;
            if (n == WARM_WAIT_ROUND) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            long before = meter == null ? 0 : meter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) warmCall();
            calls += n;
            long after = meter == null ? -1 : meter.getCurrentThreadAllocatedBytes();
            clean = after == before ? clean + 1 : 0;
        }
        // The first call of a handle links it (tens of kilobytes, once per process): do that here
        // for the calls a roll makes after open, with arguments that fail at once and touch nothing.
        try {
            int ignored = (int) CLOSE_MH.invokeExact(state.segment(), -1); // not close(): no hook sees the warm-up
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        unmap(0, 0);
        state.segment().set(JAVA_INT, 0, 0);
        return calls;
    }

    /**
     * {@link #warmUpSync()} on a daemon thread of its own, started once per process: what
     * {@link WalWriter#open} calls, so opening never waits for the compiler.
     */
    public static void warmUpSyncInBackground() {
        if (SYNC_WARMING.get()) return;
        Thread t = new Thread(() -> {
            try (Arena a = Arena.ofConfined()) {
                new NativeFiles(a).warmUpSync();
            }
        }, "qsl-wal-sync-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** The thread allocation counter, or null where the platform has none (then the warm-up runs its bound). */
    private static com.sun.management.ThreadMXBean allocationMeter() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t;
        }
        return null;
    }

    /** One sync call on descriptor -1 (EBADF at once), its errno not read: reading it allocates the address segment. */
    private void warmCall() {
        if (!PLAIN_SYNC) {
            dataSync0(-1);
            return;
        }
        try {
            int ignored = (int) FDATASYNC_PLAIN.invokeExact(-1);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int dataSync0(int fd) {
        try {
            if (MAC && FCNTL.isAvailable()) {
                lastCall = FCNTL;
                int rc = (int) FCNTL_MH.invokeExact(state.segment(), fd, F_FULLFSYNC);
                if (rc == 0) return 0;
                lastCall = FSYNC;
                return (int) FSYNC_MH.invokeExact(state.segment(), fd);
            }
            if (PLAIN_SYNC) {
                lastCall = FDATASYNC;
                return plainResult((int) FDATASYNC_PLAIN.invokeExact(fd));
            }
            if (FDATASYNC.isAvailable()) {
                lastCall = FDATASYNC;
                return (int) FDATASYNC_MH.invokeExact(state.segment(), fd);
            }
            lastCall = FSYNC;
            return (int) FSYNC_MH.invokeExact(state.segment(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Full {@code fsync} (data and all metadata); the call for directories. */
    public int fullSync(int fd) {
        lastCall = FSYNC;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_FSYNC, fd, null);
            if (b == SKIP) return 0;
            if (b > 0) return failWith(b);
        }
        try {
            int rc = PLAIN_SYNC ? plainResult((int) FSYNC_PLAIN.invokeExact(fd)) : (int) FSYNC_MH.invokeExact(state.segment(), fd);
            if (h != null && rc == 0) h.after(CALL_FSYNC, fd, null, null, 0);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets the file size to {@code length}, with blocks allocated where the platform can. 0 or -1. */
    public int preallocate(int fd, long length) {
        Hook h = hook;
        if (h != null) {
            lastCall = FALLOCATE;
            int b = h.before(CALL_FALLOCATE, fd, null);
            if (b > 0) return failWith(b);
        }
        try {
            if (FALLOCATE.isAvailable()) {
                lastCall = FALLOCATE;
                // posix_fallocate returns the error number instead of setting errno.
                int rc = (int) FALLOCATE_MH.invokeExact(state.segment(), fd, 0L, length);
                if (rc == 0) {
                    if (h != null) h.after(CALL_FALLOCATE, fd, null, null, length);
                    return 0;
                }
                if (rc != Errno.EOPNOTSUPP && rc != Errno.EINVAL) return failWith(rc);
            }
            return truncate(fd, length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int truncate(int fd, long length) {
        lastCall = FTRUNCATE;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_TRUNCATE, fd, null);
            if (b > 0) return failWith(b);
        }
        try {
            int rc = (int) FTRUNCATE_MH.invokeExact(state.segment(), fd, length);
            if (h != null && rc == 0) h.after(CALL_TRUNCATE, fd, null, null, length);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes all of {@code src[offset, offset+length)} at file position {@code position}; 0 or -1. */
    public int pwriteFully(int fd, MemorySegment src, long offset, long length, long position) {
        lastCall = PWRITE;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_PWRITE, fd, null);
            if (b > 0) return failWith(b);
        }
        try {
            long done = 0;
            while (done < length) {
                long n = (long) PWRITE_MH.invokeExact(state.segment(), fd,
                        src.asSlice(offset + done, length - done), length - done, position + done);
                if (n < 0) {
                    if (state.errno() == Errno.EINTR) continue;
                    return -1;
                }
                done += n;
            }
            if (h != null) h.after(CALL_PWRITE, fd, null, null, length);
            return 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Maps {@code length} bytes of {@code fd} shared, read-write or read-only. Returns the mapping
     * bounded to {@code length} and tied to {@code arena} (closing it makes later access throw
     * instead of crashing; call {@link #unmap} after), or {@code null} with errno set. A {@code null}
     * arena gives a global-scope segment: no liveness check per access (a shared arena's costs an
     * atomic acquire and release around every checksum call), for an owner that never lets the
     * segment escape and drops it before unmapping.
     */
    public MemorySegment map(int fd, long length, boolean writable, Arena arena) {
        lastCall = MMAP;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_MMAP, fd, null);
            if (b > 0) {
                failWith(b);
                return null;
            }
        }
        try {
            MemorySegment addr = (MemorySegment) MMAP_MH.invokeExact(state.segment(), MemorySegment.NULL, length,
                    writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0L);
            if (addr.address() == -1L) return null;
            return arena == null ? addr.reinterpret(length) : addr.reinterpret(length, arena, null);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Faults every page of a writable shared mapping in, writable, before anyone stores to it
     * ({@code madvise(MADV_POPULATE_WRITE)}; where that is refused, one zero byte stored per 4 KiB
     * page, which for a freshly preallocated file changes no byte). The file's pages are then in the
     * page cache and dirty: they will be written back even where nothing else is stored. 0, or -1
     * (only the {@code madvise} refused: the pages were touched instead).
     */
    public int populateWrite(MemorySegment mapping) {
        lastCall = MADVISE;
        int rc = -1;
        if (LINUX && MADVISE.isAvailable()) {
            try {
                rc = (int) MADVISE_MH.invokeExact(state.segment(), mapping, mapping.byteSize(), MADV_POPULATE_WRITE);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        if (rc != 0) {
            for (long p = 0; p < mapping.byteSize(); p += 4096) mapping.set(JAVA_BYTE, p, mapping.get(JAVA_BYTE, p));
        }
        return rc;
    }

    /**
     * Zeroes {@code mapping} with the C library's {@code memset}, which for a range this large stores
     * whole cache lines without reading them from memory first (non-temporal or string stores): half
     * the memory traffic of a loop of ordinary stores, which must read each line before writing it.
     * Falls back to {@link MemorySegment#fill} where there is no {@code memset} to call.
     */
    public static void zero(MemorySegment mapping) {
        if (MEMSET == null) {
            mapping.fill((byte) 0);
            return;
        }
        try {
            MemorySegment ignored = (MemorySegment) MEMSET.invokeExact(mapping, 0, mapping.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int unmap(long address, long length) {
        lastCall = MUNMAP;
        try {
            return (int) MUNMAP_MH.invokeExact(state.segment(), MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Renames {@code from} to {@code to} (atomically replacing {@code to}); 0 or -1. Durable once the directory is synced. */
    public int rename(Path from, Path to) {
        lastCall = RENAME;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_RENAME, -1, from);
            if (b > 0) return failWith(b);
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) RENAME_MH.invokeExact(state.segment(), a.allocateFrom(from.toString()), a.allocateFrom(to.toString()));
            if (h != null && rc == 0) h.after(CALL_RENAME, -1, from, to, 0);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Removes {@code path}; 0, or -1 (errno ENOENT when it did not exist). Durable once the directory is synced. */
    public int unlink(Path path) {
        lastCall = UNLINK;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_UNLINK, -1, path);
            if (b > 0) return failWith(b);
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) UNLINK_MH.invokeExact(state.segment(), a.allocateFrom(path.toString()));
            if (h != null && rc == 0) h.after(CALL_UNLINK, -1, path, null, 0);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Creates directory {@code path}; 0, or -1 (errno EEXIST when it exists). Durable once its parent is synced. */
    public int mkdir(Path path, int mode) {
        lastCall = MKDIR;
        Hook h = hook;
        if (h != null) {
            int b = h.before(CALL_MKDIR, -1, path);
            if (b > 0) return failWith(b);
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) MKDIR_MH.invokeExact(state.segment(), a.allocateFrom(path.toString()), mode);
            if (h != null && rc == 0) h.after(CALL_MKDIR, -1, path, null, 0);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Creates {@code dir} and any missing parents, syncing each parent whose entries changed, so the
     * directory itself survives a power loss (its entry in its parent is durable). 0 or -1.
     */
    public int makeDirectories(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (java.nio.file.Files.isDirectory(abs)) return 0;
        Path parent = abs.getParent();
        if (parent != null && makeDirectories(parent) != 0) return -1;
        if (mkdir(abs, 0755) != 0 && state.errno() != Errno.EEXIST) return -1;
        return parent == null ? 0 : syncDirectory(parent);
    }

    /** Syncs a directory, so a file created, renamed or deleted in it survives a power loss. 0 or -1. */
    public int syncDirectory(Path dir) {
        int fd = open(dir, O_RDONLY | O_DIRECTORY, 0);
        if (fd < 0) return -1;
        int rc = fullSync(fd);
        int err = state.errno();
        close(fd);
        if (rc != 0) return failWith(err);
        return 0;
    }

    private int unavailable() {
        return failWith(Errno.ENOSYS);
    }

    /** Records {@code errno} in the capture buffer so {@link #errno()} reports it. */
    private int failWith(int errno) {
        state.segment().set(JAVA_INT, 0, errno);
        return -1;
    }
}
