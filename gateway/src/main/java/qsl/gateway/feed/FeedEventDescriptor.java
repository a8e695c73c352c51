package qsl.gateway.feed;

/**
 * One engine event on its way from the node's journal thread to the feed thread, as the payload
 * of a record in an SPSC ring ({@link NodeFeed}). Fixed 64 bytes, native byte order (the ring
 * never leaves the process); the record type says which event it is and how the generic fields
 * are used.
 *
 * <pre>
 *   0                               8               12  13  14  15  16
 *   +-------------------------------+---------------+---+---+---+---+
 *   |        seq (i64)              | symbol (i32)  |b1 |b2 |b3 | - |
 *   +-------------------------------+---------------+---+---+---+---+
 *   |        id1 (i64)                                              | 16
 *   |        id2 (i64)                                              | 24
 *   |        a   (i64)                                              | 32
 *   |        b   (i64)                                              | 40
 *   |        c   (i64)                                              | 48
 *   |        d   (i64)                                              | 56
 *   +---------------------------------------------------------------+ 64
 *
 *   ACCEPTED   id1 orderId, b1 side, b2 type, b3 tif, a price, b quantity
 *   TRADE      id1 maker, id2 taker, b1 taker side, a price, b quantity, c maker left, d taker left
 *   CANCELLED  id1 orderId, b1 side, b2 reason, a price, b cancelled quantity
 *   MODIFIED   id1 orderId, b1 side, b2 kept priority (1/0), a new price, b new quantity
 *   MASS       a account, b cancelled count
 *   END        seq = the command's log sequence
 * </pre>
 */
public final class FeedEventDescriptor {
    public static final int ACCEPTED = 1;
    public static final int TRADE = 2;
    public static final int CANCELLED = 3;
    public static final int MODIFIED = 4;
    public static final int MASS = 5;
    public static final int END = 6;

    public static final int SEQ_OFFSET = 0;
    public static final int SYMBOL_OFFSET = 8;
    public static final int B1_OFFSET = 12;
    public static final int B2_OFFSET = 13;
    public static final int B3_OFFSET = 14;
    public static final int ID1_OFFSET = 16;
    public static final int ID2_OFFSET = 24;
    public static final int A_OFFSET = 32;
    public static final int B_OFFSET = 40;
    public static final int C_OFFSET = 48;
    public static final int D_OFFSET = 56;
    public static final int LENGTH = 64;

    private FeedEventDescriptor() {}
}
