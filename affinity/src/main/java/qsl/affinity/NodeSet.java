package qsl.affinity;

import java.lang.foreign.MemorySegment;

/** An immutable set of NUMA node ids (the kernel's {@code nodemask} as a value); see {@link IdSet}. */
public final class NodeSet extends IdSet<NodeSet> {
    private static final NodeSet EMPTY = new NodeSet(IdBits.EMPTY);

    private NodeSet(long[] words) {
        super(words);
    }

    @Override
    NodeSet wrap(long[] words) {
        return new NodeSet(words);
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
}
