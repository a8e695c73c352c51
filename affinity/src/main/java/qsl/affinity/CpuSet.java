package qsl.affinity;

import java.lang.foreign.MemorySegment;

/** An immutable set of CPU ids (the kernel's {@code cpu_set_t} as a value); see {@link IdSet}. */
public final class CpuSet extends IdSet<CpuSet> {
    private static final CpuSet EMPTY = new CpuSet(IdBits.EMPTY);

    private CpuSet(long[] words) {
        super(words);
    }

    @Override
    CpuSet wrap(long[] words) {
        return new CpuSet(words);
    }

    public static CpuSet empty() {
        return EMPTY;
    }

    public static CpuSet of(int... ids) {
        return new CpuSet(IdBits.of(ids));
    }

    /** Every id from {@code from} to {@code to}, inclusive. */
    public static CpuSet range(int from, int to) {
        return new CpuSet(IdBits.range(from, to));
    }

    /**
     * Parses the kernel's list form ({@code "0-3,8-11"}; empty text is the empty set).
     *
     * @throws IllegalArgumentException naming the text when it is not a list
     */
    public static CpuSet parse(String list) {
        return new CpuSet(IdBits.parse(list));
    }

    /** Reads a native mask ({@code unsigned long} words). */
    public static CpuSet fromMask(MemorySegment mask) {
        return new CpuSet(IdBits.read(mask));
    }
}
