package qsl.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import qsl.wal.DurabilityMode;
import qsl.wal.OverlappedSyncs;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

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
    private final Path dir = Scratch.dir("qsl-jcstress-overlap");
    private final WalWriter wal;
    private final OverlappedSyncs syncs;
    private final long first;
    private final long second;

    public OverlappedDurablePublication() {
        WalWriter.Open o = WalWriter.open(new WalConfig(dir, DurabilityMode.BATCH, 64 << 10, Integer.MAX_VALUE, Long.MAX_VALUE), 1);
        if (!(o instanceof WalWriter.Open.Ready r)) throw new IllegalStateException("WAL did not open: " + o);
        wal = r.writer();
        syncs = new OverlappedSyncs(wal, 2);
        MemorySegment record = Arena.ofAuto().allocate(40, 8);
        if (wal.append(1, record, 0, 40) != 1) throw new IllegalStateException("append failed");
        first = syncs.start();
        if (wal.append(1, record, 0, 40) != 2) throw new IllegalStateException("append failed");
        second = syncs.start();
        if (first == 0 || second == 0) throw new IllegalStateException("syncs did not start");
    }

    @Actor
    public void laneOne(JJJ_Result r) {
        syncs.finish(first, null);
        r.r1 = wal.durableSequence();
    }

    @Actor
    public void laneTwo(JJJ_Result r) {
        syncs.finish(second, null);
        r.r2 = wal.durableSequence();
    }

    @Arbiter
    public void close(JJJ_Result r) {
        r.r3 = wal.durableSequence();
        wal.close();
        Scratch.delete(dir);
    }
}
