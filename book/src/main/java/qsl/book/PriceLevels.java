package qsl.book;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    private final MemorySegment seg;
    /** Chain links of the overflow records ({@link OverflowLinkDescriptor}), by pool index. */
    private final MemorySegment links;
    /** Addresses of level record 0 and of overflow link 0; accessed through {@link RawMemory}. */
    private final long base;
    private final long linkBase;
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
        this.base = seg.address();
        this.linkBase = links.address();
    }

    private long at(int level) {
        return base + (long) level * LENGTH;
    }

    /** Address of record {@code l} (for stores whose target is chosen without a branch). */
    long address(int l) {
        return at(l);
    }

    boolean isBand(int level) {
        return level < bandRecords;
    }

    long price(int l) { return RawMemory.getLong(at(l) + PRICE_OFFSET); }
    long total(int l) { return RawMemory.getLong(at(l) + TOTAL_OFFSET); }
    int head(int l) { return RawMemory.getInt(at(l) + HEAD_OFFSET); }
    int tail(int l) { return RawMemory.getInt(at(l) + TAIL_OFFSET); }
    int count(int l) { return RawMemory.getInt(at(l) + COUNT_OFFSET); }
    /** Overflow records only: the neighbour nearer to the band window. */
    int prev(int l) { return RawMemory.getInt(link(l) + OverflowLinkDescriptor.PREV_OFFSET); }
    /** Overflow records only: the neighbour farther from the band window. */
    int next(int l) { return RawMemory.getInt(link(l) + OverflowLinkDescriptor.NEXT_OFFSET); }

    void setPrice(int l, long v) { RawMemory.putLong(at(l) + PRICE_OFFSET, v); }
    void setTotal(int l, long v) { RawMemory.putLong(at(l) + TOTAL_OFFSET, v); }
    void setHead(int l, int v) { RawMemory.putInt(at(l) + HEAD_OFFSET, v); }
    void setTail(int l, int v) { RawMemory.putInt(at(l) + TAIL_OFFSET, v); }
    void setCount(int l, int v) { RawMemory.putInt(at(l) + COUNT_OFFSET, v); }
    /** Tail (low half) and count (high half) in one load: they are adjacent i32s. */
    long tailAndCount(int l) { return RawMemory.getLong(at(l) + TAIL_OFFSET); }
    /** Tail and count in one store. */
    void setTailAndCount(int l, int tail, int count) {
        RawMemory.putLong(at(l) + TAIL_OFFSET, (tail & 0xFFFF_FFFFL) | ((long) count << 32));
    }
    /** Count and total of a level that keeps orders (two stores, one address computation). */
    void setCountAndTotal(int l, int count, long total) {
        long a = at(l);
        RawMemory.putInt(a + COUNT_OFFSET, count);
        RawMemory.putLong(a + TOTAL_OFFSET, total);
    }
    void setPrev(int l, int v) { RawMemory.putInt(link(l) + OverflowLinkDescriptor.PREV_OFFSET, v); }
    void setNext(int l, int v) { RawMemory.putInt(link(l) + OverflowLinkDescriptor.NEXT_OFFSET, v); }

    private long link(int l) {
        return linkBase + (long) (l - bandRecords) * OverflowLinkDescriptor.LENGTH;
    }

    /**
     * Claims {@code l} as an empty level at {@code price}. Head, tail and total are written by the
     * first {@link PriceBand#append}, which recognises an empty level by its count of zero.
     */
    void init(int l, long price) {
        long a = at(l);
        RawMemory.putLong(a + PRICE_OFFSET, price);
        RawMemory.putInt(a + COUNT_OFFSET, 0);
    }

    /** Copies price, total and FIFO of {@code from} into {@code to} (chain links untouched). */
    void copy(int from, int to) {
        MemorySegment.copy(seg, (long) from * LENGTH, seg, (long) to * LENGTH, STATE_LENGTH);
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
