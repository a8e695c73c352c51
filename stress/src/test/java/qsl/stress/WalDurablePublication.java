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
import org.openjdk.jcstress.infra.results.JJ_Result;
import qsl.wal.DurabilityMode;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The WAL's durable-sequence publication: the writer thread appends one record and syncs it
 * (release store of the durable sequence after the release store of the last sequence); another
 * thread reads {@code durableSequence()} then {@code lastSequence()} (acquire loads). Whoever sees
 * a record durable must see it appended: durable can never be ahead of last.
 * Result: (durable, last) as the reader saw them.
 */
@JCStressTest
@Description("WalWriter: a reader that sees durableSequence() = n also sees lastSequence() >= n")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "read before the append")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "appended, not yet durable")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "appended and durable")
@Outcome(expect = Expect.FORBIDDEN, desc = "durable ahead of appended")
@State
public class WalDurablePublication {
    private final Path dir = Scratch.dir("qsl-jcstress-wal");
    private final WalWriter wal;
    private final MemorySegment record = Arena.ofAuto().allocate(40, 8);

    public WalDurablePublication() {
        WalWriter.Open o = WalWriter.open(WalConfig.of(dir, DurabilityMode.BATCH).withSegmentLength(64 << 10), 1);
        if (!(o instanceof WalWriter.Open.Ready r)) throw new IllegalStateException("WAL did not open: " + o);
        wal = r.writer();
    }

    @Actor
    public void journal() {
        if (wal.append(1, record, 0, 40) < 0) throw new IllegalStateException("append failed");
        if (wal.sync() < 0) throw new IllegalStateException("sync failed");
    }

    @Actor
    public void reader(JJ_Result r) {
        r.r1 = wal.durableSequence();
        r.r2 = wal.lastSequence();
    }

    @Arbiter
    public void close(JJ_Result r) {
        wal.close();
        Scratch.delete(dir);
    }
}
