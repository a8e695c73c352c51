package qsl.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;

/**
 * Overlapping syncs of the WAL when the earlier one fails (EIO): the later one returned 0, at the
 * same time, but its range must never be published (the failed sync's pages may be lost, and an
 * error is reported to one sync only): each lane, after reporting, reads {@code durableSequence()}
 * and sees 0, and at the end the writer is read-only. Result: (failing lane's read, other lane's
 * read, durable at the end, or -1 if the writer is not read-only).
 */
@JCStressTest
@Description("OverlappedSyncs: a failed sync stops every later sync's publication")
@Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "nothing published, writer read-only")
@Outcome(expect = Expect.FORBIDDEN, desc = "a range published past a failed sync, or the writer still writable")
@State
public class OverlappedSyncFailure {
    private final TwoStartedSyncs s = new TwoStartedSyncs("qsl-jcstress-overlap-fail");
    private final NativeError eio = new NativeError("fdatasync", Errno.EIO);

    @Actor
    public void failingLane(JJJ_Result r) {
        s.syncs.finish(s.first, eio);
        r.r1 = s.wal.durableSequence();
    }

    @Actor
    public void laneTwo(JJJ_Result r) {
        s.syncs.finish(s.second, null);
        r.r2 = s.wal.durableSequence();
    }

    @Arbiter
    public void close(JJJ_Result r) {
        r.r3 = s.wal.isReadOnly() ? s.wal.durableSequence() : -1;
        s.close();
    }
}
