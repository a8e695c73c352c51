package qsl.protocol.itch;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a SYSTEM_EVENT message ({@link SystemEventDescriptor}): wraps a position, holds no data.
 * Wrap only bytes that {@link ItchDecoder#decode} accepted as this type.
 */
public final class SystemEvent {
    private MemorySegment segment;
    private long at;

    public SystemEvent wrap(MemorySegment segment, long at) {
        this.segment = segment;
        this.at = at;
        return this;
    }

    public long engineSeq() { return SystemEventDescriptor.engineSeq(segment, at); }
    public byte eventCode() { return SystemEventDescriptor.eventCode(segment, at); }
    public MemorySegment segment() { return segment; }
    public long offset() { return at; }
}
