package qsl.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import qsl.gateway.store.SessionStore;
import qsl.wal.DurabilityMode;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The node's acknowledgement rule, in the order the journal thread does it: append the command
 * to the WAL, write its response into the session store (unreleased), sync, then release the
 * response (release store). The gateway thread reads {@code released()} (acquire); if it sees the
 * response it reads its bytes and the WAL's durable sequence. A response the gateway may send
 * must be complete and its command durable. Result: (released count, response payload or -1,
 * durable sequence or -1).
 */
@JCStressTest
@Description("Journal stage -> gateway: a released response is complete and its command already durable")
@Outcome(id = "0, -1, -1", expect = Expect.ACCEPTABLE, desc = "not released yet: the gateway sends nothing")
@Outcome(id = "1, 4242, 1", expect = Expect.ACCEPTABLE, desc = "released: whole response, command durable")
@Outcome(expect = Expect.FORBIDDEN, desc = "released before durable, or with a stale response")
@State
public class ReleaseAfterDurable {
    private final Path dir = Scratch.dir("qsl-jcstress-release");
    private final WalWriter wal;
    private final SessionStore store;
    private final MemorySegment command = Arena.ofAuto().allocate(40, 8);

    public ReleaseAfterDurable() {
        WalWriter.Open o = WalWriter.open(WalConfig.of(dir, DurabilityMode.BATCH).withSegmentLength(64 << 10), 1);
        if (!(o instanceof WalWriter.Open.Ready r)) throw new IllegalStateException("WAL did not open: " + o);
        wal = r.writer();
        try {
            store = SessionStore.create(dir, "u", 4096);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Actor
    public void journal() {
        if (wal.append(16, command, 0, 40) < 0) throw new IllegalStateException("append failed");
        long at = store.reserve(8);
        store.data().set(ValueLayout.JAVA_LONG_UNALIGNED, at, 4242);
        store.appended(8);
        if (wal.sync() < 0) throw new IllegalStateException("sync failed");
        store.release(store.written());
    }

    @Actor
    public void gateway(JJJ_Result r) {
        long n = store.released();
        r.r1 = n;
        if (n > 0) {
            long end = store.end(n);
            r.r2 = store.data().get(ValueLayout.JAVA_LONG_UNALIGNED, end - 8);
            r.r3 = wal.durableSequence();
        } else {
            r.r2 = -1;
            r.r3 = -1;
        }
    }

    @Arbiter
    public void close(JJJ_Result r) {
        wal.close();
        store.close();
        Scratch.delete(dir);
    }
}
