package qsl.bench.ring;

/**
 * The one wait every benchmark thread here uses, for all three transports alike: spin with
 * {@link Thread#onSpinWait()} for a while, then {@link Thread#yield()} so a descheduled peer on a
 * two-core host gets the core back. Callers keep the counter in a local and reset it on progress.
 */
final class Spin {
    static final int SPINS_BEFORE_YIELD = 100;

    private Spin() {}

    /** Waits once; returns the next counter value. */
    static int idle(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }
}
