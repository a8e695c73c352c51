package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static qsl.ringbuffer.RingBufferDescriptor.DATA_OFFSET;
import static qsl.ringbuffer.RingBufferDescriptor.RECORD_HEADER_LENGTH;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single-thread edges of claim, commit, abort and poll. */
class RingEdgeTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    /** Collects what a poll hands over. */
    static final class Collector implements RecordHandler {
        final List<Integer> types = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            types.add(type);
            offsets.add(offset);
            payloads.add(buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    static long put(RingProducer p, int type, byte[] payload) {
        long at = p.claim(type, payload.length);
        if (at >= 0) {
            MemorySegment.copy(payload, 0, p.buffer(), ValueLayout.JAVA_BYTE, at, payload.length);
            p.commit(at);
        }
        return at;
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed * 31 + i);
        return b;
    }

    @Test
    void emptyRingPollsNothing() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        Collector c = new Collector();
        assertEquals(0, ring.consumer().poll(c));
        assertTrue(ring.consumer().isEmpty());
        assertEquals(0, ring.size());
        assertTrue(c.types.isEmpty());
    }

    @Test
    void recordsComeOutInOrderWithTypeAndBytes() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        for (int i = 0; i < 5; i++) assertTrue(put(p, i, bytes(i * 3, i)) >= 0);
        Collector c = new Collector();
        assertEquals(5, ring.consumer().poll(c));
        for (int i = 0; i < 5; i++) {
            assertEquals(i, c.types.get(i));
            assertArrayEquals(bytes(i * 3, i), c.payloads.get(i));
        }
        assertEquals(0, ring.consumer().poll(c));
    }

    @Test
    void pollLimitHandsOverAtMostLimitAndKeepsTheRest() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        for (int i = 0; i < 10; i++) put(ring.producer(), i, bytes(8, i));
        Collector c = new Collector();
        assertEquals(3, ring.consumer().poll(c, 3));
        assertEquals(7, ring.consumer().poll(c, 100));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), c.types);
    }

    @Test
    void fullRingReturnsFullUntilTheConsumerFreesSpace() {
        int capacity = 256;
        SpscRing ring = SpscRing.allocate(arena, capacity);
        RingProducer p = ring.producer();
        // 24-byte payload -> 32-byte records: exactly 8 fit.
        for (int i = 0; i < 8; i++) assertTrue(put(p, i, bytes(24, i)) >= 0, "record " + i);
        assertEquals(capacity, ring.size());
        assertEquals(RingProducer.FULL, p.claim(9, 24));
        assertEquals(RingProducer.FULL, p.claim(9, 0), "not even a header fits");
        Collector c = new Collector();
        assertEquals(1, ring.consumer().poll(c, 1));
        assertTrue(put(p, 8, bytes(24, 8)) >= 0, "freed space is usable");
        assertEquals(RingProducer.FULL, p.claim(9, 0));
        assertEquals(8, ring.consumer().poll(c));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), c.types);
    }

    @Test
    void exactFitUsesTheLastByteWithoutPadding() {
        int capacity = 128;
        SpscRing ring = SpscRing.allocate(arena, capacity);
        RingProducer p = ring.producer();
        assertTrue(put(p, 1, bytes(56, 1)) >= 0); // 64
        long at = p.claim(2, 56);                  // 64 more: ends exactly at the end of the region
        assertEquals(DATA_OFFSET + 64 + RECORD_HEADER_LENGTH, at);
        p.commit(at);
        assertEquals(capacity, ring.size());
        assertEquals(RingProducer.FULL, p.claim(3, 0));
        Collector c = new Collector();
        assertEquals(2, ring.consumer().poll(c));
        // Next record starts at index 0 again, no padding needed.
        assertEquals(DATA_OFFSET + RECORD_HEADER_LENGTH, put(p, 3, bytes(56, 3)));
        assertEquals(1, ring.consumer().poll(c));
        assertEquals(List.of(1, 2, 3), c.types);
    }

    /** Puts records of 200, 200 and 56 bytes: the next record starts 56 bytes before the end of a 512-byte region. */
    static void fillTo456(RingProducer p) {
        assertTrue(put(p, 1, bytes(192, 1)) >= 0);
        assertTrue(put(p, 1, bytes(192, 1)) >= 0);
        assertTrue(put(p, 1, bytes(48, 1)) >= 0);
        assertEquals(456, p.position());
    }

    @Test
    void recordThatDoesNotFitBeforeTheEndWrapsBehindAPaddingRecord() {
        int capacity = 512;
        SpscRing ring = SpscRing.allocate(arena, capacity);
        RingProducer p = ring.producer();
        RingConsumer consumer = ring.consumer();
        Collector c = new Collector();
        fillTo456(p);
        assertEquals(3, consumer.poll(c));
        // 56 bytes left before the end; a 64-byte record pads them and goes to index 0.
        long at = put(p, 2, bytes(56, 2));
        assertEquals(DATA_OFFSET + RECORD_HEADER_LENGTH, at);
        assertEquals(456 + 56 + 64, p.position());
        MemorySegment s = ring.segment();
        assertEquals(RingBufferDescriptor.PADDING_TYPE, s.get(ValueLayout.JAVA_INT, DATA_OFFSET + 456 + 4));
        assertEquals(56 - RECORD_HEADER_LENGTH, s.get(ValueLayout.JAVA_INT, DATA_OFFSET + 456));
        assertEquals(1, consumer.poll(c), "padding is not handed over");
        assertEquals(List.of(1, 1, 1, 2), c.types);
        assertArrayEquals(bytes(56, 2), c.payloads.get(3));
        assertEquals(p.position(), consumer.position());
    }

    @Test
    void wrapNeedsRoomForPaddingPlusRecord() {
        int capacity = 512;
        SpscRing ring = SpscRing.allocate(arena, capacity);
        RingProducer p = ring.producer();
        Collector c = new Collector();
        fillTo456(p); // [0, 456) unread
        // A 64-byte record would need 56 bytes of padding + 64 at index 0, over unread bytes.
        assertEquals(RingProducer.FULL, p.claim(2, 56));
        assertEquals(456, p.position(), "a refused claim writes nothing");
        assertTrue(put(p, 3, bytes(40, 3)) >= 0, "a record that fits before the end needs no padding");
        assertEquals(4, ring.consumer().poll(c));
        assertEquals(List.of(1, 1, 1, 3), c.types);
    }

    @Test
    void maximumPayloadIsHalfTheRegionAndFitsAnEmptyRingAtAnyIndex() {
        int capacity = 128;
        SpscRing ring = SpscRing.allocate(arena, capacity);
        int max = ring.maxPayloadLength();
        assertEquals(capacity / 2 - RECORD_HEADER_LENGTH, max);
        RingProducer p = ring.producer();
        Collector c = new Collector();
        // Walk the empty ring through every 8-byte index; the largest record always fits.
        for (int i = 0; i < 40; i++) {
            assertTrue(put(p, i, bytes(max, i)) >= 0, "max record at position " + p.position());
            assertEquals(1, ring.consumer().poll(c));
            assertTrue(put(p, 1000, bytes(0, 0)) >= 0);
            assertEquals(1, ring.consumer().poll(c));
        }
        for (int i = 0; i < 40; i++) assertArrayEquals(bytes(max, i), c.payloads.get(2 * i));
    }

    @Test
    void oversizeAndNegativeLengthsAreRefusedAsTooLarge() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        assertEquals(RingProducer.TOO_LARGE, p.claim(1, ring.maxPayloadLength() + 1));
        assertEquals(RingProducer.TOO_LARGE, p.claim(1, Integer.MAX_VALUE));
        assertEquals(RingProducer.TOO_LARGE, p.claim(1, -1));
        assertEquals(RingProducer.INVALID_TYPE, p.claim(-1, 8));
        assertEquals(RingProducer.INVALID_TYPE, p.claim(RingBufferDescriptor.PADDING_TYPE, 8));
        assertEquals(0, p.position());
        assertTrue(ring.consumer().isEmpty());
        assertEquals("TOO_LARGE", RingProducer.describe(RingProducer.TOO_LARGE));
    }

    @Test
    void zeroLengthPayloadIsAHeaderOnlyRecord() {
        SpscRing ring = SpscRing.allocate(arena, 64);
        RingProducer p = ring.producer();
        for (int i = 0; i < 8; i++) assertTrue(put(p, 7, new byte[0]) >= 0);
        assertEquals(RingProducer.FULL, p.claim(7, 0), "8 headers fill 64 bytes");
        Collector c = new Collector();
        assertEquals(8, ring.consumer().poll(c));
        for (byte[] b : c.payloads) assertEquals(0, b.length);
    }

    @Test
    void claimWithoutCommitIsInvisibleAndAbortReleasesTheSpace() {
        SpscRing ring = SpscRing.allocate(arena, 128);
        RingProducer p = ring.producer();
        Collector c = new Collector();
        long at = p.claim(1, 56);
        assertTrue(at >= 0);
        p.buffer().asSlice(at, 56).fill((byte) 0x55);
        assertEquals(0, ring.consumer().poll(c), "claimed but not committed");
        assertTrue(ring.consumer().isEmpty());
        p.abort(at);
        assertThrows(IllegalStateException.class, () -> p.commit(at), "an aborted claim cannot be committed");
        // The space is claimed again, and a second claim replaces a pending one.
        long again = p.claim(2, 8);
        assertEquals(at, again);
        long replaced = p.claim(3, 8);
        assertEquals(at, replaced);
        p.buffer().set(ValueLayout.JAVA_LONG, replaced, 42L);
        p.commit(replaced);
        assertEquals(1, ring.consumer().poll(c));
        assertEquals(List.of(3), c.types);
        assertThrows(IllegalStateException.class, () -> p.commit(replaced), "committed twice");
        assertThrows(IllegalStateException.class, () -> p.commit(12345L));
    }

    @Test
    void offerCopiesFromASourceSegment() {
        SpscRing ring = SpscRing.allocate(arena, 256);
        MemorySegment src = arena.allocate(16);
        src.set(ValueLayout.JAVA_LONG, 0, 1L);
        src.set(ValueLayout.JAVA_LONG, 8, 2L);
        assertTrue(ring.producer().offer(5, src, 0, 16) >= 0);
        Collector c = new Collector();
        ring.consumer().poll(c);
        assertArrayEquals(src.toArray(ValueLayout.JAVA_BYTE), c.payloads.get(0));
    }

    /**
     * Positions are 64-bit byte counters: at 10 GB/s they take 29 years to reach
     * {@code Long.MAX_VALUE}. Even then only differences and the low bits are used, so crossing it
     * changes nothing; this runs the counters across it to show that.
     */
    @Test
    void positionsCrossingLongMaxValueChangeNothing() {
        int capacity = 256;
        long start = (Long.MAX_VALUE - 1000) & -8L;
        MemorySegment s = arena.allocate(RingBufferDescriptor.segmentLength(capacity), 128);
        SpscRing ring = SpscRing.format(s, capacity, start);
        RingProducer p = ring.producer();
        RingConsumer consumer = ring.consumer();
        Collector c = new Collector();
        int expected = 0;
        for (int i = 0; i < 200; i++) {
            while (put(p, i, bytes(i % 60, i)) < 0) {
                expected += consumer.poll(c, 2);
            }
        }
        expected += consumer.poll(c);
        assertEquals(200, expected);
        assertTrue(p.position() < 0, "the counter did cross Long.MAX_VALUE");
        for (int i = 0; i < 200; i++) {
            assertEquals(i, c.types.get(i));
            assertArrayEquals(bytes(i % 60, i), c.payloads.get(i));
        }
    }

    @Test
    void corruptHeaderIsReportedWithItsPosition() {
        SpscRing ring = SpscRing.allocate(arena, 256);
        RingProducer p = ring.producer();
        put(p, 1, bytes(8, 1));
        put(p, 2, bytes(8, 2));
        // Scribble over the second header's length as a foreign writer would.
        ring.segment().set(ValueLayout.JAVA_INT, DATA_OFFSET + 16, 10_000);
        Collector c = new Collector();
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> ring.consumer().poll(c));
        assertEquals(16, e.position());
        assertEquals(List.of(1), c.types, "the good record before it was handed over");
        assertEquals(16, ring.consumer().position());
    }

    @Test
    void impossibleProducerPositionIsReportedNotRead() {
        SpscRing ring = SpscRing.allocate(arena, 256);
        put(ring.producer(), 1, bytes(8, 1));
        Collector c = new Collector();
        assertEquals(1, ring.consumer().poll(c));
        for (long bad : new long[] {16 + 256 + 8, 8 - 16, 16 + 3}) {
            ring.segment().set(ValueLayout.JAVA_LONG, RingBufferDescriptor.PRODUCER_POSITION_OFFSET, bad);
            RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> ring.consumer().poll(c),
                    "producer position " + bad);
            assertEquals(16, e.position());
        }
        assertEquals(List.of(1), c.types);
    }

    @Test
    void handlerExceptionConsumesTheRecordsUpToIt() {
        SpscRing ring = SpscRing.allocate(arena, 256);
        for (int i = 0; i < 3; i++) put(ring.producer(), i, bytes(8, i));
        RecordHandler failOnOne = (type, buffer, offset, length) -> {
            if (type == 1) throw new IllegalArgumentException("boom");
        };
        assertThrows(IllegalArgumentException.class, () -> ring.consumer().poll(failOnOne));
        Collector c = new Collector();
        assertEquals(1, ring.consumer().poll(c));
        assertEquals(List.of(2), c.types);
    }

    @Test
    void illegalCapacitiesAreRefused() {
        for (int bad : new int[] {0, 32, 100, 1000, -64, 1 << 31}) {
            assertThrows(IllegalArgumentException.class, () -> SpscRing.allocate(arena, bad), "capacity " + bad);
        }
        MemorySegment tooSmall = arena.allocate(DATA_OFFSET + 64, 128);
        assertThrows(IllegalArgumentException.class, () -> SpscRing.format(tooSmall, 128));
    }

    @Test
    void producerAndConsumerPositionsLiveInSeparate128ByteBlocks() {
        SpscRing ring = SpscRing.allocate(arena, 64);
        assertEquals(0, ring.segment().address() % 128);
        long producer = RingBufferDescriptor.PRODUCER_POSITION_OFFSET;
        long consumer = RingBufferDescriptor.CONSUMER_POSITION_OFFSET;
        assertEquals(128, consumer - producer);
        assertEquals(producer / 128 + 1, consumer / 128);
        assertEquals(0, DATA_OFFSET % 128);
        assertTrue(DATA_OFFSET >= consumer + 128);
    }

    // ---- batched publication: commitDeferred + publish ----

    static long defer(RingProducer p, int type, byte[] payload) {
        long at = p.claim(type, payload.length);
        if (at >= 0) {
            MemorySegment.copy(payload, 0, p.buffer(), ValueLayout.JAVA_BYTE, at, payload.length);
            p.commitDeferred(at);
        }
        return at;
    }

    @Test
    void deferredRecordsAreInvisibleUntilPublish() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        Collector got = new Collector();
        for (int i = 0; i < 3; i++) assertTrue(defer(p, i, bytes(10 + i, i)) >= 0);
        assertEquals(0, c.poll(got));
        assertTrue(c.isEmpty());
        assertEquals(0, ring.size());
        assertEquals(0, ring.producerPosition(), "nothing stored in the segment before publish");
        assertEquals(3 * 24, p.position());
        assertEquals(0, p.publishedPosition());
        assertEquals(3 * 24, p.deferredBytes());
        p.publish();
        assertEquals(0, p.deferredBytes());
        assertEquals(3 * 24, ring.producerPosition());
        assertEquals(3, c.poll(got));
        for (int i = 0; i < 3; i++) {
            assertEquals(i, got.types.get(i));
            assertArrayEquals(bytes(10 + i, i), got.payloads.get(i));
        }
    }

    @Test
    void commitAfterDeferredRecordsPublishesThemAllInOrder() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        assertTrue(defer(p, 1, bytes(5, 1)) >= 0);
        assertTrue(defer(p, 2, bytes(6, 2)) >= 0);
        assertTrue(put(p, 3, bytes(7, 3)) >= 0);
        assertEquals(0, p.deferredBytes());
        Collector got = new Collector();
        assertEquals(3, ring.consumer().poll(got));
        assertEquals(List.of(1, 2, 3), got.types);
        assertArrayEquals(bytes(7, 3), got.payloads.get(2));
    }

    @Test
    void publishWithNothingDeferredIsANoOp() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        Collector got = new Collector();
        p.publish();
        assertEquals(0, ring.producerPosition());
        assertEquals(0, c.poll(got));
        assertTrue(put(p, 1, bytes(8, 1)) >= 0);
        p.publish();
        p.publish();
        assertEquals(16, ring.producerPosition());
        assertEquals(1, c.poll(got));
        // An uncommitted claim is not deferred: publish leaves it invisible, and it can still be committed.
        long at = p.claim(2, 8);
        assertTrue(at >= 0);
        p.publish();
        assertEquals(16, ring.producerPosition());
        assertEquals(0, c.poll(got));
        p.commit(at);
        assertEquals(1, c.poll(got));
        assertEquals(List.of(1, 2), got.types);
        // Publishing a value equal to the stored one is skipped: the segment still says 32.
        p.publish();
        assertEquals(32, ring.producerPosition());
    }

    @Test
    void deferredCommitOfANonClaimIsRefused() {
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        assertThrows(IllegalStateException.class, () -> p.commitDeferred(DATA_OFFSET + RECORD_HEADER_LENGTH));
        long at = p.claim(1, 8);
        p.commitDeferred(at);
        assertThrows(IllegalStateException.class, () -> p.commitDeferred(at), "double deferred commit");
        assertThrows(IllegalStateException.class, () -> p.commit(at), "commit after deferred commit");
        assertThrows(IllegalStateException.class, () -> p.commitDeferred(RingProducer.FULL));
    }

    @Test
    void ringFullOfDeferredRecordsIsFullUntilPublishedAndConsumed() {
        SpscRing ring = SpscRing.allocate(arena, 64);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        // Four 16-byte records fill the 64-byte region.
        for (int i = 0; i < 4; i++) assertTrue(defer(p, i, bytes(8, i)) >= 0, "record " + i);
        assertEquals(RingProducer.FULL, p.claim(9, 0), "deferred records take their space");
        assertEquals(64, p.deferredBytes());
        Collector got = new Collector();
        assertEquals(0, c.poll(got), "the consumer sees an empty ring");
        assertEquals(RingProducer.FULL, p.claim(9, 0));
        p.publish();
        assertEquals(RingProducer.FULL, p.claim(9, 0), "published but not consumed: still full");
        assertEquals(4, c.poll(got));
        assertEquals(List.of(0, 1, 2, 3), got.types);
        assertTrue(defer(p, 9, bytes(0, 0)) >= 0, "room again once consumed");
        p.publish();
        assertEquals(1, c.poll(got));
        assertEquals(9, got.types.get(4));
    }

    @Test
    void wrapPaddingWithDeferredRecordsStaysInvisibleUntilPublish() {
        SpscRing ring = SpscRing.allocate(arena, 128);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        Collector got = new Collector();
        // Move to index 96: three 32-byte records, consumed.
        for (int i = 0; i < 3; i++) assertTrue(put(p, i, bytes(24, i)) >= 0);
        assertEquals(3, c.poll(got));
        // A deferred 16-byte record fits at 96..112; the next 24-byte one (32 bytes) needs padding 112..128 and goes to 0.
        assertEquals(DATA_OFFSET + 96 + RECORD_HEADER_LENGTH, defer(p, 10, bytes(8, 10)));
        assertEquals(DATA_OFFSET + RECORD_HEADER_LENGTH, defer(p, 11, bytes(24, 11)));
        assertEquals(96 + 16 + 16 + 32, p.position());
        assertEquals(96, ring.producerPosition());
        assertEquals(0, c.poll(got), "neither record nor padding visible before publish");
        assertEquals(96, c.position());
        p.publish();
        assertEquals(2, c.poll(got), "padding is not handed over");
        assertEquals(List.of(0, 1, 2, 10, 11), got.types);
        assertArrayEquals(bytes(8, 10), got.payloads.get(3));
        assertArrayEquals(bytes(24, 11), got.payloads.get(4));
        assertEquals(p.position(), c.position());
    }
}
