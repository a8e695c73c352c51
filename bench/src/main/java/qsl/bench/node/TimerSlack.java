package qsl.bench.node;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import qsl.offheap.ffi.CallState;
import qsl.offheap.ffi.NativeCall;

/**
 * The calling thread's timer slack ({@code prctl(PR_SET_TIMERSLACK)}): how much later than asked
 * the kernel may end its timed sleeps (to batch timer interrupts), 50 us by default. The load
 * generator's timer thread sets it to 1 ns so that a send scheduled at time t is woken at t, not
 * up to 50 us after it (every round trip is measured from the scheduled time, so the slack would
 * be charged to the node).
 */
final class TimerSlack {
    private static final int PR_SET_TIMERSLACK = 29;
    private static final NativeCall PRCTL = NativeCall.lookup("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private TimerSlack() {}

    /** Sets the calling thread's timer slack; returns null on success, else why not. */
    static String set(long nanos) {
        if (!PRCTL.isAvailable()) return PRCTL.unavailableReason();
        try (Arena a = Arena.ofConfined()) {
            CallState state = CallState.allocate(a);
            int rc = (int) PRCTL.handle().invokeExact(state.segment(), PR_SET_TIMERSLACK, nanos, 0L, 0L, 0L);
            return rc == 0 ? null : "prctl(PR_SET_TIMERSLACK) failed: errno " + state.errno();
        } catch (Throwable t) {
            return "prctl(PR_SET_TIMERSLACK) failed: " + t;
        }
    }
}
