package qsl.offheap;

/**
 * Layout of a {@link SlotPool} segment: {@code capacity} fixed-size slots laid end to end, slot
 * {@code i} at byte offset {@code i * slotBytes}. A slot in use belongs entirely to its owner; a
 * free slot that has been used before carries the index of the next free slot in its first
 * four bytes, so the free list costs no memory of its own.
 *
 * <pre>
 *   slot 0          slot 1          slot 2                 slot capacity-1
 *   +---------------+---------------+---------------+ ... +---------------+
 *   | owner's bytes | next free i32 | owner's bytes |     |  never used   |
 *   +---------------+---------------+---------------+ ... +---------------+
 *    in use          free (on list)  in use                above high water
 *
 *   free slot:   0               4                                slotBytes
 *                +---------------+--------------------------------+
 *                | nextFree (i32)|  stale owner bytes (ignored)   |
 *                +---------------+--------------------------------+
 * </pre>
 * Slots above the high-water mark have never been handed out and are not on the list: the
 * pool hands them out in index order once the list is empty, so building a pool touches no
 * memory.
 */
public final class SlotPoolDescriptor {
    /** Offset of the next-free link inside a free slot. */
    public static final int NEXT_FREE_OFFSET = 0;
    /** Smallest slot: room for the link. */
    public static final int MIN_SLOT_BYTES = 4;
    /** Slot sizes are multiples of this, so the link and the owner's fields stay aligned. */
    public static final int SLOT_ALIGNMENT = 4;

    private SlotPoolDescriptor() {}

    /** Byte offset of {@code slot} in the pool segment. */
    public static long offset(int slot, int slotBytes) {
        return (long) slot * slotBytes;
    }
}
