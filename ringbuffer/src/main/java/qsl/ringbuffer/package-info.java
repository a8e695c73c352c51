/**
 * Single-producer single-consumer ring of variable-length records in one {@link java.lang.foreign.MemorySegment}.
 *
 * <p>{@link qsl.ringbuffer.SpscRing} formats or attaches to a segment laid out as
 * {@link qsl.ringbuffer.RingBufferDescriptor} describes; the producer side ({@link qsl.ringbuffer.RingProducer})
 * claims a region, writes into the segment and commits; the consumer side
 * ({@link qsl.ringbuffer.RingConsumer}) hands batches of records to a {@link qsl.ringbuffer.RecordHandler}.
 * {@link qsl.ringbuffer.MappedRing} puts the same ring in a memory-mapped file for two processes.
 * Nothing in the ring blocks: the {@link qsl.ringbuffer.IdleStrategy} implementations are for callers that wait.
 */
package qsl.ringbuffer;
