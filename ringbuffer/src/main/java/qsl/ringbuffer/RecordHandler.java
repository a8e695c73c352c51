package qsl.ringbuffer;

import java.lang.foreign.MemorySegment;

/**
 * Receives records from {@link RingConsumer#poll}. The payload is {@code length} bytes of
 * {@code buffer} starting at {@code offset}; it is valid only during the call (the producer may
 * overwrite it once the batch ends). Implementations on a hot path should be non-capturing
 * objects so polling allocates nothing.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(int type, MemorySegment buffer, long offset, int length);
}
