package qsl.ringbuffer;

/** Spins with {@link Thread#onSpinWait()}: lowest wake-up latency, burns a whole core. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    @Override
    public void idle() {
        Thread.onSpinWait();
    }

    @Override
    public void reset() {
        // no state
    }
}
