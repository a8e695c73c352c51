package qsl.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.ringbuffer.BusySpinIdleStrategy;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RecordHandler;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;
import qsl.ringbuffer.YieldingIdleStrategy;

/**
 * Round trips through two SPSC rings between a pair of threads: ping writes an 8-byte record on
 * the outbound ring and waits for pong's echo on the inbound one; each round trip's time goes into
 * an HdrHistogram. Time-shared pairs (both threads on one CPU) yield while waiting, otherwise a
 * spinning thread would hold the CPU for a whole scheduler slice; the others busy-spin.
 */
final class PingPong {
    private static final int RING_CAPACITY = 64 * 1024;
    private static final int PING = 1;
    private static final int STOP = 2;
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);

    /** What one pair gave: the histogram of measured round trips and where the threads really were. */
    record Result(StudyPlan.Pair pair, Histogram histogram, long warmupRoundTrips, String pinA, String pinB,
                  String cpusSeenA, String cpusSeenB) {}

    private PingPong() {}

    static Result run(StudyPlan.Pair pair, CpuSet allowed, long warmupNanos, long measureNanos) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            SpscRing out = SpscRing.allocate(arena, RING_CAPACITY);
            SpscRing back = SpscRing.allocate(arena, RING_CAPACITY);
            CpuSet setA = pair.pinned() ? CpuSet.of(pair.cpuA()) : allowed;
            CpuSet setB = pair.pinned() ? CpuSet.of(pair.cpuB()) : allowed;
            Ping ping = new Ping(out.producer(), back.consumer(), setA, pair.timeShared() ? new YieldingIdleStrategy() : new BusySpinIdleStrategy(),
                    warmupNanos, measureNanos);
            Pong pong = new Pong(out.consumer(), back.producer(), setB, pair.timeShared() ? new YieldingIdleStrategy() : new BusySpinIdleStrategy(),
                    ping);
            Thread tb = new Thread(pong, "pong-" + pair.name());
            Thread ta = new Thread(ping, "ping-" + pair.name());
            tb.setDaemon(true);
            ta.setDaemon(true);
            tb.start();
            ta.start();
            ta.join();
            tb.join();
            if (ping.failure != null) throw new IllegalStateException("ping thread failed", ping.failure);
            if (pong.failure != null) throw new IllegalStateException("pong thread failed", pong.failure);
            return new Result(pair, ping.histogram, ping.warmupRoundTrips, ping.pin, pong.pin, ping.seen.toList(), pong.seen.toList());
        }
    }

    /** Pins (or explicitly unpins: a new thread inherits its creator's affinity) and says what happened. */
    static String pin(CpuSet cpus) {
        Outcome<CpuSet> o = ThreadAffinity.pinCurrentThread(cpus);
        return o.describe();
    }

    private static final class Ping implements Runnable, RecordHandler {
        final RingProducer producer;
        final RingConsumer consumer;
        final CpuSet cpus;
        final IdleStrategy idle;
        final long warmupNanos;
        final long measureNanos;
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        long warmupRoundTrips;
        boolean replied;
        String pin;
        CpuSet seen = CpuSet.empty();
        volatile Throwable failure;
        /** Set by pong if it fails (a plain volatile read per idle turn while waiting). */
        volatile boolean peerFailed;

        Ping(RingProducer producer, RingConsumer consumer, CpuSet cpus, IdleStrategy idle, long warmupNanos, long measureNanos) {
            this.producer = producer;
            this.consumer = consumer;
            this.cpus = cpus;
            this.idle = idle;
            this.warmupNanos = warmupNanos;
            this.measureNanos = measureNanos;
        }

        @Override
        public void run() {
            try {
                pin = pin(cpus);
                seen = seen.with(ThreadAffinity.currentCpu().orElse(-1));
                long start = System.nanoTime();
                long measureFrom = start + warmupNanos;
                long end = measureFrom + measureNanos;
                long now = start;
                while (now < end) {
                    long t0 = System.nanoTime();
                    send(PING, t0);
                    replied = false;
                    while (!replied) {
                        idle.idle(consumer.poll(this));
                        if (peerFailed) return; // pong died: no echo will come
                    }
                    now = System.nanoTime();
                    if (t0 >= measureFrom) histogram.recordValue(Math.min(now - t0, HIGHEST_NS));
                    else warmupRoundTrips++;
                }
                seen = seen.with(ThreadAffinity.currentCpu().orElse(-1));
            } catch (Throwable t) {
                failure = t;
            } finally {
                send(STOP, 0);
            }
        }

        private void send(int type, long value) {
            long at;
            while ((at = producer.claim(type, Long.BYTES)) < 0) idle.idle();
            producer.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at, value);
            producer.commit(at);
        }

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            replied = true;
        }
    }

    private static final class Pong implements Runnable, RecordHandler {
        final RingConsumer consumer;
        final RingProducer producer;
        final CpuSet cpus;
        final IdleStrategy idle;
        boolean stopped;
        String pin;
        CpuSet seen = CpuSet.empty();
        volatile Throwable failure;

        final Ping peer;

        Pong(RingConsumer consumer, RingProducer producer, CpuSet cpus, IdleStrategy idle, Ping peer) {
            this.peer = peer;
            this.consumer = consumer;
            this.producer = producer;
            this.cpus = cpus;
            this.idle = idle;
        }

        @Override
        public void run() {
            try {
                pin = pin(cpus);
                seen = seen.with(ThreadAffinity.currentCpu().orElse(-1));
                while (!stopped) idle.idle(consumer.poll(this));
                seen = seen.with(ThreadAffinity.currentCpu().orElse(-1));
            } catch (Throwable t) {
                failure = t;
                peer.peerFailed = true;
            }
        }

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            if (type == STOP) {
                stopped = true;
                return;
            }
            long value = buffer.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
            long at;
            while ((at = producer.claim(PING, Long.BYTES)) < 0) idle.idle();
            producer.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, at, value);
            producer.commit(at);
        }
    }

}
