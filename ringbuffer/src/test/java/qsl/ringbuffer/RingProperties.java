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
 * Random single-thread interleavings of claim / commit / abort / poll against a plain model: an
 * {@code ArrayDeque} of byte arrays for content and order, and byte counters for free space
 * (record = 8-byte header + payload rounded up to 8; a record that would cross the end of the
 * region is preceded by padding up to the end). Every result of the ring must match the model.
 * Tries: {@code -Dqsl.tries=N} (default 1000).
 */
class RingProperties {
    /** One step: kind 0-5 claim+commit, 6 claim+abort, 7-9 poll with a limit. */
    record Op(int kind, int type, int length, int limit) {}


    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 9),
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
            ArrayDeque<byte[]> payloads = new ArrayDeque<>();
            ArrayDeque<Integer> types = new ArrayDeque<>();
            long tail = 0;
            long head = 0;
            ArrayDeque<Long> ends = new ArrayDeque<>();
            int seed = 0;
            for (Op op : ops) {
                if (op.kind() <= 6) {
                    long expected;
                    int recordLength = 0;
                    long newTail = tail;
                    if (op.length() < 0 || op.length() > capacity / 2 - 8) {
                        expected = RingProducer.TOO_LARGE;
                    } else {
                        recordLength = (op.length() + 8 + 7) / 8 * 8;
                        long index = tail % capacity;
                        long pad = index + recordLength > capacity ? capacity - index : 0;
                        newTail = tail + pad + recordLength;
                        expected = newTail - head > capacity ? RingProducer.FULL
                                : RingBufferDescriptor.DATA_OFFSET + (pad > 0 ? 0 : index) + 8;
                    }
                    long at = producer.claim(op.type(), op.length());
                    assertEquals(expected, at, () -> "claim of " + op.length() + " at tail " + producer.position());
                    if (at < 0) continue;
                    byte[] payload = new byte[op.length()];
                    for (int i = 0; i < payload.length; i++) payload[i] = (byte) (seed * 7 + i * 13);
                    seed++;
                    MemorySegment.copy(payload, 0, producer.buffer(), ValueLayout.JAVA_BYTE, at, payload.length);
                    if (op.kind() == 6) {
                        producer.abort(at);
                        assertEquals(tail, producer.position());
                    } else {
                        producer.commit(at);
                        tail = newTail;
                        payloads.add(payload);
                        types.add(op.type());
                        ends.add(newTail);
                        assertEquals(tail, producer.position());
                    }
                } else {
                    int[] seen = {0};
                    long[] lastEnd = {head};
                    int n = consumer.poll((type, buffer, offset, length) -> {
                        byte[] want = payloads.poll();
                        assertEquals(types.poll(), type);
                        assertArrayEquals(want, buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                        lastEnd[0] = ends.poll();
                        seen[0]++;
                    }, op.limit());
                    assertEquals(seen[0], n);
                    assertTrue(n <= op.limit());
                    if (n < op.limit()) assertTrue(payloads.isEmpty(), "poll stopped early with records left");
                    head = lastEnd[0];
                    assertEquals(head, consumer.position());
                }
                assertEquals(tail - head, ring.size());
            }
            // Drain: everything committed comes out, nothing more.
            while (!payloads.isEmpty()) {
                int before = payloads.size();
                consumer.poll((type, buffer, offset, length) -> {
                    assertEquals(types.poll(), type);
                    assertArrayEquals(payloads.poll(), buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                });
                assertTrue(payloads.size() < before);
            }
            assertTrue(consumer.isEmpty());
        }
    }
}
