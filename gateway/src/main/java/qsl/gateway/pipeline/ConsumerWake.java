package qsl.gateway.pipeline;

/**
 * A producer's way to wake the thread that consumes its ring, called after each publication
 * (after the release store of the records). Either the consumer's {@link WakeableIdle} (it parks
 * when idle) or a {@link SelectorWake} (it blocks in a selector when idle). Allocation-free.
 */
@FunctionalInterface
public interface ConsumerWake {
    /** Wakes the consumer if it announced a sleep; cheap when it did not. Any producer thread. */
    void wake();
}
