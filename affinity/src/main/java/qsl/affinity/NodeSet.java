package qsl.affinity;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * An immutable set of NUMA node ids, printed and parsed in the kernel's list form ({@code "0-3,8-11"}).
 * Backed by {@code long} words laid out like the kernel's mask (the {@code nodemask} of {@code mbind}), so it converts to and
 * from the native mask a syscall takes without translation.
 */
public final class NodeSet {
    private static final NodeSet EMPTY = new NodeSet(IdBits.EMPTY);

    private final long[] words;

    private NodeSet(long[] words) {
        this.words = words;
    }

    public static NodeSet empty() {
        return EMPTY;
    }

    public static NodeSet of(int... ids) {
        return new NodeSet(IdBits.of(ids));
    }

    /** Every id from {@code from} to {@code to}, inclusive. */
    public static NodeSet range(int from, int to) {
        return new NodeSet(IdBits.range(from, to));
    }

    /**
     * Parses the kernel's list form ({@code "0-3,8-11"}; empty text is the empty set).
     *
     * @throws IllegalArgumentException naming the text when it is not a list
     */
    public static NodeSet parse(String list) {
        return new NodeSet(IdBits.parse(list));
    }

    /** Reads a native mask ({@code unsigned long} words). */
    public static NodeSet fromMask(MemorySegment mask) {
        return new NodeSet(IdBits.read(mask));
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
    public boolean containsAll(NodeSet other) {
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

    public NodeSet union(NodeSet other) {
        return new NodeSet(IdBits.union(words, other.words));
    }

    public NodeSet intersect(NodeSet other) {
        return new NodeSet(IdBits.intersect(words, other.words));
    }

    public NodeSet minus(NodeSet other) {
        return new NodeSet(IdBits.minus(words, other.words));
    }

    public NodeSet with(int id) {
        return union(of(id));
    }

    public NodeSet without(int id) {
        return minus(of(id));
    }

    /** The kernel list form, e.g. {@code "0-3,8-11"} ({@code ""} when empty). */
    public String toList() {
        return IdBits.format(words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeSet other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "NodeSet[" + toList() + "]";
    }
}
