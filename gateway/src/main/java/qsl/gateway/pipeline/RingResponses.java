package qsl.gateway.pipeline;

import java.lang.foreign.MemorySegment;
import qsl.gateway.entry.Wire;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RingProducer;

/**
 * The live {@link ResponseSink}: each response becomes a {@link ResponseRecordDescriptor} record
 * on the engine -> journal ring, committed deferred (the engine stage publishes once per batch).
 * A full ring is waited out (the journal thread always drains it): nothing is dropped.
 */
final class RingResponses implements ResponseSink {
    private final RingProducer producer;
    private final IdleStrategy idle;
    private final WakeableIdle consumer;
    private long at;

    /** @param consumer the journal thread's idle strategy (woken when a full ring makes us publish early), or null */
    RingResponses(RingProducer producer, IdleStrategy idle, WakeableIdle consumer) {
        this.producer = producer;
        this.idle = idle;
        this.consumer = consumer;
    }

    /**
     * Claims {@code length} bytes of {@code type}, publishing (and waking the consumer, when it is
     * not null) and waiting while the ring is full.
     */
    static long claim(RingProducer producer, IdleStrategy idle, WakeableIdle consumer, int type, int length) {
        long o = producer.claim(type, length);
        if (o >= 0) return o;
        if (o != RingProducer.FULL) throw new IllegalStateException("ring claim: " + RingProducer.describe(o));
        producer.publish(); // never wait on our own deferred records
        if (consumer != null) consumer.wake(); // it drains the ring: make sure it is not parked
        idle.reset();
        while ((o = producer.claim(type, length)) == RingProducer.FULL) idle.idle();
        if (o < 0) throw new IllegalStateException("ring claim: " + RingProducer.describe(o));
        return o;
    }

    @Override
    public long begin(int session, int messageLength) {
        int packet = ResponseRecordDescriptor.PACKET_HEADER + messageLength;
        long o = claim(producer, idle, consumer, ResponseRecordDescriptor.TYPE, ResponseRecordDescriptor.PACKET_OFFSET + packet);
        MemorySegment b = producer.buffer();
        ResponseRecordDescriptor.writeSession(b, o, session);
        long p = o + ResponseRecordDescriptor.PACKET_OFFSET;
        b.set(Wire.I16, p, (short) (messageLength + 1));
        b.set(Wire.I8, p + 2, Wire.SEQUENCED);
        at = o;
        return p + ResponseRecordDescriptor.PACKET_HEADER;
    }

    @Override
    public MemorySegment buffer() {
        return producer.buffer();
    }

    @Override
    public void end() {
        producer.commitDeferred(at);
    }
}
