package qsl.wal;

import java.lang.foreign.MemorySegment;

/** Receives each valid record recovery delivers, in sequence order. The payload is valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength);

    /** Verifies without delivering anything. */
    RecordHandler NONE = (sequence, type, segment, payloadOffset, payloadLength) -> { };
}
