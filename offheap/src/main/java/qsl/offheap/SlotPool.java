package qsl.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A fixed number of fixed-size slots in one {@link MemorySegment}, handed out by index. The
 * free list is threaded through the free slots themselves (see {@link SlotPoolDescriptor});
 * exhaustion is the typed result {@link #NO_SLOT}, never a fallback to the heap and never an
 * exception. Freed slots are reused last-in first-out, so a hot slot stays in cache.
 *
 * <p>Memory: the pool does not own its segment. {@link #allocate(Arena, int, int)} carves it from
 * the caller's arena, which the caller closes; {@link #over(MemorySegment, int)} manages a region
 * the caller already holds. Not thread-safe: one owning thread (the engine thread) uses a pool.
 * Freeing a slot that is not in use corrupts the list; callers free each slot they own once.
 */
public final class SlotPool {
    /** No slot: the pool is exhausted (from {@link #allocate()}), or the end of the free list. */
    public static final int NO_SLOT = -1;

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT_UNALIGNED;

    private final MemorySegment segment;
    /** The segment's address when it is native (its free links are then accessed through {@link RawAddress}); else 0. */
    private final long base;
    private final boolean raw;
    private final MemorySegment.Scope scope;
    private final int slotBytes;
    private final int capacity;
    private int freeHead = NO_SLOT;
    private int highWater;
    private int used;

    private SlotPool(MemorySegment segment, int slotBytes) {
        if (slotBytes < SlotPoolDescriptor.MIN_SLOT_BYTES || slotBytes % SlotPoolDescriptor.SLOT_ALIGNMENT != 0)
            throw new IllegalArgumentException("slotBytes must be a positive multiple of 4: " + slotBytes);
        long slots = segment.byteSize() / slotBytes;
        if (slots > Integer.MAX_VALUE - 1)
            throw new IllegalArgumentException("too many slots: " + slots);
        this.segment = segment;
        this.raw = segment.isNative();
        this.base = raw ? segment.address() : 0;
        this.scope = segment.scope();
        this.slotBytes = slotBytes;
        this.capacity = (int) slots;
    }

    /**
     * A pool of {@code slots} slots of {@code slotBytes} each, allocated (zeroed) for {@code arena}
     * and aligned to a 64-byte cache line, so slots of 32 or 64 bytes never straddle one; a pool of
     * megabytes is on huge pages where the OS offers them ({@link HugePageMemory}).
     */
    public static SlotPool allocate(Arena arena, int slots, int slotBytes) {
        if (slots < 0) throw new IllegalArgumentException("slots < 0: " + slots);
        return new SlotPool(HugePageMemory.allocate(arena, Math.multiplyExact((long) slots, slotBytes)), slotBytes);
    }

    /** A pool over an existing region: as many whole slots as fit in {@code region}. */
    public static SlotPool over(MemorySegment region, int slotBytes) {
        return new SlotPool(region, slotBytes);
    }

    /** A free slot's index, or {@link #NO_SLOT} when every slot is in use. The slot keeps stale bytes. */
    public int allocate() {
        int slot = freeHead;
        if (slot != NO_SLOT) {
            freeHead = link(slot);
        } else if (highWater < capacity) {
            slot = highWater++;
        } else {
            return NO_SLOT;
        }
        used++;
        return slot;
    }

    /** Returns {@code slot} (in use, from {@link #allocate()}) to the pool. */
    public void free(int slot) {
        long at = SlotPoolDescriptor.offset(java.util.Objects.checkIndex(slot, highWater), slotBytes) + SlotPoolDescriptor.NEXT_FREE_OFFSET;
        if (raw) {
            alive();
            RawAddress.putInt(base + at, freeHead);
        } else {
            segment.set(LINK, at, freeHead);
        }
        freeHead = slot;
        used--;
    }

    /** The free-list link of free slot {@code slot} (below the high-water mark, so inside the segment). */
    private int link(int slot) {
        long at = SlotPoolDescriptor.offset(slot, slotBytes) + SlotPoolDescriptor.NEXT_FREE_OFFSET;
        if (!raw) return segment.get(LINK, at);
        alive();
        return RawAddress.getInt(base + at);
    }

    /** Fails as a checked access would once the segment's arena is closed: native links are accessed raw. */
    private void alive() {
        if (!scope.isAlive()) throw new IllegalStateException("Already closed");
    }

    /** Frees every slot at once (the bytes stay; the list restarts from slot 0). */
    public void clear() {
        freeHead = NO_SLOT;
        highWater = 0;
        used = 0;
    }

    /** Byte offset of {@code slot} in {@link #segment()}. */
    public long offset(int slot) {
        return SlotPoolDescriptor.offset(slot, slotBytes);
    }

    public MemorySegment segment() {
        return segment;
    }

    public int slotBytes() {
        return slotBytes;
    }

    public int capacity() {
        return capacity;
    }

    /** Slots in use. */
    public int used() {
        return used;
    }

    public boolean isFull() {
        return used == capacity;
    }
}
