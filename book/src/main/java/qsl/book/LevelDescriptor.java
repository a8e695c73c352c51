package qsl.book;

/**
 * Layout of one price level record ({@link PriceLevels}): 32 bytes, two to a cache line. Records
 * come from a {@link qsl.offheap.SlotPool}; a level keeps its record while it holds orders. While a
 * record is free its first four bytes hold the pool's link.
 *
 * All fields little-endian.
 *
 * <pre>
 *   0                               8                               16
 *   +-------------------------------+-------------------------------+
 *   |           price (i64)         |       totalQuantity (i64)     |
 *   +---------------+---------------+---------------+---------------+ 16
 *   |  head (i32)   |  tail (i32)   |  count (i32)  |   (unused)    |
 *   +---------------+---------------+---------------+---------------+ 32
 *   head/tail: first and last order slot of the FIFO (-1 = none)
 *   tail+count: adjacent, read and written as one i64 when an order joins the back
 *   count 0:   the level is empty (a fresh record: head and total are then stale)
 * </pre>
 */
final class LevelDescriptor {
    static final int PRICE_OFFSET = 0;
    static final int TOTAL_OFFSET = 8;
    static final int HEAD_OFFSET = 16;
    static final int TAIL_OFFSET = 20;
    static final int COUNT_OFFSET = 24;
    static final int LENGTH = 32;

    private LevelDescriptor() {}
}
