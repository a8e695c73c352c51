package qsl.gateway;

import java.lang.foreign.MemorySegment;
import qsl.gateway.pipeline.ConsumerWake;
import qsl.ringbuffer.RingProducer;

/**
 * The command seam: one protocol front end's way into the engine. Each port is a single-producer
 * ring the engine thread polls (in port order), so one thread per port submits. A submitted
 * message is an order-entry message in the {@code docs/wire.md} binary layout (Enter Order,
 * Cancel Order, Replace Order, Mass Cancel), from a user of the accounts file; its responses
 * appear, once durable, in that user's {@link qsl.gateway.store.SessionStore} (the same stream a
 * SoupBinTCP login of that user reads). Another protocol (FIX) translates into these messages and
 * out of those responses. Get a port with {@link Node.Builder#inboundPort()}.
 */
public final class InboundPort {
    private final RingProducer producer;
    private final ConsumerWake consumer;

    /**
     * A port over {@code producer}'s ring (the clustered node builds its own pipeline around it);
     * its consumer polls without being woken.
     */
    public InboundPort(RingProducer producer) {
        this(producer, null);
    }

    /**
     * A port whose every submission wakes the ring's consumer if it sleeps ({@link ConsumerWake#wake()}).
     *
     * @param consumer the consumer thread's wake-up ({@link qsl.gateway.pipeline.WakeableIdle} when it parks,
     *     {@link qsl.gateway.pipeline.SelectorWake} when it blocks in a selector), or null when it never sleeps
     *     (it busy-polls, or it is the submitting thread itself)
     */
    public InboundPort(RingProducer producer, ConsumerWake consumer) {
        this.producer = producer;
        this.consumer = consumer;
    }

    /**
     * Submits one message; false when the engine's ring is full (nothing was written: stop reading
     * input and retry later, drop nothing). The caller checks the message's type and length
     * ({@link qsl.gateway.entry.Wire#inboundLength}) first: the node journals what it is given.
     *
     * @param usernameKey {@link SessionCommandDescriptor#usernameKey} of the sending user
     */
    public boolean submit(byte origin, long usernameKey, int account, MemorySegment message, long offset, int length) {
        long at = producer.claim(SessionCommandDescriptor.TYPE, SessionCommandDescriptor.HEADER_LENGTH + length);
        if (at < 0) {
            if (at == RingProducer.FULL) return false;
            throw new IllegalArgumentException("message does not fit the ring: " + RingProducer.describe(at));
        }
        MemorySegment b = producer.buffer();
        SessionCommandDescriptor.writeHeader(b, at, origin, usernameKey, account, length);
        MemorySegment.copy(message, offset, b, at + SessionCommandDescriptor.MESSAGE_OFFSET, length);
        producer.commit(at); // release store: the engine thread sees the whole record
        if (consumer != null) consumer.wake(); // after the release store: a sleeping engine thread is woken once
        return true;
    }
}
