package qsl.book;

import java.lang.foreign.Arena;
import qsl.offheap.SlotPool;

import static qsl.book.OrderSlotDescriptor.*;

/**
 * Every resting order of the engine, one fixed record per slot ({@link OrderSlotDescriptor}),
 * addressed by slot index. A flyweight over the pool's segment: it holds no order data itself.
 */
final class OrderSlots {
    static final int NONE = -1;

    final SlotPool pool;
    /** Address of slot 0 (the pool's segment is 64-byte aligned); accessed through {@link RawMemory}. */
    private final long base;

    OrderSlots(Arena arena, int maxOrders) {
        this.pool = SlotPool.allocate(arena, maxOrders, LENGTH);
        this.base = pool.segment().address();
    }

    private long at(int slot) {
        return base + (long) slot * LENGTH;
    }

    /** Address of slot {@code s}'s next link; any int may be passed (only the store's target must be real). */
    long nextAddress(int s) { return at(s) + NEXT_OFFSET; }
    /** Address of slot {@code s}'s prev link; any int may be passed (only the store's target must be real). */
    long prevAddress(int s) { return at(s) + PREV_OFFSET; }

    long orderId(int s) { return RawMemory.getLong(at(s) + ORDER_ID_OFFSET); }
    long quantity(int s) { return RawMemory.getLong(at(s) + QUANTITY_OFFSET); }
    int next(int s) { return RawMemory.getInt(at(s) + NEXT_OFFSET); }
    /** {@code symbol << 1 | side}. */
    int symbolSide(int s) { return RawMemory.getInt(at(s) + SYMBOL_SIDE_OFFSET); }

    /** The account that entered the order: on the same cache line as every other field. */
    int account(int s) { return RawMemory.getInt(at(s) + ACCOUNT_OFFSET); }

    void setQuantity(int s, long v) { RawMemory.putLong(at(s) + QUANTITY_OFFSET, v); }
    void setPrev(int s, int v) { RawMemory.putInt(at(s) + PREV_OFFSET, v); }

    /** Both FIFO links in one store (prev and next are adjacent i32s). */
    void link(int s, int prev, int next) {
        RawMemory.putLong(at(s) + PREV_OFFSET, (prev & 0xFFFF_FFFFL) | ((long) next << 32));
    }

    /** Both FIFO links in one load: prev in the low half, next in the high half. */
    long links(int s) { return RawMemory.getLong(at(s) + PREV_OFFSET); }

    /** Fills a freshly allocated slot (the links are set when it joins a level). */
    void init(int s, long orderId, int account, int symbol, byte side, long quantity) {
        long a = at(s);
        RawMemory.putLong(a + ORDER_ID_OFFSET, orderId);
        RawMemory.putLong(a + QUANTITY_OFFSET, quantity);
        RawMemory.putInt(a + SYMBOL_SIDE_OFFSET, symbol << 1 | side);
        RawMemory.putInt(a + ACCOUNT_OFFSET, account);
    }
}
