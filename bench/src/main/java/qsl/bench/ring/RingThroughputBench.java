package qsl.bench.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * One producer thread, one consumer thread, messages of {@code size} bytes: msgs/s through this
 * ring, Agrona's {@code OneToOneRingBuffer} over an off-heap {@code UnsafeBuffer} of the same 64 KiB
 * (zero-copy {@code tryClaim}/{@code commit}, batch {@code read}), and JCTools' {@code SpscArrayQueue}
 * of pooled message objects (batch {@code drain}) holding about as many messages. Each producer
 * writes {@code size / 8} longs per message in place; each consumer reads the first and last. All
 * waits (ring full, ring empty) are the same {@link Spin}.
 *
 * <p>{@code qsl_batched} is this ring with the producer publishing once per {@link #PUBLISH_EVERY}
 * records ({@link QslBatched}); the peers and {@code qsl} publish every message.
 *
 * <p>The producer is a background thread started per trial that sends as fast as the transport
 * lets it; the JMH thread is the consumer, and one invocation receives {@link #BATCH} messages, so
 * the score is messages per second. The GC profiler counts every thread's allocation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RingThroughputBench {
    static final int BATCH = 1 << 14;
    static final int RING_BYTES = 64 * 1024;
    static final int TYPE = 1;
    /** Records per publication in {@link QslBatched}. */
    static final int PUBLISH_EVERY = 16;

    /** State common to the three: the message size and the producer thread's life. */
    @State(Scope.Benchmark)
    public abstract static class Transport {
        @Param({"64", "256"})
        public int size;

        volatile boolean running;
        private Thread producer;

        abstract void open();

        abstract void produce();

        abstract void close();

        @Setup(Level.Trial)
        public void start() {
            open();
            running = true;
            producer = new Thread(this::produce, getClass().getSimpleName() + "-producer");
            producer.setDaemon(true);
            producer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            producer.join(10_000);
            close();
        }
    }

    @State(Scope.Benchmark)
    public static class Qsl extends Transport {
        Arena arena;
        SpscRing ring;
        RingConsumer consumer;
        final Sum handler = new Sum();

        static final class Sum implements RecordHandler {
            long sum;

            @Override
            public void onRecord(int type, MemorySegment buffer, long offset, int length) {
                sum += buffer.get(ValueLayout.JAVA_LONG, offset) + buffer.get(ValueLayout.JAVA_LONG, offset + length - 8);
            }
        }

        @Override
        void open() {
            arena = Arena.ofShared();
            ring = SpscRing.allocate(arena, RING_BYTES);
            consumer = ring.consumer();
        }

        @Override
        void produce() {
            RingProducer p = ring.producer();
            MemorySegment buffer = p.buffer();
            int words = size / 8;
            long seq = 0;
            int spins = 0;
            while (running) {
                long at = p.claim(TYPE, size);
                if (at < 0) {
                    spins = Spin.idle(spins);
                    continue;
                }
                spins = 0;
                for (int i = 0; i < words; i++) buffer.set(ValueLayout.JAVA_LONG, at + 8L * i, seq + i);
                p.commit(at);
                seq++;
            }
        }

        @Override
        void close() {
            arena.close();
        }
    }

    /**
     * This ring with batched publication: the producer defers each record ({@code commitDeferred})
     * and publishes ({@code publish}, one release store) after every {@link #PUBLISH_EVERY}
     * records, whenever a claim fails (the ring may be full of deferred records the consumer cannot
     * see yet) and at the end of each pass, so nothing is ever stranded. The consumer side is
     * {@link Qsl}'s unchanged. The peers publish per message; this variant trades the latency of a
     * batch's first message for one producer-position line transfer per batch.
     */
    @State(Scope.Benchmark)
    public static class QslBatched extends Qsl {
        @Override
        void produce() {
            RingProducer p = ring.producer();
            MemorySegment buffer = p.buffer();
            int words = size / 8;
            long seq = 0;
            int spins = 0;
            while (running) {
                for (int n = 0; n < PUBLISH_EVERY; n++) {
                    long at = p.claim(TYPE, size);
                    if (at < 0) {
                        p.publish(); // never wait with records the consumer cannot see
                        spins = Spin.idle(spins);
                        break;
                    }
                    spins = 0;
                    for (int i = 0; i < words; i++) buffer.set(ValueLayout.JAVA_LONG, at + 8L * i, seq + i);
                    p.commitDeferred(at);
                    seq++;
                }
                p.publish();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Agrona extends Transport {
        OneToOneRingBuffer ring;
        final Sum handler = new Sum();

        static final class Sum implements MessageHandler {
            long sum;

            @Override
            public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
                sum += buffer.getLong(index) + buffer.getLong(index + length - 8);
            }
        }

        @Override
        void open() {
            int length = RING_BYTES + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
            ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(length)));
        }

        @Override
        void produce() {
            OneToOneRingBuffer r = ring;
            org.agrona.concurrent.AtomicBuffer buffer = r.buffer();
            int words = size / 8;
            long seq = 0;
            int spins = 0;
            while (running) {
                int at = r.tryClaim(TYPE, size);
                if (at < 0) {
                    spins = Spin.idle(spins);
                    continue;
                }
                spins = 0;
                for (int i = 0; i < words; i++) buffer.putLong(at + 8 * i, seq + i);
                r.commit(at);
                seq++;
            }
        }

        @Override
        void close() {
            // direct buffer freed by GC
        }
    }

    /** A pooled message for JCTools: the producer fills one, the consumer reads it. */
    static final class Message {
        final long[] words;

        Message(int size) {
            words = new long[size / 8];
        }
    }

    @State(Scope.Benchmark)
    public static class Jctools extends Transport {
        SpscArrayQueue<Message> queue;
        Message[] pool;
        final Sum handler = new Sum();

        static final class Sum implements MessagePassingQueue.Consumer<Message> {
            long sum;

            @Override
            public void accept(Message m) {
                sum += m.words[0] + m.words[m.words.length - 1];
            }
        }

        @Override
        void open() {
            // About as many messages as the 64 KiB rings hold (record = 8-byte header + payload).
            int capacity = Integer.highestOneBit(RING_BYTES / (size + 8));
            queue = new SpscArrayQueue<>(capacity);
            // Twice the queue: a message is reused only after the consumer has polled and read it.
            pool = new Message[2 * queue.capacity()];
            for (int i = 0; i < pool.length; i++) pool[i] = new Message(size);
        }

        @Override
        void produce() {
            SpscArrayQueue<Message> q = queue;
            Message[] pool = this.pool;
            int mask = pool.length - 1;
            long seq = 0;
            int spins = 0;
            while (running) {
                Message m = pool[(int) seq & mask];
                long[] words = m.words;
                for (int i = 0; i < words.length; i++) words[i] = seq + i;
                while (!q.offer(m)) {
                    if (!running) return;
                    spins = Spin.idle(spins);
                }
                spins = 0;
                seq++;
            }
        }

        @Override
        void close() {
            // heap only
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long qsl(Qsl s) {
        RingConsumer consumer = s.consumer;
        int left = BATCH;
        int spins = 0;
        while (left > 0) {
            int n = consumer.poll(s.handler, left);
            spins = n == 0 ? Spin.idle(spins) : 0;
            left -= n;
        }
        return s.handler.sum;
    }

    /** Same consumer loop as {@link #qsl}; the producer publishes every {@link #PUBLISH_EVERY} records. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long qsl_batched(QslBatched s) {
        RingConsumer consumer = s.consumer;
        int left = BATCH;
        int spins = 0;
        while (left > 0) {
            int n = consumer.poll(s.handler, left);
            spins = n == 0 ? Spin.idle(spins) : 0;
            left -= n;
        }
        return s.handler.sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long agrona(Agrona s) {
        OneToOneRingBuffer ring = s.ring;
        int left = BATCH;
        int spins = 0;
        while (left > 0) {
            int n = ring.read(s.handler, left);
            spins = n == 0 ? Spin.idle(spins) : 0;
            left -= n;
        }
        return s.handler.sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jctools(Jctools s) {
        SpscArrayQueue<Message> queue = s.queue;
        int left = BATCH;
        int spins = 0;
        while (left > 0) {
            int n = queue.drain(s.handler, left);
            spins = n == 0 ? Spin.idle(spins) : 0;
            left -= n;
        }
        return s.handler.sum;
    }
}
