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

    /**
     * Work for whichever thread holds the token, published by threads that may find it held: one
     * round of it, and the check for work left waiting.
     */
    public interface Rounds {
        /** One round; called only while holding the token. */
        void round();

        /** Whether work is waiting for a round; called without the token, after it was given back. */
        boolean due();
    }

    /**
     * Runs {@code r}'s rounds for as long as this thread takes the token and work is due after it
     * gave the token back: with {@code first}, one round at once (if the token is free); then, each
     * time, a round if work is due and the token is free. A thread that published work (a volatile
     * write) and finds the token held may leave: the holder, after giving the token back, sees that
     * work here (Dekker: each side has a full fence between its store, the published work or the
     * token's release, and its load, the token or the work; so either the publisher takes the token
     * or the holder sees the work). No work is left behind with no thread to do it.
     */
    public void runWhileDue(Rounds r, boolean first) {
        if (first) {
            if (!tryTake()) return; // the holder looks for this work after it gives the token back
            try {
                r.round();
            } finally {
                give();
            }
        }
        while (true) {
            // StoreLoad: give()'s release store before the reads of held and of the work (pairs with the
            // publisher's volatile write of its work before its tryTake())
            VarHandle.fullFence();
            if (held() || !r.due()) return; // held: its holder looks again when it gives the token back
            if (!tryTake()) return;
            try {
                r.round();
            } finally {
                give();
            }
        }
    }
}
