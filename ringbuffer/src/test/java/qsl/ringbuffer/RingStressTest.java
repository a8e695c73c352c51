package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One producer thread and one consumer thread move records of random sizes (each with its
 * sequence number, a type, a length and payload bytes all derived from the sequence) through
 * rings from the smallest legal capacity up; the consumer checks every byte of every record, so a
 * lost, duplicated, reordered or torn record fails the test. The producer also aborts claims now
 * and then, and the consumer polls with random batch limits. {@code qsl.stress=short} (default)
 * moves 10 million records in all; {@code -Dqsl.stress=long} moves 40 times as many.
 */
class RingStressTest {
    static final boolean LONG = "long".equals(System.getProperty("qsl.stress"));

    /** Records per case in the default run (10 million in all); the tiny rings hand over a record or two per transfer, so they get fewer. */
    @ParameterizedTest(name = "capacity {0}, start position {1}, {2} records")
    @CsvSource({
        "64, 0, 500000",
        "128, 0, 1000000",
        "1024, 0, 1500000",
        "65536, 0, 3500000",
        "1048576, 9223372036854770000, 3500000",
    })
    void everyRecordArrivesOnceInOrderAndIntact(int capacity, long startPosition, long shortRecords) throws Exception {
        run(capacity, startPosition, shortRecords, false);
    }

    /**
     * The producer defers its records ({@code commitDeferred}) and publishes every k of them, k
     * drawn afresh from 1..32 after each publish, and whenever a claim finds the ring full (a
     * ring full of deferred records would otherwise never drain) and at the end.
     */
    @ParameterizedTest(name = "batched: capacity {0}, start position {1}, {2} records")
    @CsvSource({
        "64, 0, 300000",
        "1024, 0, 1000000",
        "65536, 9223372036854770000, 2000000",
    })
    void batchedPublicationLosesNothing(int capacity, long startPosition, long shortRecords) throws Exception {
        run(capacity, startPosition, shortRecords, true);
    }

    private static void run(int capacity, long startPosition, long shortRecords, boolean batched) throws Exception {
        long records = LONG ? 40 * shortRecords : shortRecords;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment segment = arena.allocate(RingBufferDescriptor.segmentLength(capacity), 128);
            SpscRing ring = SpscRing.format(segment, capacity, startPosition & -8L);
            int maxLength = Math.min(ring.maxPayloadLength(), 1024);
            AtomicReference<Throwable> failure = new AtomicReference<>();

            Thread producer = new Thread(() -> {
                try {
                    produce(ring.producer(), records, maxLength, batched);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "stress-producer");
            producer.start();
            Checker checker = new Checker(maxLength);
            RingConsumer consumer = ring.consumer();
            IdleStrategy idle = new BackoffIdleStrategy(200, 50, 1_000, 100_000);
            long rng = 12345;
            while (checker.next < records && checker.error == null && failure.get() == null) {
                rng = Payloads.mix(rng);
                int limit = (rng & 3) == 0 ? 1 + (int) ((rng >>> 8) & 15) : Integer.MAX_VALUE;
                idle.idle(consumer.poll(checker, limit));
            }
            producer.join(60_000);
            assertNull(failure.get(), () -> "producer failed: " + failure.get());
            assertNull(checker.error);
            assertEquals(records, checker.next);
            assertEquals(0, consumer.poll(checker), "nothing after the last record");
            assertEquals(ring.producerPosition(), ring.consumerPosition());
        }
    }

    static void produce(RingProducer producer, long records, int maxLength) {
        produce(producer, records, maxLength, false);
    }

    static void produce(RingProducer producer, long records, int maxLength, boolean batched) {
        IdleStrategy idle = new BackoffIdleStrategy(200, 50, 1_000, 100_000);
        MemorySegment buffer = producer.buffer();
        long aborted = -1;
        long rng = 987654321;
        int deferred = 0;
        int publishEvery = 1;
        for (long seq = 0; seq < records; seq++) {
            int length = Payloads.length(seq, maxLength);
            int type = Payloads.type(seq);
            long at;
            while ((at = producer.claim(type, length)) < 0) {
                if (at != RingProducer.FULL) throw new AssertionError("claim failed: " + RingProducer.describe(at));
                if (batched) {
                    producer.publish();
                    deferred = 0;
                }
                idle.idle();
            }
            idle.reset();
            if ((seq & 1023) == 7 && aborted != seq) {
                // A claim dropped after writing garbage must leave no trace.
                buffer.asSlice(at, length).fill((byte) 0xEE);
                producer.abort(at);
                aborted = seq;
                seq--;
                continue;
            }
            Payloads.write(buffer, at, seq, length);
            if (!batched) {
                producer.commit(at);
                continue;
            }
            producer.commitDeferred(at);
            if (++deferred >= publishEvery) {
                producer.publish();
                deferred = 0;
                rng = Payloads.mix(rng);
                publishEvery = 1 + (int) ((rng >>> 16) & 31);
            }
        }
        producer.publish();
        if (producer.deferredBytes() != 0) throw new AssertionError("deferred bytes left after publish");
    }

    static final class Checker implements RecordHandler {
        final int maxLength;
        long next;
        String error;

        Checker(int maxLength) {
            this.maxLength = maxLength;
        }

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            if (error != null) return;
            error = Payloads.check(buffer, offset, type, length, next, maxLength);
            next++;
        }
    }
}
