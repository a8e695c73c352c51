package qsl.affinity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeCall;

/**
 * Pins the calling thread and asks where it runs: {@code sched_setaffinity},
 * {@code sched_getaffinity}, {@code sched_getcpu}, {@code gettid} and {@code getpid}, each answering
 * an {@link Outcome}. These are setup-time calls (they allocate a little); the allocation-free
 * per-iteration {@code sched_getcpu} is {@link CpuProbe}.
 *
 * <p>CPU masks are sized from the machine ({@code CPU_ALLOC_SIZE} of the possible CPUs in
 * {@code /sys/devices/system/cpu/possible}), so machines with more than 64 (or 1024) CPUs work.
 */
public final class ThreadAffinity {
    private ThreadAffinity() {}

    /** Bytes of the CPU mask passed to the kernel on this machine. */
    public static long maskBytes() {
        return LinuxCalls.CPU_MASK_BYTES;
    }

    /**
     * Restricts the calling thread to {@code cpus} and reads the result back.
     *
     * @return the affinity now in force, {@link Outcome.Failed} with {@code EINVAL} when the set
     *     holds no usable CPU (empty, offline or beyond the machine), {@code EPERM} when forbidden
     */
    public static Outcome<CpuSet> pinCurrentThread(CpuSet cpus) {
        NativeCall set = LinuxCalls.SCHED_SETAFFINITY;
        if (!set.isAvailable()) return Outcome.unsupported(LinuxCalls.unavailable(set));
        long bytes = Math.max(LinuxCalls.CPU_MASK_BYTES, cpus.maskBytes());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            MemorySegment mask = arena.allocate(bytes, Long.BYTES);
            cpus.writeMask(mask);
            int rc = (int) set.handle().invokeExact(state.segment(), 0, bytes, mask);
            if (rc != 0) return Outcome.failed(set.name(), state.errno());
        } catch (Throwable t) {
            throw new AssertionError("sched_setaffinity downcall", t);
        }
        return currentAffinity();
    }

    /** Pins the calling thread to one CPU. */
    public static Outcome<CpuSet> pinCurrentThread(int cpu) {
        if (cpu < 0) return Outcome.failed("sched_setaffinity", Errno.EINVAL);
        return pinCurrentThread(CpuSet.of(cpu));
    }

    /** The CPUs the calling thread may run on. */
    public static Outcome<CpuSet> currentAffinity() {
        NativeCall get = LinuxCalls.SCHED_GETAFFINITY;
        if (!get.isAvailable()) return Outcome.unsupported(LinuxCalls.unavailable(get));
        long bytes = LinuxCalls.CPU_MASK_BYTES;
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            // The kernel refuses a mask smaller than its own (EINVAL): grow until it fits.
            while (true) {
                MemorySegment mask = arena.allocate(bytes, Long.BYTES);
                int rc = (int) get.handle().invokeExact(state.segment(), 0, bytes, mask);
                if (rc == 0) return Outcome.ok(CpuSet.fromMask(mask));
                int errno = state.errno();
                if (errno != Errno.EINVAL || bytes >= (1 << 16)) return Outcome.failed(get.name(), errno);
                bytes *= 2;
            }
        } catch (Throwable t) {
            throw new AssertionError("sched_getaffinity downcall", t);
        }
    }

    /** The CPU the calling thread is on right now (it may move the moment this returns unless pinned). */
    public static Outcome<Integer> currentCpu() {
        NativeCall call = LinuxCalls.SCHED_GETCPU;
        if (!call.isAvailable()) return Outcome.unsupported(LinuxCalls.unavailable(call));
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            int cpu = (int) call.handle().invokeExact(state.segment());
            return cpu >= 0 ? Outcome.ok(cpu) : Outcome.failed(call.name(), state.errno());
        } catch (Throwable t) {
            throw new AssertionError("sched_getcpu downcall", t);
        }
    }

    /** The kernel thread id of the calling thread ({@code gettid}, or {@code syscall(SYS_gettid)}). */
    public static Outcome<Integer> threadId() {
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            NativeCall gettid = LinuxCalls.GETTID;
            if (gettid.isAvailable()) {
                int tid = (int) gettid.handle().invokeExact(state.segment());
                return tid > 0 ? Outcome.ok(tid) : Outcome.failed(gettid.name(), state.errno());
            }
            NativeCall syscall = LinuxCalls.SYSCALL_0;
            if (!syscall.isAvailable() || LinuxCalls.SYSCALLS == null) return Outcome.unsupported(LinuxCalls.unavailable(gettid));
            long tid = (long) syscall.handle().invokeExact(state.segment(), LinuxCalls.SYSCALLS.gettid());
            return tid > 0 ? Outcome.ok((int) tid) : Outcome.failed("syscall(SYS_gettid)", state.errno());
        } catch (Throwable t) {
            throw new AssertionError("gettid downcall", t);
        }
    }

    /** The process id ({@code getpid}). */
    public static Outcome<Integer> processId() {
        NativeCall call = LinuxCalls.GETPID;
        if (!call.isAvailable()) return Outcome.unsupported(call.unavailableReason());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            return Outcome.ok((int) call.handle().invokeExact(state.segment()));
        } catch (Throwable t) {
            throw new AssertionError("getpid downcall", t);
        }
    }
}
