package qsl.book;

/**
 * Layout of the overflow chain links ({@link PriceLevels}): one 8-byte record per overflow level
 * record, at the same pool index, holding its neighbours in its price-sorted chain (a side has
 * one chain for prices better than its band window and one for worse prices). Kept
 * apart from the level records so that band levels, the hot ones, stay 32 bytes.
 *
 * All fields little-endian.
 *
 * <pre>
 *   0               4               8
 *   +---------------+---------------+
 *   |  prev (i32)   |  next (i32)   |
 *   +---------------+---------------+
 *   prev: the neighbour nearer to the band window, next: the one farther away
 *   (level indexes, -1 = none)
 * </pre>
 */
final class OverflowLinkDescriptor {
    static final int PREV_OFFSET = 0;
    static final int NEXT_OFFSET = 4;
    static final int LENGTH = 8;

    private OverflowLinkDescriptor() {}
}
