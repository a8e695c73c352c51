package qsl.gateway.feed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A bounded off-heap store of feed messages by sequence number ({@link MessageRingDescriptor}):
 * the publisher's retention ring (what re-requests can be answered from) and the client's
 * reorder buffer (messages that arrived ahead of a gap). A message at sequence {@code s} lives in
 * slot {@code s & (capacity - 1)} until a message {@code capacity} sequence numbers later takes
 * the slot. Single-threaded; nothing is allocated after construction.
 */
public final class MessageRing {
    private final MemorySegment slots;
    private final int capacity;
    private final long mask;

    /** @param capacity messages held, a power of two */
    public MessageRing(Arena arena, int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slots = arena.allocate((long) capacity * MessageRingDescriptor.SLOT_BYTES, 64);
        slots.fill((byte) 0);
    }

    public int capacity() { return capacity; }

    /** Stores {@code length} bytes at {@code at} as message {@code sequence} (&gt; 0); false if too long. */
    public boolean put(long sequence, MemorySegment message, long at, int length) {
        if (length > MessageRingDescriptor.MAX_MESSAGE || length < 0) return false;
        long slot = (sequence & mask) * MessageRingDescriptor.SLOT_BYTES;
        slots.set(ValueLayout.JAVA_LONG, slot + MessageRingDescriptor.SEQUENCE_OFFSET, sequence);
        slots.set(ValueLayout.JAVA_SHORT, slot + MessageRingDescriptor.LENGTH_OFFSET, (short) length);
        MemorySegment.copy(message, at, slots, slot + MessageRingDescriptor.DATA_OFFSET, length);
        return true;
    }

    /** Whether message {@code sequence} is held. */
    public boolean contains(long sequence) {
        return sequence > 0 && slots.get(ValueLayout.JAVA_LONG, (sequence & mask) * MessageRingDescriptor.SLOT_BYTES) == sequence;
    }

    /** The segment holding the messages; read a held one at {@link #dataOffset} for {@link #length} bytes. */
    public MemorySegment segment() { return slots; }

    public long dataOffset(long sequence) {
        return (sequence & mask) * MessageRingDescriptor.SLOT_BYTES + MessageRingDescriptor.DATA_OFFSET;
    }

    public int length(long sequence) {
        return slots.get(ValueLayout.JAVA_SHORT, (sequence & mask) * MessageRingDescriptor.SLOT_BYTES + MessageRingDescriptor.LENGTH_OFFSET);
    }

    /** Forgets message {@code sequence} if held. */
    public void remove(long sequence) {
        long slot = (sequence & mask) * MessageRingDescriptor.SLOT_BYTES;
        if (slots.get(ValueLayout.JAVA_LONG, slot) == sequence) slots.set(ValueLayout.JAVA_LONG, slot, 0L);
    }

    /** Forgets everything. */
    public void clear() {
        slots.fill((byte) 0);
    }
}
