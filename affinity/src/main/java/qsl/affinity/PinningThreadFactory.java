package qsl.affinity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes threads that pin themselves to a CPU set as their first act, then run their task. A thread
 * whose pin fails or is unsupported still runs (unpinned); what each pin answered is kept in
 * {@link #outcomes()} so the caller can report or refuse it.
 */
public final class PinningThreadFactory implements ThreadFactory {
    /** What one thread's pin answered. */
    public record PinOutcome(String threadName, Outcome<CpuSet> outcome) {}

    private final String namePrefix;
    private final CpuSet cpus;
    private final boolean daemon;
    private final AtomicInteger count = new AtomicInteger();
    private final List<PinOutcome> outcomes = new CopyOnWriteArrayList<>();

    public PinningThreadFactory(String namePrefix, CpuSet cpus, boolean daemon) {
        this.namePrefix = namePrefix;
        this.cpus = cpus;
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable task) {
        String name = namePrefix + "-" + count.getAndIncrement();
        Thread t = new Thread(() -> {
            outcomes.add(new PinOutcome(name, ThreadAffinity.pinCurrentThread(cpus)));
            task.run();
        }, name);
        t.setDaemon(daemon);
        return t;
    }

    /** The CPUs its threads pin to. */
    public CpuSet cpus() {
        return cpus;
    }

    /** One entry per started thread, in the order they pinned. */
    public List<PinOutcome> outcomes() {
        return List.copyOf(outcomes);
    }
}
