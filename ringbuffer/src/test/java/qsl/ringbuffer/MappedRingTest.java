package qsl.ringbuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.perf.alloc.ChildJvm;

/** The ring in a mapped file: header checks, and two processes exchanging records. */
class MappedRingTest {
    @TempDir
    Path dir;

    @Test
    void aSecondMappingSeesWhatTheFirstCommitted() throws Exception {
        Path file = dir.resolve("ring");
        try (MappedRing writer = MappedRing.create(file, 4096); MappedRing reader = MappedRing.open(file, 4096)) {
            assertEquals(RingBufferDescriptor.segmentLength(4096), Files.size(file));
            RingProducer p = writer.ring().producer();
            long at = p.claim(3, 8);
            p.buffer().set(ValueLayout.JAVA_LONG, at, 77L);
            p.commit(at);
            long[] got = {0};
            assertEquals(1, reader.ring().consumer().poll((t, b, o, l) -> got[0] = b.get(ValueLayout.JAVA_LONG, o)));
            assertEquals(77L, got[0]);
            assertEquals(reader.ring().consumerPosition(), writer.ring().consumerPosition());
        }
    }

    @Test
    void wrongCapacityIsRefused() throws Exception {
        Path file = dir.resolve("ring");
        MappedRing.create(file, 1024).close();
        RingLayoutException e = assertThrows(RingLayoutException.class, () -> MappedRing.open(file, 2048));
        assertEquals(RingLayoutException.Reason.CAPACITY_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("1024") && e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void otherLayoutVersionIsRefused() throws Exception {
        Path file = dir.resolve("ring");
        MappedRing.create(file, 1024).close();
        patchInt(file, RingBufferDescriptor.LAYOUT_VERSION_OFFSET, RingBufferDescriptor.LAYOUT_VERSION + 1);
        RingLayoutException e = assertThrows(RingLayoutException.class, () -> MappedRing.open(file));
        assertEquals(RingLayoutException.Reason.UNSUPPORTED_VERSION, e.reason());
    }

    @Test
    void notARingFileIsRefused() throws Exception {
        Path file = dir.resolve("junk");
        Files.write(file, new byte[4096]);
        assertEquals(RingLayoutException.Reason.BAD_MAGIC,
                assertThrows(RingLayoutException.class, () -> MappedRing.open(file)).reason());
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[100]);
        assertEquals(RingLayoutException.Reason.TOO_SMALL,
                assertThrows(RingLayoutException.class, () -> MappedRing.open(tiny)).reason());
    }

    @Test
    void truncatedFileAndBadCapacityAndBadPositionsAreRefused() throws Exception {
        Path file = dir.resolve("ring");
        MappedRing.create(file, 1024).close();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(RingBufferDescriptor.segmentLength(1024) - 8);
        }
        assertEquals(RingLayoutException.Reason.TOO_SMALL,
                assertThrows(RingLayoutException.class, () -> MappedRing.open(file)).reason());

        MappedRing.create(file, 1024).close();
        patchInt(file, RingBufferDescriptor.CAPACITY_OFFSET, 1000);
        assertEquals(RingLayoutException.Reason.BAD_CAPACITY,
                assertThrows(RingLayoutException.class, () -> MappedRing.open(file)).reason());

        MappedRing.create(file, 1024).close();
        patchLong(file, RingBufferDescriptor.PRODUCER_POSITION_OFFSET, 4096);
        assertEquals(RingLayoutException.Reason.INCONSISTENT_POSITIONS,
                assertThrows(RingLayoutException.class, () -> MappedRing.open(file)).reason());
    }

    /** A child JVM produces, this JVM consumes and checks every byte of every record. */
    @Test
    void childProcessProducesParentConsumes() throws Exception {
        Path file = dir.resolve("ipc");
        int capacity = 64 * 1024;
        long records = 200_000;
        try (MappedRing ring = MappedRing.create(file, capacity)) {
            int maxLength = Math.min(ring.ring().maxPayloadLength(), 1024);
            CompletableFuture<ChildJvm.Result> child = CompletableFuture.supplyAsync(() -> runChild(
                    List.of(file.toString(), String.valueOf(capacity), String.valueOf(records), "clean")));
            RingStressTest.Checker checker = new RingStressTest.Checker(maxLength);
            RingConsumer consumer = ring.ring().consumer();
            IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            while (checker.next < records && checker.error == null && !(child.isDone() && consumer.isEmpty())) {
                idle.idle(consumer.poll(checker));
            }
            ChildJvm.Result result = child.get(120, TimeUnit.SECONDS);
            assertTrue(result.ok(), () -> "child failed: " + result);
            assertNull(checker.error);
            assertEquals(records, checker.next);
            assertTrue(consumer.isEmpty());
        }
    }

    /**
     * The producer process dies holding an uncommitted claim: the consumer gets every committed
     * record and nothing of the claim, and a new producer takes over from the committed position.
     */
    @Test
    void producerDyingMidClaimLosesOnlyTheUncommittedRecord() throws Exception {
        Path file = dir.resolve("ipc");
        int capacity = 1 << 20; // room for every record: nobody consumes while the child runs
        long records = 200;
        try (MappedRing ring = MappedRing.create(file, capacity)) {
            ChildJvm.Result result = runChild(List.of(file.toString(), String.valueOf(capacity),
                    String.valueOf(records), "die-mid-claim"));
            assertEquals(IpcProducerMain.DIED_MID_CLAIM, result.exitCode(), () -> "child: " + result);
            int maxLength = Math.min(ring.ring().maxPayloadLength(), 1024);
            RingStressTest.Checker checker = new RingStressTest.Checker(maxLength);
            RingConsumer consumer = ring.ring().consumer();
            while (consumer.poll(checker) > 0) {
                // drain
            }
            assertNull(checker.error);
            assertEquals(records, checker.next, "every committed record, and not the claimed one");
            try (MappedRing again = MappedRing.open(file, capacity)) {
                RingProducer successor = again.ring().producer();
                long at = successor.claim(Payloads.type(records), Payloads.length(records, maxLength));
                assertTrue(at >= 0);
                Payloads.write(successor.buffer(), at, records, Payloads.length(records, maxLength));
                successor.commit(at);
            }
            assertEquals(1, consumer.poll(checker));
            assertNull(checker.error);
            assertEquals(records + 1, checker.next);
        }
    }

    private static ChildJvm.Result runChild(List<String> args) {
        try {
            return ChildJvm.run(IpcProducerMain.class, List.of("-Xmx64m"), args, 120);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void patchInt(Path file, long offset, int value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private static void patchLong(Path file, long offset, long value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }

}
