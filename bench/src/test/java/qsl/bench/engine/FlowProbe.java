package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import qsl.book.CommandDescriptor;
import qsl.book.MatchingEngine;

/** Not a test: a quick wall-clock probe of every flow (run with -Dtest=FlowProbe). */
class FlowProbe {
    interface Applier { void apply(MemorySegment s, long at); }

    static double nsPerCommand(Applier a, CommandStream s, double warmSeconds, double seconds) {
        long end = s.bytes();
        long[] cursor = {0};
        run(a, s.commands(), end, cursor, warmSeconds, 2 * s.count());
        long t0 = cpu();
        long n = run(a, s.commands(), end, cursor, seconds, 2 * s.count());
        return (cpu() - t0) / (double) n;
    }

    static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long run(Applier a, MemorySegment seg, long end, long[] cursor, double seconds, long maxCommands) {
        long deadline = cpu() + (long) (seconds * 1e9);
        long n = 0;
        long at = cursor[0];
        while (n < maxCommands) {
            for (int i = 0; i < 1000; i++) {
                a.apply(seg, at);
                at += CommandDescriptor.LENGTH;
                if (at == end) at = 0;
            }
            n += 1000;
            if (cpu() > deadline) break;
        }
        cursor[0] = at;
        return n;
    }

    @Test
    void probe() {
        String only = System.getProperty("flows", "");
        for (String w : EngineWorkloads.names()) {
            if (!only.isEmpty() && !only.contains(w)) continue;
            try (Arena arena = Arena.ofShared()) {
                long g0 = System.nanoTime();
                CommandStream stream = EngineWorkloads.cyclic(w, 1, 0, arena);
                double gen = (System.nanoTime() - g0) / 1e9;
                CountingSink sink = new CountingSink();
                double q;
                try (MatchingEngine e = EngineWorkloads.newEngine(stream, sink)) {
                    stream.register(e);
                    q = nsPerCommand(e::apply, stream, 3, 3);
                }
                double q16 = Double.NaN;
                if (EngineWorkloads.realistic().contains(w)) {
                    try (MatchingEngine e = EngineWorkloads.newEngine(stream, new CountingSink(), 1 << 16)) {
                        stream.register(e);
                        q16 = nsPerCommand(e::apply, stream, 3, 3);
                    }
                }
                ExchangeCoreBooks peer = EngineWorkloads.newPeer(stream);
                double x = nsPerCommand(peer::apply, stream, 3, 3);
                System.out.printf("PROBE %-16s cmds %8d gen %.1fs  qsl %8.1f ns (%.2f M/s)  qsl@2^16 %8.1f  xc %8.1f ns (%.2f M/s)  ratio %.2f rejects %d%n",
                        w, stream.count(), gen, q, 1e3 / q, q16, x, 1e3 / x, x / q, sink.rejects());
            }
        }
        String scat = System.getProperty("scatter", "1000,10000,100000");
        for (String r : scat.split(",")) {
            if (r.isEmpty()) continue;
            int resting = Integer.parseInt(r);
            try (Arena arena = Arena.ofShared()) {
                CommandStream stream = EngineWorkloads.scattered(1, resting, Math.max(200_000, resting), arena);
                try (MatchingEngine e = EngineWorkloads.newEngine(stream, new CountingSink())) {
                    stream.register(e);
                    // prefill untimed, then time the main phase for up to 8 s
                    long[] cursor = {0};
                    run(e::apply, stream.commands(), stream.bytes(), cursor, 1e9, resting);
                    long t0 = cpu();
                    long n = run(e::apply, stream.commands(), stream.bytes(), cursor, 4, stream.generated() - resting - 1000);
                    System.out.printf("SCALE scattered resting %8d: %.1f cpu ns/command over %d commands%n", resting,
                            (cpu() - t0) / (double) n, n);
                }
            }
        }
    }
}
