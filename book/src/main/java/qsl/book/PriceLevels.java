package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import qsl.offheap.SlotPool;

import static qsl.book.LevelDescriptor.*;

/**
 * Every price level record of the engine ({@link LevelDescriptor}) in one segment: first the
 * bands, {@code bandLevels} records for each (symbol, side) at index
 * {@code (symbol * 2 + side) * bandLevels + position}, then a pool of overflow records for
 * levels outside their band. A non-empty level holds at least one order, so {@code maxOrders}
 * overflow records always suffice.
 */
final class PriceLevels {
    static final int NONE = -1;

    // Little-endian by definition (the native order on x86-64 and AArch64, so no swap): the
    // packed two-i32 stores below rely on the first i32 being the low half of the i64.
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    /** Chain links of the overflow records ({@link OverflowLinkDescriptor}), by pool index. */
    private final MemorySegment links;
    private final SlotPool overflow;
    /** Index of the first overflow record: everything below is a band record. */
    final int bandRecords;

    PriceLevels(Arena arena, int maxSymbols, int bandLevels, int maxOrders) {
        long bands = (long) maxSymbols * 2 * bandLevels;
        long total = bands + maxOrders;
        if (total >= Integer.MAX_VALUE)
            throw new IllegalArgumentException("maxSymbols * 2 * bandLevels + maxOrders too large: " + total);
        this.bandRecords = (int) bands;
        this.seg = arena.allocate(total * LENGTH, 64);
        this.overflow = SlotPool.over(seg.asSlice(bands * LENGTH, (long) maxOrders * LENGTH), LENGTH);
        this.links = arena.allocate((long) maxOrders * OverflowLinkDescriptor.LENGTH, 64);
    }

    private static long at(int level) {
        return (long) level * LENGTH;
    }

    boolean isBand(int level) {
        return level < bandRecords;
    }

    long price(int l) { return seg.get(I64, at(l) + PRICE_OFFSET); }
    long total(int l) { return seg.get(I64, at(l) + TOTAL_OFFSET); }
    int head(int l) { return seg.get(I32, at(l) + HEAD_OFFSET); }
    int tail(int l) { return seg.get(I32, at(l) + TAIL_OFFSET); }
    int count(int l) { return seg.get(I32, at(l) + COUNT_OFFSET); }
    /** Overflow records only: the neighbour nearer to the band window. */
    int prev(int l) { return links.get(I32, link(l) + OverflowLinkDescriptor.PREV_OFFSET); }
    /** Overflow records only: the neighbour farther from the band window. */
    int next(int l) { return links.get(I32, link(l) + OverflowLinkDescriptor.NEXT_OFFSET); }

    void setPrice(int l, long v) { seg.set(I64, at(l) + PRICE_OFFSET, v); }
    void setTotal(int l, long v) { seg.set(I64, at(l) + TOTAL_OFFSET, v); }
    void setHead(int l, int v) { seg.set(I32, at(l) + HEAD_OFFSET, v); }
    void setTail(int l, int v) { seg.set(I32, at(l) + TAIL_OFFSET, v); }
    void setCount(int l, int v) { seg.set(I32, at(l) + COUNT_OFFSET, v); }
    void setPrev(int l, int v) { links.set(I32, link(l) + OverflowLinkDescriptor.PREV_OFFSET, v); }
    void setNext(int l, int v) { links.set(I32, link(l) + OverflowLinkDescriptor.NEXT_OFFSET, v); }

    private long link(int l) {
        return (long) (l - bandRecords) * OverflowLinkDescriptor.LENGTH;
    }

    /**
     * Claims {@code l} as an empty level at {@code price}. Head, tail and total are written by the
     * first {@link PriceBand#append}, which recognises an empty level by its count of zero.
     */
    void init(int l, long price) {
        long a = at(l);
        seg.set(I64, a + PRICE_OFFSET, price);
        seg.set(I32, a + COUNT_OFFSET, 0);
    }

    /** Makes the empty level {@code l} hold exactly order {@code slot} with {@code quantity}. */
    void first(int l, int slot, long quantity) {
        long a = at(l);
        seg.set(I64, a + TOTAL_OFFSET, quantity);
        // head and tail are adjacent i32s: one store sets both to the slot.
        seg.set(I64, a + HEAD_OFFSET, (slot & 0xFFFF_FFFFL) | ((long) slot << 32));
        seg.set(I32, a + COUNT_OFFSET, 1);
    }

    /** Copies price, total and FIFO of {@code from} into {@code to} (chain links untouched). */
    void copy(int from, int to) {
        MemorySegment.copy(seg, at(from), seg, at(to), STATE_LENGTH);
    }

    /** A fresh overflow record's index; the pool cannot run dry (see the class comment). */
    int allocateOverflow() {
        int slot = overflow.allocate();
        if (slot == SlotPool.NO_SLOT) throw new IllegalStateException("overflow level pool exhausted");
        return bandRecords + slot;
    }

    void freeOverflow(int l) {
        overflow.free(l - bandRecords);
    }
}
