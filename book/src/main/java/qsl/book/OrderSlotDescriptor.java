package qsl.book;

/**
 * Layout of one resting order in the engine's order-slot segment ({@link OrderSlots}): 64 bytes,
 * one to a cache line (the pool's segment is 64-byte aligned), so every field of an order, the
 * account included, is on the line the first access brings in. Slots come from a
 * {@link qsl.offheap.SlotPool}; while a slot is free its first four bytes hold the pool's
 * free-list link instead of the id.
 *
 * <p>Why 64 and not 36 bytes: the account does not fit the former 32-byte record, and a 40- or
 * 48-byte stride would make some records straddle two lines, so a cancel's ownership check (or a
 * fill's quantity update) would sometimes touch a second line. The price is twice the memory per
 * order slot; bytes 36 to 63 are free for future per-order state.
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
 *   | account (i32) |              reserved (28 bytes, unused)      |
 *   +---------------+-----------------------------------------------+ 64
 *   prev/next: neighbours in the level's FIFO (slot indexes, -1 = none)
 *   level:     index of the level record the order rests in ({@link LevelDescriptor});
 *              the order's price is the level's price
 *   symSide:   symbol << 1 | side
 *   account:   the account that entered the order; cancel and modify compare it (one load)
 * </pre>
 */
final class OrderSlotDescriptor {
    static final int ORDER_ID_OFFSET = 0;
    static final int QUANTITY_OFFSET = 8;
    static final int PREV_OFFSET = 16;
    static final int NEXT_OFFSET = 20;
    static final int LEVEL_OFFSET = 24;
    static final int SYMBOL_SIDE_OFFSET = 28;
    static final int ACCOUNT_OFFSET = 32;
    static final int LENGTH = 64;

    private OrderSlotDescriptor() {}
}
