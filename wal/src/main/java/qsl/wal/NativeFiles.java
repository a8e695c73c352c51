package qsl.wal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
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
        try (Arena a = Arena.ofConfined()) {
            return (int) OPEN.handle().invokeExact(state.segment(), a.allocateFrom(path.toString()), flags | O_CLOEXEC, mode);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int close(int fd) {
        lastCall = CLOSE;
        try {
            return (int) CLOSE.handle().invokeExact(state.segment(), fd);
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
        try {
            if (MAC && FCNTL.isAvailable()) {
                lastCall = FCNTL;
                int rc = (int) FCNTL.handle().invokeExact(state.segment(), fd, F_FULLFSYNC);
                if (rc == 0) return 0;
                lastCall = FSYNC;
                return (int) FSYNC.handle().invokeExact(state.segment(), fd);
            }
            if (FDATASYNC.isAvailable()) {
                lastCall = FDATASYNC;
                return (int) FDATASYNC.handle().invokeExact(state.segment(), fd);
            }
            lastCall = FSYNC;
            return (int) FSYNC.handle().invokeExact(state.segment(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Full {@code fsync} (data and all metadata); the call for directories. */
    public int fullSync(int fd) {
        lastCall = FSYNC;
        try {
            return (int) FSYNC.handle().invokeExact(state.segment(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets the file size to {@code length}, with blocks allocated where the platform can. 0 or -1. */
    public int preallocate(int fd, long length) {
        try {
            if (FALLOCATE.isAvailable()) {
                lastCall = FALLOCATE;
                // posix_fallocate returns the error number instead of setting errno.
                int rc = (int) FALLOCATE.handle().invokeExact(state.segment(), fd, 0L, length);
                if (rc == 0) return 0;
                if (rc != Errno.EOPNOTSUPP && rc != Errno.EINVAL) return failWith(rc);
            }
            return truncate(fd, length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int truncate(int fd, long length) {
        lastCall = FTRUNCATE;
        try {
            return (int) FTRUNCATE.handle().invokeExact(state.segment(), fd, length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes all of {@code src[offset, offset+length)} at file position {@code position}; 0 or -1. */
    public int pwriteFully(int fd, MemorySegment src, long offset, long length, long position) {
        lastCall = PWRITE;
        try {
            long done = 0;
            while (done < length) {
                long n = (long) PWRITE.handle().invokeExact(state.segment(), fd,
                        src.asSlice(offset + done, length - done), length - done, position + done);
                if (n < 0) {
                    if (state.errno() == Errno.EINTR) continue;
                    return -1;
                }
                done += n;
            }
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
        try {
            MemorySegment addr = (MemorySegment) MMAP.handle().invokeExact(state.segment(), MemorySegment.NULL, length,
                    writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0L);
            if (addr.address() == -1L) return null;
            return arena == null ? addr.reinterpret(length) : addr.reinterpret(length, arena, null);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public int unmap(long address, long length) {
        lastCall = MUNMAP;
        try {
            return (int) MUNMAP.handle().invokeExact(state.segment(), MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Syncs a directory, so a file created, renamed or deleted in it survives a power loss. 0 or -1. */
    public int syncDirectory(Path dir) {
        int fd = open(dir, O_RDONLY, 0);
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
