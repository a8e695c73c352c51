package qsl.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import qsl.wal.OverlappedSyncs;

/**
 * Overlapping syncs of the WAL ({@link OverlappedSyncs}): two syncs in flight, the first started
 * after record 1, the second after record 2; two lane threads report them returned (0) at once, in
 * either order, and each then reads {@code durableSequence()}. Outcomes retire in start order
 * through a compare-and-set, and each publishes its range as a compare-and-set maximum: the first
 * sync's lane sees at least its own range published, and once both returned the durable sequence
 * is 2 whichever returned first (no range lost when both lanes retire at once).
 * Result: (first lane's read, second lane's read, durable at the end).
 */
@JCStressTest
@Description("OverlappedSyncs: each returned sync's range is published, in start order, and the newest wins")
@Outcome(id = {"1, 0, 2", "1, 1, 2", "1, 2, 2", "2, 0, 2", "2, 1, 2", "2, 2, 2"}, expect = Expect.ACCEPTABLE, desc = "published in order, both in the end")
@Outcome(expect = Expect.FORBIDDEN, desc = "a returned sync's range lost, or the first sync's lane saw nothing published")
@State
public class OverlappedDurablePublication {
    private final TwoStartedSyncs s = new TwoStartedSyncs("qsl-jcstress-overlap");

    @Actor
    public void laneOne(JJJ_Result r) {
        s.syncs.finish(s.first, null);
        r.r1 = s.wal.durableSequence();
    }

    @Actor
    public void laneTwo(JJJ_Result r) {
        s.syncs.finish(s.second, null);
        r.r2 = s.wal.durableSequence();
    }

    @Arbiter
    public void close(JJJ_Result r) {
        r.r3 = s.wal.durableSequence();
        s.close();
    }
}
