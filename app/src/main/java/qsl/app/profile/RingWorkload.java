package qsl.app.profile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;
import qsl.perf.profile.ProfiledWorkload;

/**
 * The SPSC ring's hand-off: the calling (profiled) thread produces records the size of an engine
 * command ({@link qsl.book.CommandDescriptor#LENGTH} bytes) into a 64 KiB ring, {@value #BATCH} per batch, spinning while the ring is
 * full; a consumer thread polls them and folds each payload into a checksum. Both sides are on
 * the profile; the consumer is metered for allocation as a worker thread.
 */
final class RingWorkload implements ProfiledWorkload {
    static final int BATCH = 256;
    static final int RECORD = qsl.book.CommandDescriptor.LENGTH;
    static final int CAPACITY = 1 << 16;

    private final Arena arena = Arena.ofShared();
    private final SpscRing ring = SpscRing.allocate(arena, CAPACITY);
    private final RingProducer producer = ring.producer();
    private final MemorySegment source = arena.allocate(RECORD, 8);
    private final Consumer consumer = new Consumer(ring.consumer());
    private final Thread consumerThread = new Thread(consumer, "ring-consumer");
    private long sequence;

    RingWorkload(WorkloadOptions options) {
        source.set(ValueLayout.JAVA_LONG, 8, options.seed());
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    @Override
    public String name() {
        return "ring";
    }

    @Override
    public String description() {
        return "SpscRing " + CAPACITY + " bytes: producer offers " + BATCH + " records of " + RECORD
                + " bytes per batch on the profiled thread, consumer thread polls and checksums";
    }

    @Override
    public long runBatch() {
        for (int i = 0; i < BATCH; i++) {
            source.set(ValueLayout.JAVA_LONG, 0, ++sequence);
            while (producer.offer(1, source, 0, RECORD) < 0) Thread.onSpinWait(); // full: the consumer is behind
        }
        return BATCH;
    }

    @Override
    public List<String> hotFramePrefixes() {
        return List.of("qsl.ringbuffer.");
    }

    @Override
    public List<Thread> workerThreads() {
        return List.of(consumerThread);
    }

    @Override
    public void close() {
        consumer.running = false;
        try {
            consumerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // still free the ring below: the consumer only reads it while running
        }
        if (!consumerThread.isAlive()) arena.close(); // a consumer that did not stop must not read freed memory
    }

    /** The consumer loop; a non-capturing handler object so polling allocates nothing. */
    static final class Consumer implements Runnable, RecordHandler {
        private final RingConsumer ring;
        volatile boolean running = true;
        long checksum;
        long records;

        Consumer(RingConsumer ring) {
            this.ring = ring;
        }

        @Override
        public void run() {
            while (running) {
                if (ring.poll(this, 1024) == 0) Thread.onSpinWait();
            }
        }

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            checksum += buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) ^ length;
            records++;
        }
    }
}
