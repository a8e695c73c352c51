package qsl.ringbuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Child JVM for {@link RingZeroAllocationTest}: under Epsilon GC (never collects) with a small
 * heap, runs a producer thread and a consumer thread through a ring (claim, write, commit / batch
 * poll, read, idle strategies) and then single-thread loops (per-message offer; deferred commits
 * published every 16), and fails (exit 2) when the heap
 * used grew more than {@code maxGrowthBytes} during the measured phase. Any per-message
 * allocation either exhausts the heap (the JVM dies) or shows up as growth.
 */
public final class RingAllocMain {
    private RingAllocMain() {}

    static final class Sum implements RecordHandler {
        long sum;
        long count;

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            sum += buffer.get(ValueLayout.JAVA_LONG, offset) + type + length;
            count++;
        }
    }

    public static void main(String[] args) throws Exception {
        long messages = Long.parseLong(args[0]);
        long maxGrowthBytes = Long.parseLong(args[1]);
        try (Arena arena = Arena.ofShared()) {
            SpscRing ring = SpscRing.allocate(arena, 64 * 1024);
            // Warm-up (JIT, class loading), then the measured run with the same code.
            run(ring, messages / 10);
            long before = used();
            long sum = run(ring, messages);
            sum += singleThread(SpscRing.allocate(arena, 4096), messages);
            sum += singleThreadBatched(SpscRing.allocate(arena, 4096), messages);
            long growth = used() - before;
            System.out.println("messages=" + messages + " heapGrowthBytes=" + growth + " checksum=" + sum);
            if (growth > maxGrowthBytes) {
                System.err.println("heap grew " + growth + " bytes over " + messages + " messages");
                System.exit(2);
            }
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long run(SpscRing ring, long messages) throws InterruptedException {
        Thread producer = new Thread(() -> produce(ring.producer(), messages), "alloc-producer");
        producer.start();
        Sum sum = new Sum();
        RingConsumer consumer = ring.consumer();
        IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 50_000);
        while (sum.count < messages) {
            idle.idle(consumer.poll(sum));
        }
        producer.join();
        return sum.sum;
    }

    private static void produce(RingProducer producer, long messages) {
        IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 50_000);
        MemorySegment buffer = producer.buffer();
        for (long i = 0; i < messages; i++) {
            int length = 8 + (int) (i & 63);
            long at;
            while ((at = producer.claim((int) (i & 7), length)) < 0) idle.idle();
            idle.reset();
            buffer.set(ValueLayout.JAVA_LONG, at, i);
            producer.commit(at);
        }
    }

    private static long singleThread(SpscRing ring, long messages) {
        RingProducer producer = ring.producer();
        RingConsumer consumer = ring.consumer();
        Sum sum = new Sum();
        MemorySegment source = Arena.global().allocate(64, 8);
        for (long i = 0; i < messages; i++) {
            source.set(ValueLayout.JAVA_LONG, 0, i);
            if (producer.offer(1, source, 0, 64) < 0) {
                consumer.poll(sum, 16);
                i--;
            }
        }
        consumer.poll(sum);
        return sum.sum + sum.count;
    }

    /** Claim, write, commitDeferred; publish every 16 records and before draining a full ring. */
    private static long singleThreadBatched(SpscRing ring, long messages) {
        RingProducer producer = ring.producer();
        RingConsumer consumer = ring.consumer();
        Sum sum = new Sum();
        MemorySegment buffer = producer.buffer();
        for (long i = 0; i < messages; i++) {
            long at = producer.claim(2, 48);
            if (at < 0) {
                producer.publish();
                consumer.poll(sum, 16);
                i--;
                continue;
            }
            buffer.set(ValueLayout.JAVA_LONG, at, i);
            producer.commitDeferred(at);
            if ((i & 15) == 15) producer.publish();
        }
        producer.publish();
        consumer.poll(sum);
        return sum.sum + sum.count;
    }
}
