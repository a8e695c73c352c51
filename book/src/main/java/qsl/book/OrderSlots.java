package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import qsl.offheap.SlotPool;

import static qsl.book.OrderSlotDescriptor.*;

/**
 * Every resting order of the engine, one fixed record per slot ({@link OrderSlotDescriptor}),
 * addressed by slot index. A flyweight over the pool's segment: it holds no order data itself.
 */
final class OrderSlots {
    static final int NONE = -1;

    // Little-endian by definition (the native order on x86-64 and AArch64, so no swap): the
    // packed two-i32 stores below rely on the first i32 being the low half of the i64.
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final SlotPool pool;
    private final MemorySegment seg;

    OrderSlots(Arena arena, int maxOrders) {
        this.pool = SlotPool.allocate(arena, maxOrders, LENGTH);
        this.seg = pool.segment();
    }

    private static long at(int slot) {
        return (long) slot * LENGTH;
    }

    long orderId(int s) { return seg.get(I64, at(s) + ORDER_ID_OFFSET); }
    long quantity(int s) { return seg.get(I64, at(s) + QUANTITY_OFFSET); }
    int prev(int s) { return seg.get(I32, at(s) + PREV_OFFSET); }
    int next(int s) { return seg.get(I32, at(s) + NEXT_OFFSET); }
    int level(int s) { return seg.get(I32, at(s) + LEVEL_OFFSET); }
    /** Level (low half) and {@code symbol << 1 | side} (high half) in one load. */
    long levelAndSymbolSide(int s) { return seg.get(I64, at(s) + LEVEL_OFFSET); }

    /** {@code symbol << 1 | side}: one load answers "is it on this symbol" and "which side". */
    int symbolSide(int s) { return seg.get(I32, at(s) + SYMBOL_SIDE_OFFSET); }

    void setQuantity(int s, long v) { seg.set(I64, at(s) + QUANTITY_OFFSET, v); }
    void setPrev(int s, int v) { seg.set(I32, at(s) + PREV_OFFSET, v); }
    void setNext(int s, int v) { seg.set(I32, at(s) + NEXT_OFFSET, v); }
    void setLevel(int s, int v) { seg.set(I32, at(s) + LEVEL_OFFSET, v); }

    /** Both FIFO links and the level in two stores (prev and next are adjacent i32s). */
    void link(int s, int prev, int next, int level) {
        long a = at(s);
        seg.set(I64, a + PREV_OFFSET, (prev & 0xFFFF_FFFFL) | ((long) next << 32));
        seg.set(I32, a + LEVEL_OFFSET, level);
    }

    /** Both FIFO links in one load: prev in the low half, next in the high half. */
    long links(int s) { return seg.get(I64, at(s) + PREV_OFFSET); }

    /** Fills a freshly allocated slot (links and level are set when it joins a level). */
    void init(int s, long orderId, int symbol, byte side, long quantity) {
        long a = at(s);
        seg.set(I64, a + ORDER_ID_OFFSET, orderId);
        seg.set(I64, a + QUANTITY_OFFSET, quantity);
        seg.set(I32, a + SYMBOL_SIDE_OFFSET, symbol << 1 | side);
    }
}
