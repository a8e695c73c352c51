package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a SYMBOL_DIRECTORY message ({@link SymbolDirectoryDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class SymbolDirectory {
    private MemorySegment segment;
    private long at;

    public SymbolDirectory wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return SymbolDirectoryDescriptor.engineSeq(segment, at); }
    public int symbol() { return SymbolDirectoryDescriptor.symbol(segment, at); }
    /** Offset in {@link #segment()} of the ASCII name. */
    public long nameAt() { return SymbolDirectoryDescriptor.nameAt(at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
