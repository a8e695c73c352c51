package qsl.gateway.pipeline;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Random delays between the pipeline's steps, for stress runs only: off unless the JVM runs with
 * {@code -Dqsl.node.chaos=true}. Off, {@link #ON} is a constant false and the JIT drops every call
 * site. On, each {@link #pause()} parks the calling thread for 1..200 us one time in 16, so the
 * gateway, engine and journal threads interleave in orders a quiet run rarely produces.
 */
public final class Chaos {
    /** Whether delays are injected ({@code -Dqsl.node.chaos=true}). */
    public static final boolean ON = Boolean.getBoolean("qsl.node.chaos");

    private Chaos() {}

    /** Maybe parks the calling thread briefly (only when {@link #ON}). */
    public static void pause() {
        if (!ON) return;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(16) == 0) LockSupport.parkNanos(1_000 + r.nextInt(200_000));
    }
}
