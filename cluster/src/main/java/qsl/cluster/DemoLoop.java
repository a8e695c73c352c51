package qsl.cluster;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongToIntFunction;

/**
 * The demos' client loop: rounds of work (send what is due, poll the cluster) until a condition
 * holds, parking 20 us after a round that did nothing; past the timeout it throws.
 */
final class DemoLoop {
    private DemoLoop() {
    }

    /**
     * Runs {@code round} (given {@link System#nanoTime()}, returning the work it did) until
     * {@code done}; IllegalStateException naming {@code what} after {@code timeoutMs}.
     */
    static void runUntil(String what, long timeoutMs, BooleanSupplier done, LongToIntFunction round) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > deadline) throw new IllegalStateException("timed out waiting for " + what);
            if (round.applyAsInt(now) == 0) LockSupport.parkNanos(20_000);
        }
    }
}
