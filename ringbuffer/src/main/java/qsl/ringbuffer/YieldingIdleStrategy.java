package qsl.ringbuffer;

/** {@link Thread#yield()} each time: gives the core away when another thread wants it. */
public final class YieldingIdleStrategy implements IdleStrategy {
    @Override
    public void idle() {
        Thread.yield();
    }

    @Override
    public void reset() {
        // no state
    }
}
