package qsl.workload.zerogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.workload.WorkloadShape;
import qsl.perf.alloc.ChildJvm;

/**
 * Zero-GC proof for the matching engine: at least 20 million commands of the exchange-core
 * workload through {@code MatchingEngine} in a child JVM under Epsilon GC (which never collects)
 * with a 64 MB heap. The workload is generated here, in the parent, and handed over as a file the
 * child maps off-heap, so nothing but the engine runs in the child's steady state. The child also
 * reads its thread's allocation counter around the steady window; it must stay tiny.
 * {@code -Dqsl.stress=long} runs 200 million.
 */
class ZeroGcEpsilonTest {
    /** Allowed bytes over the steady window: a handful of objects at most, nothing per command. */
    static final long ALLOCATION_BOUND = 1024;

    private static Path writeWorkload(int mainCommands) throws IOException {
        Path file = Files.createTempFile("qsl-zerogc", ".cmds");
        try (Arena arena = Arena.ofConfined();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Workload w = WorkloadGenerator.generate(WorkloadShape.EXCHANGE_CORE, 42, mainCommands, true, arena);
            var buf = w.commands().asByteBuffer();
            while (buf.hasRemaining()) ch.write(buf);
        }
        return file;
    }

    /** The harness itself can fail: a sink that allocates per trade is caught (dies, or exceeds the bound). */
    @Test
    void anAllocatingSinkIsCaught() throws IOException, InterruptedException {
        Path file = writeWorkload(200_000);
        try {
            ChildJvm.Result r = ChildJvm.run(EpsilonReplayMain.class, ChildJvm.epsilon(64),
                    List.of(file.toString(), WorkloadShape.EXCHANGE_CORE.name(), "2000000", "1", "allocating"), 300);
            Matcher m = DONE.matcher(r.stdout());
            boolean caught = !r.ok() || !m.find() || Long.parseLong(m.group(2)) > ALLOCATION_BOUND;
            System.out.println("allocating sink: exit " + r.exitCode() + ", " + r.stdout().lines().filter(l -> l.startsWith("ZERO_GC_DONE"))
                    .findFirst().orElse("no completion line"));
            assertTrue(caught, "an allocating sink went unnoticed:\n" + r.stdout());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final Pattern DONE =
            Pattern.compile("ZERO_GC_DONE steadyCommands=(\\d+) allocatedBytes=(-?\\d+) rejects=(\\d+) resting=(\\d+) massCancelled=(\\d+)");

    @Test
    void twentyMillionCommandsUnderEpsilonAllocateNothing() throws IOException, InterruptedException {
        boolean longRun = "long".equals(System.getProperty("qsl.stress"));
        long steady = longRun ? 200_000_000L : 20_000_000L;
        Path file = writeWorkload(1_000_000);
        try {
            ChildJvm.Result r = ChildJvm.run(EpsilonReplayMain.class, ChildJvm.epsilon(64),
                    List.of(file.toString(), WorkloadShape.EXCHANGE_CORE.name(), Long.toString(steady), "3"), 600);
            System.out.println("child stdout:\n" + r.stdout());
            assertTrue(r.ok(), "child JVM failed (exit " + r.exitCode() + ", timed out " + r.timedOut() + "):\n" + r.stderr());
            Matcher m = DONE.matcher(r.stdout());
            assertTrue(m.find(), "child did not report completion:\n" + r.stdout() + r.stderr());
            long ran = Long.parseLong(m.group(1));
            long allocated = Long.parseLong(m.group(2));
            assertTrue(ran >= steady, "ran only " + ran + " commands");
            assertTrue(allocated >= 0 && allocated <= ALLOCATION_BOUND,
                    "steady state allocated " + allocated + " bytes over " + ran + " commands");
            assertEquals(0, Long.parseLong(m.group(3)), "the replayed workload must run without rejects");
            assertEquals(0, Long.parseLong(m.group(4)), "the closed-out workload must leave the book empty");
            assertTrue(Long.parseLong(m.group(5)) > 0, "each pass mass-cancels account 1's two side orders");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
