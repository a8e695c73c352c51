package qsl.bench.engine;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import qsl.book.MatchingEngine;

/**
 * Child-JVM check (run under Epsilon GC by {@link EngineReplayAllocationTest}): replays a workload's
 * cyclic stream through qsl's engine with the benchmark's counting sink until the JIT has settled,
 * then prints the bytes the thread allocated over further whole cycles.
 * Args: workload name, main-phase commands, warm cycles, measured cycles.
 * Prints {@code allocated=<bytes> commands=<n> trades=<n>}.
 */
public final class EngineReplayNoAllocationMain {
    private EngineReplayNoAllocationMain() {}

    public static void main(String[] args) {
        String workload = args[0];
        long main = Long.parseLong(args[1]);
        int warm = Integer.parseInt(args[2]);
        int measured = Integer.parseInt(args[3]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofShared()) {
            CommandStream stream = EngineWorkloads.cyclic(workload, 5, main, arena);
            CountingSink sink = new CountingSink();
            try (MatchingEngine engine = EngineWorkloads.newEngine(stream, sink)) {
                stream.register(engine);
                for (int i = 0; i < warm; i++) {
                    stream.replay(engine);
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < measured; i++) {
                    stream.replay(engine);
                }
                long after = threads.getCurrentThreadAllocatedBytes();
                System.out.println("allocated=" + (after - before) + " commands=" + measured * stream.count()
                        + " trades=" + sink.trades() + " resting=" + engine.restingOrders());
            }
        }
    }
}
