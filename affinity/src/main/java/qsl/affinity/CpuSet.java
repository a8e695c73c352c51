package qsl.affinity;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * An immutable set of CPU ids, printed and parsed in the kernel's list form ({@code "0-3,8-11"}).
 * Backed by {@code long} words laid out like the kernel's mask ({@code cpu_set_t}), so it converts to and
 * from the native mask a syscall takes without translation.
 */
public final class CpuSet {
    private static final CpuSet EMPTY = new CpuSet(IdBits.EMPTY);

    private final long[] words;

    private CpuSet(long[] words) {
        this.words = words;
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

    /** Writes this set into a native mask, zeroing the rest of it. */
    public void writeMask(MemorySegment mask) {
        IdBits.write(words, mask);
    }

    /** Bytes a native mask needs to hold this set (a multiple of 8; at least 8). */
    public long maskBytes() {
        return IdBits.maskBytesFor(Math.max(0, max()));
    }

    public boolean contains(int id) {
        return IdBits.contains(words, id);
    }

    /** True when every id of {@code other} is in this set. */
    public boolean containsAll(CpuSet other) {
        return other.minus(this).isEmpty();
    }

    public int size() {
        return IdBits.count(words);
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    /** The lowest id, or -1 when empty. */
    public int first() {
        return IdBits.next(words, 0);
    }

    /** The lowest id at or above {@code from}, or -1. */
    public int next(int from) {
        return IdBits.next(words, from);
    }

    /** The highest id, or -1 when empty. */
    public int max() {
        return IdBits.max(words);
    }

    public int[] toArray() {
        return IdBits.toArray(words);
    }

    public CpuSet union(CpuSet other) {
        return new CpuSet(IdBits.union(words, other.words));
    }

    public CpuSet intersect(CpuSet other) {
        return new CpuSet(IdBits.intersect(words, other.words));
    }

    public CpuSet minus(CpuSet other) {
        return new CpuSet(IdBits.minus(words, other.words));
    }

    public CpuSet with(int id) {
        return union(of(id));
    }

    public CpuSet without(int id) {
        return minus(of(id));
    }

    /** The kernel list form, e.g. {@code "0-3,8-11"} ({@code ""} when empty). */
    public String toList() {
        return IdBits.format(words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "CpuSet[" + toList() + "]";
    }
}
