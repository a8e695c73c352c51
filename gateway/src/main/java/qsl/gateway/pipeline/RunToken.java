package qsl.gateway.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which thread may run a pipeline stage now, when two may: with {@code threading = single} the
 * journal stage runs on the node thread at low rates and on the journal thread at high ones
 * ({@link InlineJournal}). A thread runs a round only while it holds the token; taking it is a
 * compare-and-set (acquire), giving it back a release store, so everything one holder wrote (the
 * WAL's position, the held responses, the stores' counts) is visible to the next. Holds no data
 * of the stage; allocation-free.
 */
public final class RunToken {
    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(RunToken.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while a thread holds the token. */
    private volatile int held;

    /** Takes the token; false when another thread holds it. */
    public boolean tryTake() {
        // acquire (CAS, volatile semantics): pairs with the release store in give(); the last holder's writes are visible
        return HELD.compareAndSet(this, 0, 1);
    }

    /** Gives the token back; only its holder calls this. */
    public void give() {
        HELD.setRelease(this, 0); // release: this holder's writes are visible to the next tryTake()
    }

    /** Whether some thread holds the token now (a hint: it may change at once). */
    public boolean held() {
        return held != 0;
    }
}
