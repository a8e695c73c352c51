package qsl.affinity;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * An immutable set of small non-negative ids (CPUs or NUMA nodes), printed and parsed in the
 * kernel's list form ({@code "0-3,8-11"}). Backed by {@code long} words laid out like the
 * kernel's masks ({@code cpu_set_t}, the {@code nodemask} of {@code mbind}), so it converts to
 * and from the native mask a syscall takes without translation. {@link CpuSet} and
 * {@link NodeSet} are its two kinds; they do not mix.
 *
 * @param <S> the concrete kind, so set operations return the same kind
 */
public abstract sealed class IdSet<S extends IdSet<S>> permits CpuSet, NodeSet {
    final long[] words;

    IdSet(long[] words) {
        this.words = words;
    }

    /** A set of this kind over {@code words}. */
    abstract S wrap(long[] words);

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
    public boolean containsAll(S other) {
        return other.minus(wrap(words)).isEmpty();
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

    public S union(S other) {
        return wrap(IdBits.union(words, other.words));
    }

    public S intersect(S other) {
        return wrap(IdBits.intersect(words, other.words));
    }

    public S minus(S other) {
        return wrap(IdBits.minus(words, other.words));
    }

    public S with(int id) {
        return wrap(IdBits.union(words, IdBits.of(id)));
    }

    public S without(int id) {
        return wrap(IdBits.minus(words, IdBits.of(id)));
    }

    /** The kernel list form, e.g. {@code "0-3,8-11"} ({@code ""} when empty). */
    public String toList() {
        return IdBits.format(words);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(words, ((IdSet<?>) o).words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + toList() + "]";
    }
}
