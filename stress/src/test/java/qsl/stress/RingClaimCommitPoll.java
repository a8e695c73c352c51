package qsl.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * The ring's publication: a producer claims a record, writes two longs into it with plain
 * stores and commits (release store of the producer position); a consumer polls once. A poll
 * that sees the record must see both longs as written: never a record with a stale payload.
 * Result: (records seen, first long, second long), -1 for a long not read.
 */
@JCStressTest
@Description("SpscRing claim/commit/poll: a polled record carries the payload written before its commit")
@Outcome(id = "0, -1, -1", expect = Expect.ACCEPTABLE, desc = "poll ran before the commit: nothing seen")
@Outcome(id = "1, 42, 43", expect = Expect.ACCEPTABLE, desc = "record seen with its whole payload")
@Outcome(expect = Expect.FORBIDDEN, desc = "record seen with a stale or torn payload")
@State
public class RingClaimCommitPoll implements RecordHandler {
    private final RingProducer producer;
    private final RingConsumer consumer;
    private long a = -1;
    private long b = -1;
    private int seen;

    public RingClaimCommitPoll() {
        SpscRing ring = SpscRing.allocate(Arena.ofAuto(), 4096);
        producer = ring.producer();
        consumer = ring.consumer();
    }

    @Actor
    public void producer() {
        long at = producer.claim(1, 16);
        MemorySegment s = producer.buffer();
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 42);
        s.set(ValueLayout.JAVA_LONG_UNALIGNED, at + 8, 43);
        producer.commit(at);
    }

    @Actor
    public void consumer(JJJ_Result r) {
        consumer.poll(this, 1);
        r.r1 = seen;
        r.r2 = a;
        r.r3 = b;
    }

    @Override
    public void onRecord(int type, MemorySegment buffer, long offset, int length) {
        seen++;
        a = buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        b = buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8);
    }
}
