package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import qsl.book.CommandDescriptor;
import qsl.book.CommandType;
import qsl.book.MatchingEngine;

/**
 * The scaling table: the scattered shape (orders spread over 100 band widths) at 1k, 10k, 100k
 * and 1M resting orders on an engine at default settings. The prefill is applied untimed; then
 * the main phase runs twice, once untimed (warm-up), once measured: thread CPU time over the
 * commands run gives ns per command (robust to other processes on the host), and each new order's
 * {@code nanoTime} service time goes into a histogram for its p99. Each phase stops after a time
 * budget, so an engine that is slow at a size still finishes; the commands run are recorded.
 */
public final class EngineScaling {
    /** One row of the table. */
    public record Row(int resting, long commands, double nsPerCommand, long newOrders, long newOrderP50, long newOrderP99,
                      long newOrderMax) {}

    private EngineScaling() {}

    public static List<Row> run(int[] sizes, long mainCommands, long seed, double secondsPerPhase) {
        List<Row> rows = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int resting : sizes) {
            try (Arena arena = Arena.ofShared()) {
                CommandStream s = EngineWorkloads.scattered(seed, resting, Math.max(mainCommands, resting), arena);
                MemorySegment seg = s.commands();
                long mainEnd = s.generated() * CommandDescriptor.LENGTH;
                long mainStart = (long) resting * CommandDescriptor.LENGTH;
                try (MatchingEngine e = EngineWorkloads.newEngine(s, new CountingSink())) {
                    s.register(e);
                    for (long at = 0; at < mainStart; at += CommandDescriptor.LENGTH) e.apply(seg, at);
                    long half = mainStart + ((mainEnd - mainStart) / 2 / CommandDescriptor.LENGTH) * CommandDescriptor.LENGTH;
                    long budget = (long) (secondsPerPhase * 1e9);
                    // Warm-up: the first half of the main phase, untimed (JIT, caches).
                    long deadline = System.nanoTime() + budget;
                    long at = mainStart;
                    for (; at < half; at += CommandDescriptor.LENGTH) {
                        e.apply(seg, at);
                        if (((at >>> 5) & 1023) == 0 && System.nanoTime() > deadline) break;
                    }
                    at = half;
                    Histogram h = new Histogram(1, 10_000_000_000L, 3);
                    long n = 0;
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    deadline = System.nanoTime() + budget;
                    for (; at < mainEnd; at += CommandDescriptor.LENGTH) {
                        boolean isNew = CommandDescriptor.type(seg, at) == CommandType.NEW_ORDER;
                        long t0 = System.nanoTime();
                        e.apply(seg, at);
                        long t1 = System.nanoTime();
                        if (isNew) h.recordValue(Math.min(10_000_000_000L, Math.max(1, t1 - t0)));
                        n++;
                        if ((n & 1023) == 0 && t1 > deadline) break;
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                    rows.add(new Row(resting, n, (double) cpu / n, h.getTotalCount(), h.getValueAtPercentile(50),
                            h.getValueAtPercentile(99), h.getMaxValue()));
                }
            }
        }
        return rows;
    }

    static Map<String, Object> asMap(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resting_orders", r.resting());
        m.put("commands_measured", r.commands());
        m.put("cpu_ns_per_command", r.nsPerCommand());
        m.put("new_orders_timed", r.newOrders());
        m.put("new_order_p50_ns", r.newOrderP50());
        m.put("new_order_p99_ns", r.newOrderP99());
        m.put("new_order_max_ns", r.newOrderMax());
        return m;
    }
}
