package qsl.gateway.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Selector;

/**
 * The wake-up of a consumer that waits for work in a {@link Selector} rather than a park: the
 * gateway thread that also runs the engine stage ({@code threading = shared}), waiting for socket
 * input and for commands other front ends (FIX) put on their inbound rings. Same protocol as
 * {@link WakeableIdle}: the consumer announces the blocking select ({@link #sleeping()}), checks
 * its rings once more, and selects without blocking if anything is there; a producer publishes,
 * then looks at the announcement. Each side has a full fence between its store and its load
 * (Dekker), so either the consumer's check sees the records or the producer sees the announcement
 * and calls {@link Selector#wakeup()} (which also makes a select that has not begun yet return at
 * once). One producer takes the announcement back (compare-and-set), so a burst wakes it once.
 */
public final class SelectorWake implements ConsumerWake {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(SelectorWake.class, "sleeping", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The consumer's selector, set before its thread starts (so a producer that sees an announcement sees it). */
    private volatile Selector selector;
    /** 1 from the consumer's announcement until its select returns (or a producer took it back to wake it). */
    private volatile int sleeping;

    /** The selector to wake; once, before the consumer thread starts. */
    public void attach(Selector s) {
        this.selector = s;
    }

    /** Consumer side, before its last check of the rings and a blocking select. */
    public void sleeping() {
        sleeping = 1;
        // StoreLoad: the announcement is visible before the re-check reads the producers' positions
        // (pairs with the fence in wake(), between a producer's release of its records and its read of sleeping).
        VarHandle.fullFence();
    }

    /** Consumer side, after the select returned. */
    public void awake() {
        sleeping = 0;
    }

    @Override
    public void wake() {
        // StoreLoad: the producer's release store of its position is ordered before the read of sleeping
        // (pairs with the fence in sleeping(), between the announcement and the consumer's re-check).
        VarHandle.fullFence();
        if (sleeping != 0 && SLEEPING.compareAndSet(this, 1, 0)) selector.wakeup();
    }
}
