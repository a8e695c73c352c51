package qsl.ringbuffer;

import static qsl.ringbuffer.RingBufferDescriptor.CAPACITY_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.CONSUMER_POSITION_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.DATA_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.PADDING_TYPE;
import static qsl.ringbuffer.RingBufferDescriptor.PRODUCER_POSITION_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.RECORD_HEADER_LENGTH;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import qsl.offheap.RawAddress;

/**
 * The consumer side of an {@link SpscRing}: one thread only. {@link #poll} reads a batch of
 * committed records with at most one acquire load of the producer position (none when an earlier
 * limited poll left records below the cached one and the limit is reached before them) and frees
 * their space with one release store of the consumer position when the batch ends. Wait-free:
 * an empty ring returns 0 at once.
 */
public final class RingConsumer extends RingConsumerFields {
    /** 128 bytes after the consumer's fields (see {@link RingConsumerPad}). */
    long p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;

    RingConsumer(MemorySegment segment, int capacity) {
        super(segment, capacity);
    }

    /** Hands every committed record to {@code handler}; returns how many (padding not counted). */
    public int poll(RecordHandler handler) {
        return poll(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands up to {@code limit} committed records to {@code handler}, in order, then frees their
     * space. Every record committed before the call is handed over unless the limit stops it
     * first. When the handler throws, the records before it and the one it threw on count as
     * consumed and the exception propagates.
     *
     * @return records handed over (0 when the ring is empty)
     * @throws RingCorruptedException when a record header cannot be right (the ring was not
     *     written by a {@link RingProducer} of this layout); nothing after it is handed over
     */
    public int poll(RecordHandler handler, int limit) {
        long position = this.position;
        long committed = producerPositionCache;
        boolean loaded = false;
        if (position == committed) {
            // Cached producer position used up: read the producer's line (once per poll at most).
            // Checked (through the segment): this poll's first memory access proves the arena
            // alive (and, if confined, owned by this thread) before the raw accesses below.
            committed = (long) LONG.getAcquire(segment, PRODUCER_POSITION_OFFSET); // pairs with RingProducer.commit's or publish's setRelease
            if (committed == position) return 0;
            checkCommitted(position, committed);
            loaded = true;
        } else {
            // Records left from a limited poll: the same proof with a checked load of the read-only header line.
            checkAlive();
        }
        int count = 0;
        try {
            while (count < limit) {
                if (position == committed) {
                    // A limited earlier poll left this batch's cache; see what was committed since, once.
                    if (loaded) break;
                    committed = RawAddress.getLongAcquire(producerPositionAddress); // pairs with RingProducer.commit's or publish's setRelease
                    loaded = true;
                    if (position == committed) break;
                    checkCommitted(position, committed);
                }
                int index = (int) position & mask;
                long recordOffset = DATA_OFFSET + index;
                // Plain loads: the acquire of the producer position made them visible. Raw:
                // index < capacity, so the 8-byte header lies inside the data region.
                long header = RawAddress.getLong(dataAddress + index);
                int length = RingBufferDescriptor.headerLength(header);
                int type = RingBufferDescriptor.headerType(header);
                // Unsigned: a negative length is as wrong as one running past the end of the region.
                if (Integer.compareUnsigned(length, capacity - index - RECORD_HEADER_LENGTH) > 0
                        || RingBufferDescriptor.recordLength(length) > committed - position) {
                    throw new RingCorruptedException(position, length, type, committed);
                }
                position += RingBufferDescriptor.recordLength(length);
                if (type != PADDING_TYPE) {
                    count++;
                    handler.onRecord(type, segment, recordOffset + RECORD_HEADER_LENGTH, length);
                }
            }
        } finally {
            producerPositionCache = committed;
            if (position != this.position) {
                this.position = position;
                RawAddress.setLongRelease(consumerPositionAddress, position); // pairs with RingProducer.claim's getAcquire
            }
        }
        return count;
    }

    /** A checked access whose only purpose is its checks: it throws when the arena is closed or not this thread's. */
    private void checkAlive() {
        segment.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
    }

    /** A producer position behind us, more than the capacity ahead or unaligned was not written by a producer. */
    private void checkCommitted(long position, long committed) {
        long available = committed - position;
        if (available < 0 || available > capacity || (committed & (RingBufferDescriptor.RECORD_ALIGNMENT - 1)) != 0) {
            throw new RingCorruptedException(position, committed, capacity);
        }
    }

    /**
     * True when no committed record is waiting (reads the producer's line: not for the hot path).
     * Opaque suffices: a following {@link #poll} does its own acquire before reading any record.
     */
    public boolean isEmpty() {
        return position == (long) LONG.getOpaque(segment, PRODUCER_POSITION_OFFSET); // opaque: snapshot of RingProducer.commit's or publish's setRelease
    }

    /** The consumer position after the last batch. */
    public long position() {
        return position;
    }

    /** The ring segment that record offsets point into. */
    public MemorySegment buffer() {
        return segment;
    }

    /** Bytes in the data region. */
    public int capacity() {
        return capacity;
    }
}

/** 128 bytes in front of the consumer's fields, so no other object's hot line shares theirs. */
abstract class RingConsumerPad {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The consumer's state: written only by the consumer thread, padded on both sides. */
abstract class RingConsumerFields extends RingConsumerPad {
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    final MemorySegment segment;
    /** Absolute address of the data region: the segment is native and its address fixed while its arena lives. */
    final long dataAddress;
    /** Absolute addresses of the two positions, for poll's raw acquire and release. */
    final long producerPositionAddress;
    final long consumerPositionAddress;
    final int capacity;
    final int mask;

    /** Consumer position as this side knows it (the segment holds the same value after each batch). */
    long position;
    /** Last producer position read from the segment: everything below it is committed. */
    long producerPositionCache;

    RingConsumerFields(MemorySegment segment, int capacity) {
        this.segment = segment;
        long base = RawAddress.base(segment);
        this.dataAddress = base + DATA_OFFSET;
        this.producerPositionAddress = base + PRODUCER_POSITION_OFFSET;
        this.consumerPositionAddress = base + CONSUMER_POSITION_OFFSET;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.position = (long) LONG.getAcquire(segment, CONSUMER_POSITION_OFFSET); // pairs with a previous consumer's poll (restart)
        this.producerPositionCache = this.position;
    }
}
