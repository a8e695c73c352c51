package qsl.ringbuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for a time that doubles from {@code minParkNanos} up to
 * {@code maxParkNanos}; {@link #reset()} starts over. Allocation-free ({@link LockSupport#parkNanos(long)}).
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    private final long maxSpins;
    private final long maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private long spins;
    private long yields;
    private long parkNanos;

    /** 100 spins, 10 yields, then parks from 1 µs up to 1 ms. */
    public BackoffIdleStrategy() {
        this(100, 10, 1_000, 1_000_000);
    }

    public BackoffIdleStrategy(long maxSpins, long maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("need maxSpins >= 0, maxYields >= 0, 1 <= minParkNanos <= maxParkNanos; got "
                    + maxSpins + ", " + maxYields + ", " + minParkNanos + ", " + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /** Which stage the next {@link #idle()} is in: 0 spin, 1 yield, 2 park. For tests and monitoring. */
    public int stage() {
        return spins < maxSpins ? 0 : yields < maxYields ? 1 : 2;
    }

    /** Nanoseconds the next park would take. */
    public long currentParkNanos() {
        return parkNanos;
    }
}
