package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a END_OF_SNAPSHOT message ({@link EndOfSnapshotDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class EndOfSnapshot {
    private MemorySegment segment;
    private long at;

    public EndOfSnapshot wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return EndOfSnapshotDescriptor.engineSeq(segment, at); }
    public long feedSequence() { return EndOfSnapshotDescriptor.feedSequence(segment, at); }
    /** Offset in {@link #segment()} of the ASCII session. */
    public long sessionAt() { return EndOfSnapshotDescriptor.sessionAt(at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
