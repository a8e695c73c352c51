package qsl.gateway.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import qsl.gateway.DurableEventSink;

/**
 * Delivers durable engine events to a {@link DurableEventSink}: the journal thread keeps a copy of
 * each journaled session command until it is durable, then applies it to a replica
 * {@link SessionMachine} whose engine events go to the sink (its responses are discarded). The
 * replica is the same pure function of the same records as the live engine, so the events are
 * exactly the live ones, in log order, and only ever for durable commands.
 *
 * <p>The queue is one off-heap circular byte area; each entry is
 * {@code [log sequence i64][length i32][reserved i32][record, padded to 8]}, a length of -1 marks
 * a wrap to the start.
 */
public final class DurableFeed implements AutoCloseable {
    private static final int ENTRY_HEADER = 16;

    private final Arena arena = Arena.ofShared();
    private final SessionMachine replica;
    private final DurableEventSink sink;
    private final MemorySegment q;
    private final long capacity;
    private long head;
    private long tail;
    private long used;

    public DurableFeed(SessionMachine replica, DurableEventSink sink, int queueBytes) {
        this.replica = replica;
        this.sink = sink;
        this.capacity = queueBytes;
        this.q = arena.allocate(queueBytes, 64);
        replica.output(ResponseSink.discard());
    }

    /** The replica the events come from (its engine is the durable state). */
    public SessionMachine replica() {
        return replica;
    }

    /** Starts delivering to the sink (recovery replays with no sink attached). */
    public void attach() {
        sink.onAttach(replica.engine());
        replica.downstream(sink);
    }

    /** Keeps a copy of a journaled record; false when the queue has no room (release first). */
    boolean appended(long seq, MemorySegment b, long off, int len) {
        long need = ENTRY_HEADER + ((len + 7L) & ~7L);
        long t = tail;
        long waste = 0;
        if (t + need > capacity) waste = capacity - t; // wrap
        if (used + waste + need > capacity) return false;
        if (waste > 0) {
            if (waste >= 12) q.set(ValueLayout.JAVA_INT_UNALIGNED, t + 8, -1);
            used += waste;
            t = 0;
        }
        q.set(ValueLayout.JAVA_LONG_UNALIGNED, t, seq);
        q.set(ValueLayout.JAVA_INT_UNALIGNED, t + 8, len);
        MemorySegment.copy(b, off, q, t + ENTRY_HEADER, len);
        tail = (t + need) == capacity ? 0 : t + need;
        used += need;
        return true;
    }

    /** Applies every held record with a sequence up to {@code durable}. */
    void durable(long durable) {
        while (used > 0) {
            long h = head;
            if (capacity - h < ENTRY_HEADER || q.get(ValueLayout.JAVA_INT_UNALIGNED, h + 8) == -1) {
                used -= capacity - h;
                head = 0;
                continue;
            }
            long seq = q.get(ValueLayout.JAVA_LONG_UNALIGNED, h);
            if (seq > durable) return;
            int len = q.get(ValueLayout.JAVA_INT_UNALIGNED, h + 8);
            replica.apply(q, h + ENTRY_HEADER);
            sink.onCommandEnd(seq);
            long need = ENTRY_HEADER + ((len + 7L) & ~7L);
            head = h + need == capacity ? 0 : h + need;
            used -= need;
        }
    }

    @Override
    public void close() {
        replica.close();
        arena.close();
    }
}
