package qsl.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import qsl.gateway.pipeline.RunToken;

/**
 * Release after an overlapped sync ({@code syncs.in.flight} &ge; 1): the lane thread whose sync
 * returned publishes the new durable sequence (volatile write), then releases the responses it
 * covers if it can take the journal stage ({@link RunToken#runWhileDue}); the stage's runner, which
 * may hold the stage at that moment and have read the durable sequence before, looks again after
 * giving it back. Whatever the interleaving, the response is released (no release is left with
 * no thread to make it), and never beyond the durable sequence. Result: (released, durable).
 */
@JCStressTest
@Description("RunToken.runWhileDue: a durable sequence published while another thread holds the stage is still released")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "released by the lane or by the runner after it gave the stage back")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "lost: durable, never released")
@Outcome(expect = Expect.FORBIDDEN, desc = "released beyond the durable sequence")
@State
public class SyncReleaseHandOff implements RunToken.Rounds {
    private final RunToken token = new RunToken();
    private volatile long durable;
    private long released; // the stage's plain state: written only while holding the token

    @Override
    public void round() {
        long d = durable;
        if (d > released) released = d;
    }

    @Override
    public boolean due() {
        return durable > released;
    }

    @Actor
    public void lane() {
        durable = 1; // the sync returned: published (volatile write) before the attempt to take the stage
        token.runWhileDue(this, true);
    }

    @Actor
    public void runner() {
        if (token.tryTake()) {
            try {
                round();
            } finally {
                token.give();
            }
        }
        token.runWhileDue(this, false);
    }

    @Arbiter
    public void check(JJ_Result r) {
        r.r1 = released;
        r.r2 = durable;
    }
}
