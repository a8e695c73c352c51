package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random single-thread interleavings of claim / commit / deferred commit / publish / abort / poll
 * against a plain model: {@code ArrayDeque}s of byte arrays for content and order (one of records
 * the consumer may see, one of deferred records it must not see yet), and byte counters for free
 * space (record = 8-byte header + payload rounded up to 8; a record that would cross the end of
 * the region is preceded by padding up to the end; deferred records take space like published
 * ones). Every result of the ring must match the model. Tries: {@code -Dqsl.tries=N} (default 1000).
 */
class RingProperties {
    /** One step: kind 0-4 claim+commit, 5 claim+abort, 6-7 claim+commitDeferred, 8 publish, 9-11 poll with a limit. */
    record Op(int kind, int type, int length, int limit) {}

    /** A record in the model: payload, type and the producer position after it. */
    record Rec(byte[] payload, int type, long end) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 24)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(25, 600)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-2, 1 << 20))),
                Arbitraries.integers().between(1, 8)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void ringBehavesLikeAQueueOfByteArrays(@ForAll("ops") List<Op> ops,
                                           @ForAll @IntRange(min = 6, max = 11) int capacityLog2) {
        int capacity = 1 << capacityLog2;
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = SpscRing.allocate(arena, capacity);
            RingProducer producer = ring.producer();
            RingConsumer consumer = ring.consumer();
            ArrayDeque<Rec> visible = new ArrayDeque<>();
            ArrayDeque<Rec> deferred = new ArrayDeque<>();
            long tail = 0;
            long published = 0;
            long head = 0;
            int seed = 0;
            for (Op op : ops) {
                if (op.kind() <= 7) {
                    long expected;
                    long newTail = tail;
                    if (op.length() < 0 || op.length() > capacity / 2 - 8) {
                        expected = RingProducer.TOO_LARGE;
                    } else {
                        int recordLength = (op.length() + 8 + 7) / 8 * 8;
                        long index = tail % capacity;
                        long pad = index + recordLength > capacity ? capacity - index : 0;
                        newTail = tail + pad + recordLength;
                        // Space is counted from the local tail: deferred records occupy it too.
                        expected = newTail - head > capacity ? RingProducer.FULL
                                : RingBufferDescriptor.DATA_OFFSET + (pad > 0 ? 0 : index) + 8;
                    }
                    long at = producer.claim(op.type(), op.length());
                    long tailNow = tail;
                    assertEquals(expected, at, () -> "claim of " + op.length() + " at tail " + tailNow);
                    if (at >= 0) {
                        byte[] payload = new byte[op.length()];
                        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (seed * 7 + i * 13);
                        seed++;
                        MemorySegment.copy(payload, 0, producer.buffer(), ValueLayout.JAVA_BYTE, at, payload.length);
                        if (op.kind() == 5) {
                            producer.abort(at);
                        } else if (op.kind() >= 6) {
                            producer.commitDeferred(at);
                            tail = newTail;
                            deferred.add(new Rec(payload, op.type(), newTail));
                        } else {
                            producer.commit(at);
                            tail = newTail;
                            // commit publishes every record deferred before it as well.
                            visible.addAll(deferred);
                            deferred.clear();
                            visible.add(new Rec(payload, op.type(), newTail));
                            published = tail;
                        }
                    }
                } else if (op.kind() == 8) {
                    producer.publish();
                    visible.addAll(deferred);
                    deferred.clear();
                    published = tail;
                } else {
                    int[] seen = {0};
                    long[] lastEnd = {head};
                    int n = consumer.poll((type, buffer, offset, length) -> {
                        Rec want = visible.poll();
                        assertTrue(want != null, "a record the model has not published was handed over");
                        assertEquals(want.type(), type);
                        assertArrayEquals(want.payload(), buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                        lastEnd[0] = want.end();
                        seen[0]++;
                    }, op.limit());
                    assertEquals(seen[0], n);
                    assertTrue(n <= op.limit());
                    if (n < op.limit()) assertTrue(visible.isEmpty(), "poll stopped early with published records left");
                    head = lastEnd[0];
                    assertEquals(head, consumer.position());
                }
                assertEquals(tail, producer.position());
                assertEquals(published, producer.publishedPosition());
                assertEquals(published, ring.producerPosition(), "the segment holds the published position only");
                assertEquals(tail - published, producer.deferredBytes());
                assertEquals(published - head, ring.size());
            }
            // Drain what is published; deferred records stay invisible until the final publish.
            drain(consumer, visible);
            assertEquals(0, consumer.poll((type, buffer, offset, length) -> {
                throw new AssertionError("deferred record visible before publish");
            }));
            producer.publish();
            visible.addAll(deferred);
            deferred.clear();
            drain(consumer, visible);
            assertTrue(consumer.isEmpty());
            assertEquals(tail, consumer.position());
        }
    }

    private static void drain(RingConsumer consumer, ArrayDeque<Rec> visible) {
        while (!visible.isEmpty()) {
            int before = visible.size();
            consumer.poll((type, buffer, offset, length) -> {
                Rec want = visible.poll();
                assertTrue(want != null, "more records than published");
                assertEquals(want.type(), type);
                assertArrayEquals(want.payload(), buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            });
            assertTrue(visible.size() < before);
        }
    }
}
