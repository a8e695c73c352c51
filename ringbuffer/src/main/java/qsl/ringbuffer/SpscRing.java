package qsl.ringbuffer;

import static qsl.ringbuffer.RingBufferDescriptor.CAPACITY_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.CONSUMER_POSITION_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.DATA_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION;
import static qsl.ringbuffer.RingBufferDescriptor.LAYOUT_VERSION_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.MAGIC;
import static qsl.ringbuffer.RingBufferDescriptor.MAGIC_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.PRODUCER_POSITION_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.RECORD_ALIGNMENT;
import static qsl.ringbuffer.RingBufferDescriptor.SEGMENT_ALIGNMENT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer ring of variable-length records in one segment (layout in
 * {@link RingBufferDescriptor}). One thread uses {@link #producer()}, one other thread (or
 * process) uses {@link #consumer()}; each side keeps its own position in the segment and a cached
 * copy of the other's, so the shared lines are read only when the cached value says "full" or
 * "empty".
 *
 * <p>In one process, {@link #allocate} gives a formatted ring. Across processes, one side
 * {@link #format}s a shared segment and both {@link #wrap} it (see {@link MappedRing}).
 */
public final class SpscRing {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final int capacity;
    private RingProducer producer;
    private RingConsumer consumer;

    private SpscRing(MemorySegment segment, int capacity) {
        this.segment = segment;
        this.capacity = capacity;
    }

    /** A new, formatted ring of {@code capacity} data bytes allocated in {@code arena}. */
    public static SpscRing allocate(Arena arena, int capacity) {
        RingBufferDescriptor.checkCapacity(capacity);
        MemorySegment segment = arena.allocate(RingBufferDescriptor.segmentLength(capacity), SEGMENT_ALIGNMENT);
        return format(segment, capacity);
    }

    /**
     * Formats {@code segment} as an empty ring of {@code capacity} data bytes (positions zero) and
     * attaches to it. Any previous content is lost; no peer may be using the segment meanwhile.
     *
     * @throws IllegalArgumentException when the capacity is illegal or the segment too small,
     *     misaligned or on the heap
     */
    public static SpscRing format(MemorySegment segment, int capacity) {
        return format(segment, capacity, 0L);
    }

    /**
     * As {@link #format(MemorySegment, int)}, with both positions starting at {@code initialPosition}
     * (a multiple of 8): lets tests run the counters across {@code Long.MAX_VALUE}.
     */
    public static SpscRing format(MemorySegment segment, int capacity, long initialPosition) {
        RingBufferDescriptor.checkCapacity(capacity);
        checkNative(segment);
        if (segment.byteSize() < RingBufferDescriptor.segmentLength(capacity)) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is smaller than the "
                    + RingBufferDescriptor.segmentLength(capacity) + " a ring of capacity " + capacity + " needs");
        }
        if (segment.address() % SEGMENT_ALIGNMENT != 0) {
            throw new IllegalArgumentException("segment address " + segment.address() + " is not aligned to "
                    + SEGMENT_ALIGNMENT);
        }
        if ((initialPosition & (RECORD_ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("initial position " + initialPosition + " is not a multiple of 8");
        }
        // Invalidate first so a peer attaching mid-format sees BAD_MAGIC, not half a header.
        LONG.setRelease(segment, MAGIC_OFFSET, 0L); // pairs with the getAcquire of the magic in wrap
        segment.asSlice(0, DATA_OFFSET).fill((byte) 0);
        segment.set(ValueLayout.JAVA_INT, LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        segment.set(ValueLayout.JAVA_INT, CAPACITY_OFFSET, capacity);
        segment.set(ValueLayout.JAVA_LONG, PRODUCER_POSITION_OFFSET, initialPosition);
        segment.set(ValueLayout.JAVA_LONG, CONSUMER_POSITION_OFFSET, initialPosition);
        // Magic last: its release publishes the header fields above.
        LONG.setRelease(segment, MAGIC_OFFSET, MAGIC); // pairs with the getAcquire of the magic in wrap
        return new SpscRing(segment, capacity);
    }

    /** Attaches to a formatted ring, whatever its capacity. */
    public static SpscRing wrap(MemorySegment segment) throws RingLayoutException {
        return wrap(segment, -1);
    }

    /**
     * Attaches to a segment formatted by {@link #format}; refuses, with a typed reason, one that is
     * too small, misaligned, unformatted, of another layout version, of another capacity than
     * {@code expectedCapacity} (-1: any), or whose positions are inconsistent.
     *
     * @throws IllegalArgumentException when the segment is on the heap
     */
    public static SpscRing wrap(MemorySegment segment, int expectedCapacity) throws RingLayoutException {
        checkNative(segment);
        if (segment.byteSize() < DATA_OFFSET) {
            throw new RingLayoutException(RingLayoutException.Reason.TOO_SMALL,
                    "segment of " + segment.byteSize() + " bytes is shorter than the " + DATA_OFFSET + "-byte ring header");
        }
        if (segment.address() % SEGMENT_ALIGNMENT != 0) {
            throw new RingLayoutException(RingLayoutException.Reason.MISALIGNED,
                    "segment address " + segment.address() + " is not aligned to " + SEGMENT_ALIGNMENT);
        }
        long magic = (long) LONG.getAcquire(segment, MAGIC_OFFSET); // pairs with the setRelease of the magic in format
        if (magic != MAGIC) {
            throw new RingLayoutException(RingLayoutException.Reason.BAD_MAGIC,
                    String.format("magic 0x%016x, expected 0x%016x (\"QSLRING1\")", magic, MAGIC));
        }
        int version = segment.get(ValueLayout.JAVA_INT, LAYOUT_VERSION_OFFSET);
        if (version != LAYOUT_VERSION) {
            throw new RingLayoutException(RingLayoutException.Reason.UNSUPPORTED_VERSION,
                    "layout version " + version + ", this code reads version " + LAYOUT_VERSION);
        }
        int capacity = segment.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
        if (!RingBufferDescriptor.isValidCapacity(capacity)) {
            throw new RingLayoutException(RingLayoutException.Reason.BAD_CAPACITY,
                    "capacity " + capacity + " is not a power of two in [" + RingBufferDescriptor.MIN_CAPACITY + ", "
                            + RingBufferDescriptor.MAX_CAPACITY + "]");
        }
        if (expectedCapacity >= 0 && capacity != expectedCapacity) {
            throw new RingLayoutException(RingLayoutException.Reason.CAPACITY_MISMATCH,
                    "capacity " + capacity + ", expected " + expectedCapacity);
        }
        if (segment.byteSize() < RingBufferDescriptor.segmentLength(capacity)) {
            throw new RingLayoutException(RingLayoutException.Reason.TOO_SMALL, "segment of " + segment.byteSize()
                    + " bytes cannot hold the " + RingBufferDescriptor.segmentLength(capacity) + " its capacity "
                    + capacity + " needs");
        }
        long producerPosition = (long) LONG.getAcquire(segment, PRODUCER_POSITION_OFFSET); // pairs with RingProducer.commit's or publish's setRelease
        long consumerPosition = (long) LONG.getAcquire(segment, CONSUMER_POSITION_OFFSET); // pairs with RingConsumer.poll's setRelease
        long used = producerPosition - consumerPosition;
        if (((producerPosition | consumerPosition) & (RECORD_ALIGNMENT - 1)) != 0 || used < 0 || used > capacity) {
            throw new RingLayoutException(RingLayoutException.Reason.INCONSISTENT_POSITIONS,
                    "producer position " + producerPosition + ", consumer position " + consumerPosition
                            + ", capacity " + capacity);
        }
        return new SpscRing(segment, capacity);
    }

    /**
     * The producer and consumer address the segment raw on their hot paths (ADR 0005), which needs
     * a fixed native address: a heap segment's array may move.
     */
    private static void checkNative(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a ring needs a native segment (arena-allocated or mapped), not a heap segment");
        }
    }

    /** The producer side; the same object on every call. Only one thread may use it. */
    public synchronized RingProducer producer() {
        if (producer == null) producer = new RingProducer(segment, capacity);
        return producer;
    }

    /** The consumer side; the same object on every call. Only one thread may use it. */
    public synchronized RingConsumer consumer() {
        if (consumer == null) consumer = new RingConsumer(segment, capacity);
        return consumer;
    }

    /** The whole ring segment: metadata then data region. */
    public MemorySegment segment() {
        return segment;
    }

    /** Bytes in the data region. */
    public int capacity() {
        return capacity;
    }

    /** Largest payload {@link RingProducer#claim} accepts. */
    public int maxPayloadLength() {
        return RingBufferDescriptor.maxPayloadLength(capacity);
    }

    /**
     * Producer position as last committed, for monitoring: an opaque load (a fresh value, but it
     * orders no later read; the consumer's own poll does the acquire that makes records visible).
     */
    public long producerPosition() {
        return (long) LONG.getOpaque(segment, PRODUCER_POSITION_OFFSET); // opaque: snapshot of RingProducer.commit's or publish's setRelease
    }

    /** Consumer position as last released, for monitoring: an opaque load, like {@link #producerPosition()}. */
    public long consumerPosition() {
        return (long) LONG.getOpaque(segment, CONSUMER_POSITION_OFFSET); // opaque: snapshot of RingConsumer.poll's setRelease
    }

    /** Committed bytes not yet consumed (records, headers and padding); a snapshot that may be stale at once. */
    public long size() {
        long consumerPosition = consumerPosition();
        long producerPosition = producerPosition();
        long used = producerPosition - consumerPosition;
        return Math.max(0, Math.min(used, capacity));
    }
}
