package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.HdrHistogram.Histogram;
import qsl.book.CommandDescriptor;
import qsl.book.MatchingEngine;

/**
 * Per-command latency of qsl's engine: {@link System#nanoTime()} read before and after each single
 * command, the difference less the timer's own cost recorded in an HdrHistogram (recording within
 * range allocates nothing). The timer cost is the median of back-to-back {@code nanoTime} pairs,
 * measured just before; a corrected value below zero is recorded as zero. What remains is the
 * command's service time on a warm engine in one thread: no queueing, no coordinated-omission
 * correction (there is no arrival schedule to miss).
 */
public final class EngineLatency {
    /** Percentiles and the timer cost, in nanoseconds; {@code commands} measured. */
    public record Result(long commands, long timerOverheadNs, long p50, long p90, long p99, long p999, long p9999,
                         long max, double mean) {}

    private EngineLatency() {}

    /**
     * @param warmCycles full passes over the stream before measuring (JIT warm-up)
     * @param measuredCycles passes measured
     */
    public static Result run(String workload, long seed, long commands, int warmCycles, int measuredCycles) {
        return run(workload, seed, commands, warmCycles, measuredCycles, Long.MAX_VALUE);
    }

    /**
     * As {@link #run(String, long, long, int, int)}, but each cycle (warm or measured) stops early
     * once {@code secondsPerCycle} of wall time have passed, so a slow engine on a long stream
     * still finishes; the commands measured are in the result.
     */
    public static Result run(String workload, long seed, long commands, int warmCycles, int measuredCycles, long secondsPerCycle) {
        try (Arena arena = Arena.ofShared()) {
            CommandStream stream = EngineWorkloads.load(workload, seed, commands, arena);
            CountingSink sink = new CountingSink();
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                long limitNs = secondsPerCycle == Long.MAX_VALUE ? Long.MAX_VALUE : secondsPerCycle * 1_000_000_000L;
                long at = 0;
                for (int c = 0; c < warmCycles; c++) {
                    at = timed(engine, stream, null, 0, at, limitNs);
                }
                long overhead = timerOverhead();
                Histogram h = new Histogram(1, 10_000_000_000L, 3);
                for (int c = 0; c < measuredCycles; c++) {
                    at = timed(engine, stream, h, overhead, at, limitNs);
                }
                if (sink.checksum() == 42) {
                    System.out.print(""); // keeps the sink's work observable
                }
                return new Result(h.getTotalCount(), overhead, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99),
                        h.getMaxValue(), h.getMean());
            }
        }
    }

    /** Times one cycle's worth of commands from {@code at} (wrapping), stopping after {@code limitNs}; returns where it stopped. */
    private static long timed(MatchingEngine engine, CommandStream stream, Histogram h, long overhead, long at, long limitNs) {
        MemorySegment segment = stream.commands();
        long end = stream.bytes();
        long start = System.nanoTime();
        for (long n = 0; n < stream.count(); n++) {
            long t0 = System.nanoTime();
            engine.apply(segment, at);
            long t1 = System.nanoTime();
            if (h != null) {
                h.recordValue(Math.min(10_000_000_000L, Math.max(0, t1 - t0 - overhead)));
            }
            at += CommandDescriptor.LENGTH;
            if (at == end) at = 0;
            if ((n & 1023) == 0 && t1 - start > limitNs) break;
        }
        return at;
    }

    /** Median cost of one back-to-back {@code nanoTime} pair. */
    static long timerOverhead() {
        Histogram h = new Histogram(1, 1_000_000_000L, 3);
        for (int i = 0; i < 2_000_000; i++) {
            long t0 = System.nanoTime();
            long t1 = System.nanoTime();
            h.recordValue(Math.max(1, t1 - t0));
        }
        return h.getValueAtPercentile(50);
    }
}
