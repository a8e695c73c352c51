package qsl.gateway.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import qsl.ringbuffer.IdleStrategy;

/**
 * The idle strategy of a consumer thread whose producers wake it (the node's engine and journal
 * threads with {@code idle = backoff}): when a poll finds nothing it spins briefly, then parks until
 * a producer that has just published calls {@link #wake()}, or until a bound passes (for flags
 * such as a stop request, which are read between polls). A hand-off to a parked consumer thus
 * costs one futex wake on the producer's side and the kernel's wake-up of the consumer, instead of
 * the rest of a timed park (a sleep that the kernel's timer slack makes at least about 50 us).
 *
 * <p>No lost wake-up: the consumer announces that it is going to sleep, then checks for work once
 * more ({@link Work#pending()}) before parking; a producer publishes its records, then looks at the
 * announcement. Each side has a full fence between its store and its load (Dekker), so either the
 * consumer's check sees the records or the producer sees the announcement and unparks it. One
 * producer at a time takes the announcement back (compare-and-set), so a burst of publications
 * unparks a sleeping consumer once. Allocation-free; one instance per consumer thread.
 */
public final class WakeableIdle implements IdleStrategy, ConsumerWake {
    /** What the consumer checks, after announcing its sleep, before parking: work already published. */
    @FunctionalInterface
    public interface Work {
        boolean pending();
    }

    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(WakeableIdle.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxSpins;
    private final long maxParkNanos;
    private Work work = () -> false;
    private int spins;
    /** The consumer thread, set before its first announcement (so a producer that sees one sees it). */
    private volatile Thread owner;
    /** 1 from the consumer's announcement until it wakes (or a producer took it back to unpark it). */
    private volatile int sleeping;

    /**
     * @param maxSpins {@link Thread#onSpinWait()} rounds before the first park after work was last found
     * @param maxParkNanos longest park: how late the consumer sees a flag no producer wakes it for
     */
    public WakeableIdle(int maxSpins, long maxParkNanos) {
        if (maxSpins < 0 || maxParkNanos < 1) throw new IllegalArgumentException("need maxSpins >= 0, maxParkNanos >= 1");
        this.maxSpins = maxSpins;
        this.maxParkNanos = maxParkNanos;
    }

    /** The consumer's last check before parking; set before the consumer thread starts. */
    public void work(Work w) {
        this.work = w;
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
            return;
        }
        if (owner == null) owner = Thread.currentThread();
        sleeping = 1;
        // StoreLoad: the announcement is visible before the re-check reads the producers' positions
        // (pairs with the fence in wake(), between a producer's release of its records and its read of sleeping).
        VarHandle.fullFence();
        if (!work.pending()) LockSupport.parkNanos(maxParkNanos);
        sleeping = 0;
    }

    @Override
    public void reset() {
        spins = 0;
    }

    /**
     * Producer side, after its records are published (release store): unparks the consumer if it
     * announced a sleep. Cheap when it did not (a fence and a read); a futex wake when it did.
     */
    @Override
    public void wake() {
        // StoreLoad: the producer's release store of its position is ordered before the read of sleeping
        // (pairs with the fence in idle(), between the announcement and the consumer's re-check).
        VarHandle.fullFence();
        if (sleeping != 0 && SLEEPING.compareAndSet(this, 1, 0)) LockSupport.unpark(owner);
    }
}
