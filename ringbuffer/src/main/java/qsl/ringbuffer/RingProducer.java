package qsl.ringbuffer;

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
 * The producer side of an {@link SpscRing}: one thread only. Zero-copy use:
 *
 * <pre>{@code
 * long at = producer.claim(type, length);
 * if (at >= 0) {
 *     producer.buffer().set(ValueLayout.JAVA_LONG, at, value);   // write the payload in place
 *     producer.commit(at);                                       // publish it
 * } else if (at == RingProducer.FULL) { ... back off, retry ... }
 * }</pre>
 *
 * <p>A claim writes the record header (and a padding record at wrap-around) with plain stores;
 * nothing is visible to the consumer until {@link #commit}, whose release store of the producer
 * position publishes header and payload together. Every operation is wait-free: a full ring
 * returns {@link #FULL} at once.
 *
 * <p>Batched publication: {@link #commitDeferred} completes a record without the release store,
 * {@link #publish()} makes every deferred record visible with one. The consumer then moves the
 * producer-position line once per batch instead of once per record:
 *
 * <pre>{@code
 * for (...) {
 *     long at = producer.claim(type, length);
 *     if (at < 0) { producer.publish(); ... back off, retry ... }   // never wait on deferred records
 *     ... write the payload ...
 *     producer.commitDeferred(at);
 * }
 * producer.publish();                                                 // the caller's flush
 * }</pre>
 */
public final class RingProducer extends RingProducerFields {
    /** 128 bytes after the producer's fields (see {@link RingProducerPad}). */
    long p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;

    /** {@link #claim} result: not enough free space now (the consumer is behind); retry later. */
    public static final long FULL = -1;
    /** {@link #claim} result: the length is negative or above {@link SpscRing#maxPayloadLength()}; never fits. */
    public static final long TOO_LARGE = -2;
    /** {@link #claim} result: the type is negative (negative types are reserved, see {@link RingBufferDescriptor#PADDING_TYPE}). */
    public static final long INVALID_TYPE = -3;

    RingProducer(MemorySegment segment, int capacity) {
        super(segment, capacity);
    }

    /**
     * Claims room for a record of {@code type} with {@code length} payload bytes.
     *
     * @return the segment offset where the payload goes ({@code >= 0}: write {@code length} bytes
     *     there in {@link #buffer()}, then {@link #commit}), or {@link #FULL}, {@link #TOO_LARGE} or
     *     {@link #INVALID_TYPE}. A new claim replaces an uncommitted one.
     */
    public long claim(int type, int length) {
        if (Integer.compareUnsigned(length, maxPayloadLength) > 0) return TOO_LARGE;
        if (type < 0) return INVALID_TYPE;
        int recordLength = RingBufferDescriptor.recordLength(length);
        long position = this.position;
        int index = (int) position & mask;
        int toEnd = capacity - index;
        int required = recordLength > toEnd ? toEnd + recordLength : recordLength;
        if (position + required - consumerPositionCache > capacity) {
            // Only now read the consumer's line: the cached value says there may be no room.
            // Checked (through the segment): this claim's first memory access.
            consumerPositionCache = (long) LONG.getAcquire(segment, CONSUMER_POSITION_OFFSET); // pairs with RingConsumer.poll's setRelease
            if (position + required - consumerPositionCache > capacity) return FULL;
        }
        long recordOffset = recordLength > toEnd ? DATA_OFFSET : DATA_OFFSET + index;
        // One plain 8-byte store of length and type, the release in commit or publish publishes it.
        // Checked: it proves the arena alive (and, if confined, owned by this thread) once per
        // claim, before the raw padding store below and the raw release store in commit.
        segment.set(ValueLayout.JAVA_LONG, recordOffset, RingBufferDescriptor.header(length, type));
        if (recordLength > toEnd) {
            // Raw: index + toEnd is the end of the data region, proved in bounds by the arithmetic.
            RawAddress.putLong(dataAddress + index, RingBufferDescriptor.header(toEnd - RECORD_HEADER_LENGTH, PADDING_TYPE));
        }
        claimedEnd = position + required;
        claimedOffset = recordOffset + RECORD_HEADER_LENGTH;
        return claimedOffset;
    }

    /**
     * Publishes the record claimed at {@code offset}: one release store of the producer position.
     *
     * @throws IllegalStateException when {@code offset} is not the current claim (a bug in the caller)
     */
    public void commit(long offset) {
        if (offset != claimedOffset || offset < 0) throw notClaimed(offset);
        long end = claimedEnd;
        claimedOffset = NO_CLAIM;
        position = end;
        publishedPosition = end;
        // Also publishes every record deferred before this one: they all lie below end.
        // Raw: the claim that this commit completes made the checked access.
        RawAddress.setLongRelease(producerPositionAddress, end); // pairs with RingConsumer.poll's getAcquire
    }

    /**
     * Completes the record claimed at {@code offset} without publishing it: the next {@link #claim}
     * goes after it (its space counts as used), but the consumer cannot see it, nor any record
     * deferred before it, until {@link #publish()} or a later {@link #commit}. Deferring a run of
     * records and publishing once costs the consumer one transfer of the producer-position line
     * per run instead of one per record; the price is the latency of the run's first record.
     *
     * <p>The caller must publish: deferred records that are never published stall the consumer,
     * and a ring full of deferred records answers {@link #FULL} until they are published (like a
     * buffered stream that is never flushed). Deferred records are lost if the producer dies.
     *
     * @throws IllegalStateException when {@code offset} is not the current claim (a bug in the caller)
     */
    public void commitDeferred(long offset) {
        if (offset != claimedOffset || offset < 0) throw notClaimed(offset);
        claimedOffset = NO_CLAIM;
        // Plain field only: the segment's producer position is untouched until publish().
        position = claimedEnd;
    }

    /**
     * Makes every deferred record visible with one release store of the producer position; does
     * nothing when none is deferred. An uncommitted claim stays invisible (it lies above the
     * position published).
     */
    public void publish() {
        long end = position;
        if (end != publishedPosition) {
            publishedPosition = end;
            // Header and payload stores of every deferred record happen-before this release.
            // Checked: publish may come long after the last claim (once per batch, so cheap).
            LONG.setRelease(segment, PRODUCER_POSITION_OFFSET, end); // pairs with RingConsumer.poll's getAcquire
        }
    }

    /** Bytes of deferred records (headers and padding included) not yet published; 0 after {@link #publish()}. */
    public long deferredBytes() {
        return position - publishedPosition;
    }

    /** Drops the claim at {@code offset}: nothing was published, the space is claimed again next time. */
    public void abort(long offset) {
        if (offset != claimedOffset || offset < 0) throw notClaimed(offset);
        claimedOffset = NO_CLAIM;
    }

    /**
     * Claims, copies {@code length} bytes of {@code source} from {@code sourceOffset} and commits.
     *
     * @return the payload offset ({@code >= 0}) or the {@link #claim} failure
     */
    public long offer(int type, MemorySegment source, long sourceOffset, int length) {
        long at = claim(type, length);
        if (at >= 0) {
            MemorySegment.copy(source, sourceOffset, segment, at, length);
            commit(at);
        }
        return at;
    }

    /** The ring segment claimed offsets point into. */
    public MemorySegment buffer() {
        return segment;
    }

    /** Bytes in the data region. */
    public int capacity() {
        return capacity;
    }

    /** Largest payload {@link #claim} accepts. */
    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    /**
     * The producer position after the last commit or {@link #commitDeferred}: where the next claim
     * goes. Equals {@link #publishedPosition()} unless records are deferred.
     */
    public long position() {
        return position;
    }

    /** The producer position last stored in the segment (by {@link #commit} or {@link #publish()}): what the consumer can see. */
    public long publishedPosition() {
        return publishedPosition;
    }

    /** A readable name for a {@link #claim} failure code. */
    public static String describe(long claimResult) {
        if (claimResult >= 0) return "claimed at " + claimResult;
        if (claimResult == FULL) return "FULL";
        if (claimResult == TOO_LARGE) return "TOO_LARGE";
        if (claimResult == INVALID_TYPE) return "INVALID_TYPE";
        return "unknown claim result " + claimResult;
    }

    private IllegalStateException notClaimed(long offset) {
        return new IllegalStateException("offset " + offset + " is not the current claim ("
                + (claimedOffset == NO_CLAIM ? "none" : String.valueOf(claimedOffset)) + ")");
    }
}

/** 128 bytes in front of the producer's fields, so no other object's hot line shares theirs. */
abstract class RingProducerPad {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The producer's state: written only by the producer thread, padded on both sides. */
abstract class RingProducerFields extends RingProducerPad {
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final long NO_CLAIM = -1;

    final MemorySegment segment;
    /** Absolute address of the data region: the segment is native and its address fixed while its arena lives. */
    final long dataAddress;
    /** Absolute address of the producer position, for the raw release store in commit. */
    final long producerPositionAddress;
    final int capacity;
    final int mask;
    final int maxPayloadLength;

    /** Producer position as this side knows it, deferred records included: where the next claim goes. */
    long position;
    /** Producer position last release-stored in the segment; {@code position} minus it is the deferred bytes. */
    long publishedPosition;
    /** Last consumer position read from the segment: a lower bound of the real one. */
    long consumerPositionCache;
    /** Segment offset of the claimed payload, or {@link #NO_CLAIM}. */
    long claimedOffset = NO_CLAIM;
    /** Producer position after the claimed record (and any padding before it). */
    long claimedEnd;

    RingProducerFields(MemorySegment segment, int capacity) {
        this.segment = segment;
        long base = RawAddress.base(segment);
        this.dataAddress = base + DATA_OFFSET;
        this.producerPositionAddress = base + PRODUCER_POSITION_OFFSET;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxPayloadLength = RingBufferDescriptor.maxPayloadLength(capacity);
        this.position = (long) LONG.getAcquire(segment, PRODUCER_POSITION_OFFSET); // pairs with a previous producer's commit (restart)
        this.publishedPosition = this.position;
        this.consumerPositionCache = (long) LONG.getAcquire(segment, CONSUMER_POSITION_OFFSET); // pairs with RingConsumer.poll's setRelease
    }
}
