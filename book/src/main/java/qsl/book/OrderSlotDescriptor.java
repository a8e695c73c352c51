package qsl.book;

/**
 * Layout of one resting order in the engine's order-slot segment ({@link OrderSlots}): 32 bytes,
 * two to a cache line, never straddling one. Slots come from a {@link qsl.offheap.SlotPool};
 * while a slot is free its first four bytes hold the pool's free-list link instead of the id.
 *
 * All fields little-endian.
 *
 * <pre>
 *   0                               8                               16
 *   +-------------------------------+-------------------------------+
 *   |          orderId (i64)        |      openQuantity (i64)       |
 *   +---------------+---------------+---------------+---------------+ 16
 *   |  prev (i32)   |  next (i32)   |  level (i32)  | symSide (i32) |
 *   +---------------+---------------+---------------+---------------+ 32
 *   prev/next: neighbours in the level's FIFO (slot indexes, -1 = none)
 *   level:     index of the level record the order rests in ({@link LevelDescriptor});
 *              the order's price is the level's price
 *   symSide:   symbol << 1 | side
 * </pre>
 */
final class OrderSlotDescriptor {
    static final int ORDER_ID_OFFSET = 0;
    static final int QUANTITY_OFFSET = 8;
    static final int PREV_OFFSET = 16;
    static final int NEXT_OFFSET = 20;
    static final int LEVEL_OFFSET = 24;
    static final int SYMBOL_SIDE_OFFSET = 28;
    static final int LENGTH = 32;

    private OrderSlotDescriptor() {}
}
