package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The raw-addressed hot paths (ADR 0005) still make one checked access per claim, per poll and
 * per publish: a closed arena, or a confined one used from another thread, throws instead of
 * touching freed or foreign memory; heap segments, which have no fixed address, are refused.
 */
class RingLivenessTest {
    private static final RecordHandler IGNORE = (type, buffer, offset, length) -> {};

    @Test
    void claimAfterCloseThrows() {
        Arena arena = Arena.ofConfined();
        RingProducer p = SpscRing.allocate(arena, 1024).producer();
        arena.close();
        assertThrows(IllegalStateException.class, () -> p.claim(1, 8));
    }

    @Test
    void claimNeedingPaddingAfterCloseThrows() {
        Arena arena = Arena.ofConfined();
        SpscRing ring = SpscRing.allocate(arena, 256);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        p.commit(p.claim(1, 88)); // 96-byte records: positions 96, 192, then 208 with a 16-byte one
        p.commit(p.claim(1, 88));
        p.commit(p.claim(1, 8));
        assertEquals(3, c.poll(IGNORE));
        // A 96-byte record no longer fits the 48 bytes to the end: padding. This claim refreshes
        // the cached consumer position, so the next one goes straight to the header stores.
        p.abort(p.claim(1, 88));
        arena.close();
        assertThrows(IllegalStateException.class, () -> p.claim(1, 88));
    }

    @Test
    void pollAfterCloseThrowsOnAnEmptyCache() {
        Arena arena = Arena.ofConfined();
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        p.commit(p.claim(1, 8));
        arena.close();
        assertThrows(IllegalStateException.class, () -> c.poll(IGNORE));
    }

    @Test
    void pollAfterCloseThrowsWithRecordsLeftInTheCache() {
        Arena arena = Arena.ofConfined();
        SpscRing ring = SpscRing.allocate(arena, 1024);
        RingProducer p = ring.producer();
        RingConsumer c = ring.consumer();
        p.commit(p.claim(1, 8));
        p.commit(p.claim(2, 8));
        assertEquals(1, c.poll(IGNORE, 1)); // leaves the second record below the cached producer position
        arena.close();
        assertThrows(IllegalStateException.class, () -> c.poll(IGNORE));
    }

    @Test
    void publishAfterCloseThrows() {
        Arena arena = Arena.ofConfined();
        RingProducer p = SpscRing.allocate(arena, 1024).producer();
        p.commitDeferred(p.claim(1, 8));
        arena.close();
        assertThrows(IllegalStateException.class, p::publish);
    }

    @Test
    void confinedRingUsedFromAnotherThreadThrows() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            SpscRing ring = SpscRing.allocate(arena, 1024);
            RingProducer p = ring.producer();
            RingConsumer c = ring.consumer();
            p.commit(p.claim(1, 8));
            assertThrows(WrongThreadException.class, () -> rethrow(CompletableFuture.runAsync(() -> p.claim(1, 8))));
            assertThrows(WrongThreadException.class, () -> rethrow(CompletableFuture.runAsync(() -> c.poll(IGNORE))));
            assertEquals(1, c.poll(IGNORE), "the owner thread still reads the record");
        }
    }

    @Test
    void heapSegmentsAreRefused() {
        MemorySegment heap = MemorySegment.ofArray(new long[(int) RingBufferDescriptor.segmentLength(64) / 8]);
        assertThrows(IllegalArgumentException.class, () -> SpscRing.format(heap, 64));
        assertThrows(IllegalArgumentException.class, () -> SpscRing.wrap(heap));
    }

    private static void rethrow(CompletableFuture<Void> f) throws Throwable {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }
}
