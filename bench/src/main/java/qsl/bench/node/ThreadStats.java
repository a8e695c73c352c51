package qsl.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduler counters of named threads from {@code /proc/<pid>/task/*}: voluntary and involuntary
 * context switches ({@code status}), time on a CPU and time runnable but waiting for one
 * ({@code schedstat}). Waiting time is the direct measure of threads time-slicing a core.
 */
final class ThreadStats {
    private ThreadStats() {}

    /** Per thread whose name starts with one of {@code prefixes}: {voluntary, involuntary, run ns, wait ns}. */
    static Map<String, long[]> read(long pid, List<String> prefixes) {
        Map<String, long[]> out = new LinkedHashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var s = Files.list(tasks)) {
            for (Path t : s.sorted().toList()) {
                try {
                    String comm = Files.readAllLines(t.resolve("comm")).get(0).strip();
                    if (prefixes.stream().noneMatch(comm::startsWith)) continue;
                    long vol = 0, invol = 0;
                    for (String l : Files.readAllLines(t.resolve("status"))) {
                        if (l.startsWith("voluntary_ctxt_switches:")) vol = Long.parseLong(l.substring(24).strip());
                        if (l.startsWith("nonvoluntary_ctxt_switches:")) invol = Long.parseLong(l.substring(27).strip());
                    }
                    String[] ss = Files.readAllLines(t.resolve("schedstat")).get(0).strip().split(" ");
                    out.merge(comm, new long[] {vol, invol, Long.parseLong(ss[0]), Long.parseLong(ss[1])}, ThreadStats::add);
                } catch (IOException | RuntimeException ignored) {
                    // thread gone, or no schedstat on this kernel
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
        return out;
    }

    /** The sum of one per-thread figure of a {@link #delta} map over its threads. */
    static double sum(Map<String, Object> delta, String figure) {
        double total = 0;
        for (Object m : delta.values()) if (m instanceof Map<?, ?> map && map.get(figure) instanceof Double d) total += d;
        return total;
    }

    private static long[] add(long[] a, long[] b) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] + b[i];
        return r;
    }

    /** {@code after - before} per thread, as a results-file map: context switches and ms per second of the window. */
    static Map<String, Object> delta(Map<String, long[]> before, Map<String, long[]> after, double seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        after.forEach((name, a) -> {
            long[] b = before.getOrDefault(name, new long[4]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("voluntary_switches_per_s", (a[0] - b[0]) / seconds);
            m.put("involuntary_switches_per_s", (a[1] - b[1]) / seconds);
            m.put("on_cpu_ms_per_s", (a[2] - b[2]) / 1e6 / seconds);
            m.put("runnable_waiting_ms_per_s", (a[3] - b[3]) / 1e6 / seconds);
            out.put(name, m);
        });
        return out;
    }
}
