package qsl.book;

/**
 * Layout of one resting order in the engine's order-slot segment ({@link OrderSlots}): 32 bytes,
 * two to a cache line (the pool's segment is 64-byte aligned, so no record straddles two lines).
 * Slots come from a {@link qsl.offheap.SlotPool}; while a slot is free its first four bytes hold
 * the pool's free-list link instead of the id.
 *
 * <p>The order's level is not here: the engine's id map holds it next to the slot index (see
 * {@code MatchingEngine.idEntry}), so a cancel loads this record and the level record at the same
 * time, and walks reach orders from their level. That leaves room for the account in 32 bytes:
 * half the memory (and cache footprint) of a 64-byte record on a large book.
 *
 * All fields little-endian.
 *
 * <pre>
 *   0                               8                               16
 *   +-------------------------------+-------------------------------+
 *   |          orderId (i64)        |      openQuantity (i64)       |
 *   +---------------+---------------+---------------+---------------+ 16
 *   |  prev (i32)   |  next (i32)   | symSide (i32) | account (i32) |
 *   +---------------+---------------+---------------+---------------+ 32
 *   prev/next: neighbours in the level's FIFO (slot indexes, -1 = none)
 *   symSide:   symbol << 1 | side
 *   account:   the account that entered the order; cancel and modify compare it
 * </pre>
 */
final class OrderSlotDescriptor {
    static final int ORDER_ID_OFFSET = 0;
    static final int QUANTITY_OFFSET = 8;
    static final int PREV_OFFSET = 16;
    static final int NEXT_OFFSET = 20;
    static final int SYMBOL_SIDE_OFFSET = 24;
    static final int ACCOUNT_OFFSET = 28;
    static final int LENGTH = 32;

    private OrderSlotDescriptor() {}
}
