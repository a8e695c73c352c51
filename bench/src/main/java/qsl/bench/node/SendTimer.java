package qsl.bench.node;

import java.nio.channels.Selector;
import qsl.affinity.CpuSet;
import qsl.affinity.ThreadAffinity;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the load generator's selector at the next scheduled send time, so the generator thread
 * can block in {@code epoll_wait} (woken by a reply or by this timer) instead of spinning: on a
 * host with fewer cores than busy threads a spinning generator takes whole scheduler time slices
 * from the node it measures. One daemon thread parks until the armed deadline, then calls
 * {@link Selector#wakeup()}; its timer slack is 1 ns ({@link TimerSlack}), so it wakes at the
 * deadline. Allocation-free after construction.
 */
final class SendTimer implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    /** The armed deadline (System.nanoTime), 0 when none: written by the generator, cleared here. */
    private volatile long deadline;
    private volatile boolean closed;

    /** The CPUs the timer thread runs on (the generator's), or null: wherever the scheduler puts it. */
    private final CpuSet cpus;

    SendTimer(Selector selector, CpuSet cpus) {
        this.selector = selector;
        this.cpus = cpus;
        this.thread = new Thread(this::run, "qsl-load-timer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Wake the selector at {@code atNanos} (or at once if that has passed). Generator thread. */
    void arm(long atNanos) {
        deadline = atNanos; // volatile store, then unpark: the timer re-reads it after any wake-up
        LockSupport.unpark(thread);
    }

    /** Why the timer thread runs with the default timer slack (its sends up to 50 us late), or null. */
    volatile String slackProblem;

    private void run() {
        slackProblem = TimerSlack.set(1); // wake at the deadline, not up to 50 us after it
        if (cpus != null) ThreadAffinity.pinCurrentThread(cpus); // off the node's CPU, as the generator is
        while (!closed) {
            long d = deadline;
            if (d == 0) {
                LockSupport.park(this);
                continue;
            }
            long wait = d - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            deadline = 0; // a later arm() (a new deadline) wins: it stores after this and unparks
            selector.wakeup();
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
