package qsl.numa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import qsl.affinity.CpuProbe;
import qsl.affinity.CpuSet;
import qsl.affinity.ThreadAffinity;

/**
 * How often a busy thread changes CPU: it samples {@code sched_getcpu} in a tight loop for a fixed
 * time and counts the changes. Run once free to go anywhere allowed and once pinned. Where the
 * kernel exposes it ({@code se.nr_migrations} in {@code /proc/self/task/<tid>/sched}), the
 * scheduler's own count over the same interval is recorded beside the sampled one.
 */
final class Migrations {

    record Result(String mode, CpuSet cpus, long samples, long changes, double seconds, CpuSet visited, long kernelMigrations,
                  String pin) {
        double perSecond() {
            return changes / seconds;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode);
            m.put("allowed_cpus", cpus.toList());
            m.put("seconds", seconds);
            m.put("samples", samples);
            m.put("cpu_changes", changes);
            m.put("changes_per_s", perSecond());
            m.put("cpus_visited", visited.toList());
            m.put("kernel_nr_migrations", kernelMigrations);
            m.put("pin", pin);
            return m;
        }
    }

    private Migrations() {}

    static Result run(String mode, CpuSet cpus, long nanos) throws InterruptedException {
        Result[] out = new Result[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                out[0] = sample(mode, cpus, nanos);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "migrations-" + mode);
        t.start();
        t.join();
        if (failure[0] != null) throw new IllegalStateException("migration sampling failed", failure[0]);
        return out[0];
    }

    private static Result sample(String mode, CpuSet cpus, long nanos) {
        String pin = ThreadAffinity.pinCurrentThread(cpus).describe();
        CpuProbe probe = CpuProbe.create().orElseThrow();
        int tid = ThreadAffinity.threadId().orElse(-1);
        long kernelBefore = kernelMigrations(tid);
        long samples = 0;
        long changes = 0;
        long visited = 0;
        CpuSet visitedHigh = CpuSet.empty();
        int last = probe.currentCpu();
        long t0 = System.nanoTime();
        long end = t0 + nanos;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                int cpu = probe.currentCpu();
                if (cpu != last) {
                    changes++;
                    last = cpu;
                    // A bit mask keeps the loop allocation-free; CPUs past 63 are collected the slow way.
                    if (cpu < 64) visited |= 1L << cpu;
                    else visitedHigh = visitedHigh.with(cpu);
                }
            }
            samples += 256;
            now = System.nanoTime();
        } while (now < end);
        long kernelAfter = kernelMigrations(tid);
        if (last >= 0 && last < 64) visited |= 1L << last;
        CpuSet seen = visitedHigh;
        for (int c = 0; c < 64; c++) if ((visited & (1L << c)) != 0) seen = seen.with(c);
        long kernel = kernelBefore < 0 || kernelAfter < 0 ? -1 : kernelAfter - kernelBefore;
        return new Result(mode, cpus, samples, changes, (now - t0) / 1e9, seen, kernel, pin);
    }

    /** {@code se.nr_migrations} for a thread, or -1 where the kernel does not expose it. */
    static long kernelMigrations(int tid) {
        if (tid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/sched"))) {
                if (line.startsWith("se.nr_migrations")) return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
