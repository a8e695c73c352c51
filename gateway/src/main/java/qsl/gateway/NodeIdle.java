package qsl.gateway;

import qsl.gateway.pipeline.WakeableIdle;
import qsl.ringbuffer.BackoffIdleStrategy;
import qsl.ringbuffer.BusySpinIdleStrategy;
import qsl.ringbuffer.IdleStrategy;

/**
 * What the node's threads do when they find no work (the {@code idle} key of the node
 * configuration, {@code docs/node.md}).
 *
 * <ul>
 *   <li>{@link #BACKOFF} (the default): the engine and journal threads spin briefly, then park
 *       until the thread that feeds them publishes work and unparks them ({@link WakeableIdle}:
 *       the gateway wakes the engine, the engine wakes the journal); the gateway thread blocks in
 *       {@code epoll_wait} and is woken by the journal thread when responses are released. Waiting
 *       for room in a full ring backs off (spin, then parks doubling up to a bound). A thread that has nothing to
 *       do gives its core away, so on a host with fewer cores than busy threads (a 2-core host
 *       runs three node threads, the clients and the JIT) the thread that has work gets the CPU
 *       instead of waiting out a scheduler time slice of a spinning neighbour.</li>
 *   <li>{@link #PARK}: as {@code backoff}, but nobody wakes the engine and journal threads: they
 *       park for 1 us doubling up to 50 us and find work when a park ends (the node's default
 *       before producers woke their consumers; kept to measure what the wake-up is worth).</li>
 *   <li>{@link #SPIN}: every node thread busy-polls (the gateway with {@code selectNow}). Lowest
 *       wake-up latency, but only with a dedicated core per thread: each burns its core whole.</li>
 * </ul>
 */
public enum NodeIdle {
    BACKOFF,
    PARK,
    SPIN;

    /** Spins before parking: about a microsecond or two of {@code PAUSE}, no {@code sched_yield}. */
    static final int BACKOFF_SPINS = 100;
    /** The first park while waiting for ring space; the kernel's timer slack (50 us by default) makes a real sleep longer. */
    static final long BACKOFF_MIN_PARK_NANOS = 1_000;
    /** The longest park while waiting for ring space (the consumer frees it without waking the producer). */
    static final long BACKOFF_MAX_PARK_NANOS = 50_000;
    /**
     * The longest park of an idle engine or journal thread: producers unpark it when they publish,
     * so this bounds only how late it sees a flag nobody wakes it for (none in the node: stop wakes it).
     */
    static final long WAKEABLE_MAX_PARK_NANOS = 1_000_000;

    /** The word that names it in the configuration file. */
    public String label() {
        return ConfigLabel.of(this);
    }

    /** {@code backoff}, {@code park} or {@code spin} (any case); null for anything else. */
    public static NodeIdle parse(String s) {
        return ConfigLabel.parse(NodeIdle.class, s);
    }

    /** A new strategy for a thread waiting for room in a full ring; one instance per thread and use. */
    public IdleStrategy newStrategy() {
        return this == SPIN ? new BusySpinIdleStrategy()
                : new BackoffIdleStrategy(BACKOFF_SPINS, 0, BACKOFF_MIN_PARK_NANOS, BACKOFF_MAX_PARK_NANOS);
    }

    /**
     * A new strategy for a thread waiting for work on its rings (engine or journal): its producers
     * wake it ({@link WakeableIdle#wake()}). With {@link #SPIN} and {@link #PARK}, null: the thread
     * polls with {@link #newStrategy()} (busy, or parking on a timer) and nobody wakes it.
     */
    public WakeableIdle newWakeable() {
        return this == BACKOFF ? new WakeableIdle(BACKOFF_SPINS, WAKEABLE_MAX_PARK_NANOS) : null;
    }

    /**
     * As {@link #newWakeable()}, but never null: a journal thread that the node thread hands work
     * to ({@code threading = single}) always parks once it has spun; {@link #SPIN} spins it
     * (practically) without end, {@link #PARK} parks it at most 50 us at a time.
     */
    public WakeableIdle newWakeableAlways() {
        return switch (this) {
            case BACKOFF -> newWakeable();
            case PARK -> new WakeableIdle(BACKOFF_SPINS, BACKOFF_MAX_PARK_NANOS);
            case SPIN -> new WakeableIdle(Integer.MAX_VALUE, WAKEABLE_MAX_PARK_NANOS);
        };
    }

    /** Whether the gateway blocks in its selector (woken on release) rather than busy-polling it. */
    public boolean blockingSelect() {
        return this != SPIN;
    }
}
