package qsl.gateway;

import java.util.Locale;
import qsl.ringbuffer.BackoffIdleStrategy;
import qsl.ringbuffer.BusySpinIdleStrategy;
import qsl.ringbuffer.IdleStrategy;

/**
 * What the node's threads do when they find no work (the {@code idle} key of the node
 * configuration, {@code docs/node.md}).
 *
 * <ul>
 *   <li>{@link #BACKOFF} (the default): the engine and journal threads spin briefly, then park
 *       for a time that doubles up to a bound; the gateway thread blocks in {@code epoll_wait} and
 *       is woken by the journal thread when responses are released. A thread that has nothing to
 *       do gives its core away, so on a host with fewer cores than busy threads (a 2-core host
 *       runs three node threads, the clients and the JIT) the thread that has work gets the CPU
 *       instead of waiting out a scheduler time slice of a spinning neighbour.</li>
 *   <li>{@link #SPIN}: every node thread busy-polls (the gateway with {@code selectNow}). Lowest
 *       wake-up latency, but only with a dedicated core per thread: each burns its core whole.</li>
 * </ul>
 */
public enum NodeIdle {
    BACKOFF("backoff"),
    SPIN("spin");

    /** Spins before parking: about a microsecond or two of {@code PAUSE}, no {@code sched_yield}. */
    static final int BACKOFF_SPINS = 100;
    /** The first park; the kernel's timer slack (50 us by default) makes a real sleep longer. */
    static final long BACKOFF_MIN_PARK_NANOS = 1_000;
    /** The longest park of the engine and journal threads: bounds the wake-up delay when work arrives. */
    static final long BACKOFF_MAX_PARK_NANOS = 50_000;

    private final String label;

    NodeIdle(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code backoff} or {@code spin} (any case); null for anything else. */
    public static NodeIdle parse(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        for (NodeIdle i : values()) if (i.label.equals(v)) return i;
        return null;
    }

    /** A new strategy for one polling thread (engine or journal); one instance per thread and use. */
    public IdleStrategy newStrategy() {
        return this == SPIN ? new BusySpinIdleStrategy()
                : new BackoffIdleStrategy(BACKOFF_SPINS, 0, BACKOFF_MIN_PARK_NANOS, BACKOFF_MAX_PARK_NANOS);
    }

    /** Whether the gateway blocks in its selector (woken on release) rather than busy-polling it. */
    public boolean blockingSelect() {
        return this == BACKOFF;
    }
}
