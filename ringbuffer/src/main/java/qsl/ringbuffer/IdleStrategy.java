package qsl.ringbuffer;

/**
 * What a thread does when a poll found nothing or a claim found the ring full: the ring itself
 * never waits. Implementations allocate nothing; one instance per thread.
 */
public interface IdleStrategy {
    /** Idles once if {@code workCount} is zero, else resets the back-off. */
    default void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    /** Idles once, one step further along the back-off. */
    void idle();

    /** Back to the first step (work was found). */
    void reset();
}
