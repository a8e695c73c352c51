package qsl.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import qsl.gateway.pipeline.RunToken;

/**
 * The journal stage handed between the node thread and the journal thread ({@code threading =
 * single}): each runs a round only while it holds the {@link RunToken}, and a round reads and
 * writes the stage's plain fields (here: a count of the records appended so far). Two threads
 * each try one round; a round that ran must have seen every earlier round's write (no lost
 * update) and no two rounds overlap. Result: (node ran, journal ran, records appended).
 */
@JCStressTest
@Description("RunToken: rounds of a stage run one at a time and each sees the last one's writes")
@Outcome(id = "1, 1, 2", expect = Expect.ACCEPTABLE, desc = "both ran, one after the other")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = Expect.ACCEPTABLE, desc = "one ran; the other found the token held")
@Outcome(expect = Expect.FORBIDDEN, desc = "overlapping rounds, or a round that missed the previous one's write")
@State
public class StageHandOff {
    private final RunToken token = new RunToken();
    private int appended; // the stage's plain state: written only while holding the token
    private int nodeRan;
    private int journalRan;

    private boolean round() {
        if (!token.tryTake()) return false;
        int a = appended;
        appended = a + 1;
        token.give();
        return true;
    }

    @Actor
    public void node() {
        nodeRan = round() ? 1 : 0;
    }

    @Actor
    public void journal() {
        journalRan = round() ? 1 : 0;
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = nodeRan;
        r.r2 = journalRan;
        r.r3 = appended;
    }
}
