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
import qsl.offheap.ffi.Errno;
import qsl.offheap.ffi.NativeError;
import qsl.wal.DurabilityMode;
import qsl.wal.OverlappedSyncs;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

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
    private final Path dir = Scratch.dir("qsl-jcstress-overlap-fail");
    private final WalWriter wal;
    private final OverlappedSyncs syncs;
    private final long first;
    private final long second;
    private final NativeError eio = new NativeError("fdatasync", Errno.EIO);

    public OverlappedSyncFailure() {
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
    public void failingLane(JJJ_Result r) {
        syncs.finish(first, eio);
        r.r1 = wal.durableSequence();
    }

    @Actor
    public void laneTwo(JJJ_Result r) {
        syncs.finish(second, null);
        r.r2 = wal.durableSequence();
    }

    @Arbiter
    public void close(JJJ_Result r) {
        r.r3 = wal.isReadOnly() ? wal.durableSequence() : -1;
        wal.close();
        Scratch.delete(dir);
    }
}
