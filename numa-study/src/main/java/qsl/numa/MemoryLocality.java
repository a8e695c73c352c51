package qsl.numa;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import qsl.affinity.CpuSet;
import qsl.affinity.MemoryPolicy;
import qsl.affinity.NodeSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;

/**
 * Bandwidth and load-to-use latency of memory bound ({@code mbind}, strict) to one node, measured
 * from a thread pinned to a CPU of the local node. Bandwidth: a sequential read (sum of longs) and
 * a sequential write ({@code fill}). Latency: a pointer chase through one random cycle over every
 * cache line of the buffer, so each load depends on the last and the prefetchers cannot help; with
 * 4 KiB pages this includes TLB misses, as it does for an engine whose state is that large.
 */
final class MemoryLocality {
    private static final long LINE = 64;
    /** Where the read and chase loops leave their result, so the JIT cannot drop them. */
    static volatile long sink;

    /** One node's numbers, or why they could not be taken. */
    record Result(int node, long bufferBytes, String binding, int pagesChecked, int pagesOnNode, double readGbPerS,
                  double writeGbPerS, double chaseNsPerLoad, long chaseLoads, String pin) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("buffer_bytes", bufferBytes);
            m.put("binding", binding);
            m.put("pages_checked", pagesChecked);
            m.put("pages_on_node", pagesOnNode);
            m.put("read_gb_per_s", readGbPerS);
            m.put("write_gb_per_s", writeGbPerS);
            m.put("chase_ns_per_load", chaseNsPerLoad);
            m.put("chase_loads", chaseLoads);
            m.put("pin", pin);
            return m;
        }
    }

    private MemoryLocality() {}

    /** Runs on a fresh thread pinned to {@code cpu}; the buffer is bound to {@code node} before it is first written. */
    static Result run(int cpu, int node, long bufferBytes, long nanos) throws Exception {
        Result[] out = new Result[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                out[0] = measure(cpu, node, bufferBytes, nanos);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "memory-node" + node);
        t.start();
        t.join();
        if (failure[0] != null) throw new IllegalStateException("memory measurement failed", failure[0]);
        return out[0];
    }

    private static Result measure(int cpu, int node, long bufferBytes, long nanos) {
        String pin = ThreadAffinity.pinCurrentThread(CpuSet.of(cpu)).describe();
        long page = MemoryPolicy.pageSize();
        try (Arena arena = Arena.ofConfined()) {
            // Arena.allocate zeroes the memory, faulting it in on this thread's node; the bind then moves it.
            MemorySegment buf = arena.allocate(bufferBytes, page);
            Outcome<MemorySegment> bound = MemoryPolicy.bind(buf, NodeSet.of(node));
            String binding = bound.isOk() ? "mbind MPOL_BIND node " + node : bound.describe();
            buf.fill((byte) 1);
            int checked = 0;
            int onNode = 0;
            long stride = Math.max(page, (bufferBytes / 64) / page * page);
            for (long off = 0; off < bufferBytes; off += stride) {
                checked++;
                if (MemoryPolicy.nodeOfPage(buf, off).orElse(-1) == node) onNode++;
            }

            long budget = nanos / 3;
            double read = readBandwidth(buf, budget);
            double write = writeBandwidth(buf, budget);
            long lines = bufferBytes / LINE;
            buildCycle(buf, lines);
            long[] loads = {0};
            double chase = chase(buf, budget, loads);
            return new Result(node, bufferBytes, binding, checked, onNode, read, write, chase, loads[0], pin);
        }
    }

    private static double readBandwidth(MemorySegment buf, long budget) {
        long n = buf.byteSize() / Long.BYTES;
        long bytes = 0;
        long sink = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            for (long i = 0; i < n; i++) sink += buf.getAtIndex(ValueLayout.JAVA_LONG, i);
            bytes += buf.byteSize();
            elapsed = System.nanoTime() - t0;
        } while (elapsed < budget);
        MemoryLocality.sink = sink;
        return bytes / (double) elapsed;
    }

    private static double writeBandwidth(MemorySegment buf, long budget) {
        long bytes = 0;
        long t0 = System.nanoTime();
        long elapsed;
        byte v = 0;
        do {
            buf.fill(v++);
            bytes += buf.byteSize();
            elapsed = System.nanoTime() - t0;
        } while (elapsed < budget);
        return bytes / (double) elapsed;
    }

    /** One random cycle through every line (Sattolo's shuffle): line i holds the offset of the next. */
    private static void buildCycle(MemorySegment buf, long lines) {
        int n = (int) Math.min(lines, Integer.MAX_VALUE - 8);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(0x5EED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int i = 0; i < n; i++) {
            buf.set(ValueLayout.JAVA_LONG, order[i] * LINE, order[(i + 1) % n] * LINE);
        }
    }

    private static double chase(MemorySegment buf, long budget, long[] loadsOut) {
        long off = 0;
        long loads = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 100_000; i++) off = buf.get(ValueLayout.JAVA_LONG, off);
            loads += 100_000;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < budget);
        sink = off;
        loadsOut[0] = loads;
        return elapsed / (double) loads;
    }
}
