package qsl.affinity;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * Keeps pages resident: {@code mlockall} / {@code munlockall} for the process, {@code mlock} /
 * {@code munlock} for one segment. Without {@code CAP_IPC_LOCK} the kernel limits locked memory to
 * {@code RLIMIT_MEMLOCK} and answers {@code ENOMEM} or {@code EPERM} beyond it: a
 * {@link Outcome.Failed}, not an exception.
 */
public final class MemoryLock {
    /** {@code MCL_CURRENT}: lock every page mapped now. */
    public static final int CURRENT = 1;
    /** {@code MCL_FUTURE}: lock pages mapped from now on. */
    public static final int FUTURE = 2;
    /** {@code MCL_ONFAULT} (Linux 4.4+): lock pages as they are first touched instead of faulting them all in now. */
    public static final int ON_FAULT = 4;

    private MemoryLock() {}

    /** {@code mlockall(flags)}; returns the flags applied. */
    public static Outcome<Integer> lockAll(int flags) {
        NativeCall call = LinuxCalls.MLOCKALL;
        if (!call.isAvailable()) return Outcome.unsupported(call.unavailableReason());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            int rc = (int) call.handle().invokeExact(state.segment(), flags);
            return rc == 0 ? Outcome.ok(flags) : Outcome.failed(call.name(), state.errno());
        } catch (Throwable t) {
            throw new AssertionError("mlockall downcall", t);
        }
    }

    /** {@code munlockall()}. */
    public static Outcome<Integer> unlockAll() {
        NativeCall call = LinuxCalls.MUNLOCKALL;
        if (!call.isAvailable()) return Outcome.unsupported(call.unavailableReason());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            int rc = (int) call.handle().invokeExact(state.segment());
            return rc == 0 ? Outcome.ok(0) : Outcome.failed(call.name(), state.errno());
        } catch (Throwable t) {
            throw new AssertionError("munlockall downcall", t);
        }
    }

    /** {@code mlock} over a segment's pages (faults them in). */
    public static Outcome<MemorySegment> lock(MemorySegment segment) {
        return range(LinuxCalls.MLOCK, segment);
    }

    /** {@code munlock} over a segment's pages. */
    public static Outcome<MemorySegment> unlock(MemorySegment segment) {
        return range(LinuxCalls.MUNLOCK, segment);
    }

    private static Outcome<MemorySegment> range(NativeCall call, MemorySegment segment) {
        if (!call.isAvailable()) return Outcome.unsupported(call.unavailableReason());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            int rc = (int) call.handle().invokeExact(state.segment(), segment, segment.byteSize());
            return rc == 0 ? Outcome.ok(segment) : Outcome.failed(call.name(), state.errno());
        } catch (Throwable t) {
            throw new AssertionError(call.name() + " downcall", t);
        }
    }
}
