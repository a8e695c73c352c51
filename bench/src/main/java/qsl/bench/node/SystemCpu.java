package qsl.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the whole machine's CPU time went over a window, from the first line of {@code /proc/stat}
 * (all CPUs, in clock ticks): busy, in the kernel (system, hard and soft interrupts), in soft
 * interrupts alone (on loopback TCP the receiving side's protocol work runs there), waiting for
 * the disk, idle and stolen by the hypervisor. A point of the node sweep is CPU-bound when
 * {@code busy_fraction} is near 1: then every stall queues work behind it.
 */
final class SystemCpu {
    /** {@code /proc/stat} columns after "cpu": user nice system idle iowait irq softirq steal. */
    private static final int USER = 0, NICE = 1, SYSTEM = 2, IDLE = 3, IOWAIT = 4, IRQ = 5, SOFTIRQ = 6, STEAL = 7, COLUMNS = 8;

    private SystemCpu() {}

    /** The machine's cumulative ticks per column, or null where {@code /proc/stat} cannot be read. */
    static long[] read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the aggregate {@code cpu} line of {@code /proc/stat}; columns a kernel does not print are 0. */
    static long[] parse(String line) {
        String[] f = line.strip().split("\\s+");
        if (!f[0].equals("cpu")) throw new IllegalArgumentException("not the aggregate cpu line: " + line);
        long[] t = new long[COLUMNS];
        for (int i = 0; i < COLUMNS && i + 1 < f.length; i++) t[i] = Long.parseLong(f[i + 1]);
        return t;
    }

    /** Fractions of all CPU time between two readings (each in [0, 1]; empty when either reading is missing). */
    static Map<String, Object> delta(long[] before, long[] after) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (before == null || after == null) return out;
        long[] d = new long[COLUMNS];
        long total = 0;
        for (int i = 0; i < COLUMNS; i++) total += d[i] = after[i] - before[i];
        if (total <= 0) return out;
        double t = total;
        out.put("busy_fraction", (total - d[IDLE] - d[IOWAIT]) / t);
        out.put("kernel_fraction", (d[SYSTEM] + d[IRQ] + d[SOFTIRQ]) / t);
        out.put("softirq_fraction", d[SOFTIRQ] / t);
        out.put("user_fraction", (d[USER] + d[NICE]) / t);
        out.put("iowait_fraction", d[IOWAIT] / t);
        out.put("idle_fraction", d[IDLE] / t);
        out.put("steal_fraction", d[STEAL] / t);
        return out;
    }
}
