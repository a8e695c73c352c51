package qsl.bench.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * Ping-pong round trip of a 64-byte message through two transports (ping one way, pong back) and
 * an echo thread: this ring, Agrona's {@code OneToOneRingBuffer} and JCTools' {@code SpscArrayQueue}
 * of pooled messages. SampleTime mode: the distribution of single round trips in nanoseconds.
 * Both the JMH thread and the echo thread busy-spin ({@link Thread#onSpinWait()}), as a latency
 * path would: on a two-core host they hold both cores, and any other runnable thread shows up in
 * the tail.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingRttBench {
    static final int SIZE = 64;
    static final int WORDS = SIZE / 8;
    static final int RING_BYTES = 64 * 1024;
    static final int TYPE = 1;

    /** The echo thread's life. */
    public abstract static class PingPong {
        volatile boolean running;
        private Thread echo;
        long seq;

        abstract void open();

        /** Echo loop: every ping comes back as a pong with the same words. */
        abstract void echo();

        abstract void close();

        @Setup(Level.Trial)
        public void start() {
            open();
            running = true;
            echo = new Thread(this::echo, getClass().getSimpleName() + "-echo");
            echo.setDaemon(true);
            echo.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            echo.join(10_000);
            close();
        }
    }

    @State(Scope.Benchmark)
    public static class Qsl extends PingPong {
        Arena arena;
        RingProducer ping;
        RingConsumer pong;
        final Received received = new Received();

        static final class Received implements RecordHandler {
            long value;

            @Override
            public void onRecord(int type, MemorySegment buffer, long offset, int length) {
                value = buffer.get(ValueLayout.JAVA_LONG, offset);
            }
        }

        /** Copies each ping into the pong ring (claim, copy, commit). */
        static final class Echo implements RecordHandler {
            final RingProducer out;

            Echo(RingProducer out) {
                this.out = out;
            }

            @Override
            public void onRecord(int type, MemorySegment buffer, long offset, int length) {
                long at;
                while ((at = out.claim(type, length)) < 0) Thread.onSpinWait();
                MemorySegment.copy(buffer, offset, out.buffer(), at, length);
                out.commit(at);
            }
        }

        SpscRing pingRing;
        SpscRing pongRing;

        @Override
        void open() {
            arena = Arena.ofShared();
            pingRing = SpscRing.allocate(arena, RING_BYTES);
            pongRing = SpscRing.allocate(arena, RING_BYTES);
            ping = pingRing.producer();
            pong = pongRing.consumer();
        }

        @Override
        void echo() {
            RingConsumer in = pingRing.consumer();
            Echo handler = new Echo(pongRing.producer());
            while (running) {
                if (in.poll(handler) == 0) Thread.onSpinWait();
            }
        }

        @Override
        void close() {
            arena.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Agrona extends PingPong {
        OneToOneRingBuffer ping;
        OneToOneRingBuffer pong;
        final Received received = new Received();

        static final class Received implements MessageHandler {
            long value;

            @Override
            public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
                value = buffer.getLong(index);
            }
        }

        static final class Echo implements MessageHandler {
            final OneToOneRingBuffer out;

            Echo(OneToOneRingBuffer out) {
                this.out = out;
            }

            @Override
            public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
                int at;
                while ((at = out.tryClaim(msgTypeId, length)) < 0) Thread.onSpinWait();
                out.buffer().putBytes(at, buffer, index, length);
                out.commit(at);
            }
        }

        @Override
        void open() {
            int length = RING_BYTES + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
            ping = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(length)));
            pong = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(length)));
        }

        @Override
        void echo() {
            Echo handler = new Echo(pong);
            while (running) {
                if (ping.read(handler) == 0) Thread.onSpinWait();
            }
        }

        @Override
        void close() {
            // direct buffers freed by GC
        }
    }

    @State(Scope.Benchmark)
    public static class Jctools extends PingPong {
        SpscArrayQueue<RingThroughputBench.Message> ping;
        SpscArrayQueue<RingThroughputBench.Message> pong;
        RingThroughputBench.Message[] pingPool;
        RingThroughputBench.Message[] pongPool;

        @Override
        void open() {
            int capacity = Integer.highestOneBit(RING_BYTES / (SIZE + 8));
            ping = new SpscArrayQueue<>(capacity);
            pong = new SpscArrayQueue<>(capacity);
            pingPool = pool(2 * ping.capacity());
            pongPool = pool(2 * pong.capacity());
        }

        private static RingThroughputBench.Message[] pool(int n) {
            RingThroughputBench.Message[] p = new RingThroughputBench.Message[n];
            for (int i = 0; i < n; i++) p[i] = new RingThroughputBench.Message(SIZE);
            return p;
        }

        @Override
        void echo() {
            int mask = pongPool.length - 1;
            long n = 0;
            while (running) {
                RingThroughputBench.Message in = ping.poll();
                if (in == null) {
                    Thread.onSpinWait();
                    continue;
                }
                RingThroughputBench.Message out = pongPool[(int) n++ & mask];
                System.arraycopy(in.words, 0, out.words, 0, WORDS);
                while (!pong.offer(out)) Thread.onSpinWait();
            }
        }

        @Override
        void close() {
            // heap only
        }
    }

    @Benchmark
    public long qsl(Qsl s) {
        long seq = ++s.seq;
        RingProducer ping = s.ping;
        long at;
        while ((at = ping.claim(TYPE, SIZE)) < 0) Thread.onSpinWait();
        MemorySegment buffer = ping.buffer();
        for (int i = 0; i < WORDS; i++) buffer.set(ValueLayout.JAVA_LONG, at + 8L * i, seq + i);
        ping.commit(at);
        while (s.pong.poll(s.received) == 0) Thread.onSpinWait();
        return s.received.value;
    }

    @Benchmark
    public long agrona(Agrona s) {
        long seq = ++s.seq;
        OneToOneRingBuffer ping = s.ping;
        int at;
        while ((at = ping.tryClaim(TYPE, SIZE)) < 0) Thread.onSpinWait();
        AtomicBuffer buffer = ping.buffer();
        for (int i = 0; i < WORDS; i++) buffer.putLong(at + 8 * i, seq + i);
        ping.commit(at);
        while (s.pong.read(s.received) == 0) Thread.onSpinWait();
        return s.received.value;
    }

    @Benchmark
    public long jctools(Jctools s) {
        long seq = ++s.seq;
        RingThroughputBench.Message m = s.pingPool[(int) seq & (s.pingPool.length - 1)];
        for (int i = 0; i < WORDS; i++) m.words[i] = seq + i;
        while (!s.ping.offer(m)) Thread.onSpinWait();
        RingThroughputBench.Message back;
        while ((back = s.pong.poll()) == null) Thread.onSpinWait();
        return back.words[0];
    }
}
