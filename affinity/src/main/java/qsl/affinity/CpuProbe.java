package qsl.affinity;

import java.lang.foreign.Arena;
import qsl.offheap.ffi.CallState;

/**
 * An allocation-free {@code sched_getcpu} for a loop that samples where it runs (the migration
 * study, per-iteration diagnostics). One probe per thread: it owns the errno buffer its calls
 * write. The downcall is linked critical ({@code Linker.Option.critical(false)}) because
 * {@code sched_getcpu} is a short, non-blocking read.
 */
public final class CpuProbe {
    private final CallState state;

    private CpuProbe(CallState state) {
        this.state = state;
    }

    /** A probe, or "unsupported" where the platform has no {@code sched_getcpu}. */
    public static Outcome<CpuProbe> create() {
        if (LinuxCalls.SCHED_GETCPU_CRITICAL_HANDLE == null) {
            return Outcome.unsupported(LinuxCalls.unavailable(LinuxCalls.SCHED_GETCPU_CRITICAL));
        }
        return Outcome.ok(new CpuProbe(CallState.allocate(Arena.ofAuto())));
    }

    /** The CPU the calling thread is on, or -1 (then {@link #lastErrno()} says why). Allocates nothing. */
    public int currentCpu() {
        try {
            return (int) LinuxCalls.SCHED_GETCPU_CRITICAL_HANDLE.invokeExact(state.segment());
        } catch (Throwable t) {
            throw new AssertionError("sched_getcpu downcall", t);
        }
    }

    /** errno left by the last failed {@link #currentCpu()}. */
    public int lastErrno() {
        return state.errno();
    }
}
