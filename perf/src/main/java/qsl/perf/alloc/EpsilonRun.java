package qsl.perf.alloc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class in a child JVM under Epsilon GC (which never reclaims anything) with a
 * small heap and its GC log captured: a loop that allocates in its steady state uses the heap
 * up and dies with {@code OutOfMemoryError}; one that does not lives to exit 0. Tests and
 * benches use it as the end-to-end proof of zero allocation.
 */
public final class EpsilonRun {
    private EpsilonRun() {}

    /**
     * How the child ended.
     *
     * @param child exit code and output
     * @param gc the child's GC log, parsed (Epsilon: collector "Epsilon", no collections)
     * @param heapExhausted the child died of {@code OutOfMemoryError}
     */
    public record Outcome(ChildJvm.Result child, GcLog.Summary gc, boolean heapExhausted) {
        /** Exited 0 within its time and never ran out of heap. */
        public boolean survived() {
            return child.ok() && !heapExhausted;
        }

        /** For assertion messages: exit code, collector and the child's stderr tail. */
        public String describe() {
            String err = child.stderr();
            if (err.length() > 2000) err = "..." + err.substring(err.length() - 2000);
            return "exit " + child.exitCode() + (child.timedOut() ? " (timed out)" : "") + ", collector " + gc.collector()
                    + ", heap exhausted " + heapExhausted + ", stderr:\n" + err;
        }
    }

    /**
     * @param heapMb Epsilon heap size (also the initial size, pre-touched)
     * @param extraJvmArgs more flags for the child (may be empty)
     */
    public static Outcome run(Class<?> mainClass, int heapMb, List<String> extraJvmArgs, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("qsl-gc", ".log");
        try {
            List<String> flags = new ArrayList<>(ChildJvm.epsilon(heapMb));
            flags.addAll(ChildJvm.gcLog(log));
            flags.addAll(extraJvmArgs);
            ChildJvm.Result r = ChildJvm.run(mainClass, flags, args, timeoutSeconds);
            GcLog.Summary gc = GcLog.parse(Files.readString(log, StandardCharsets.UTF_8));
            return new Outcome(r, gc, GcLog.heapExhausted(r.stderr()) || GcLog.heapExhausted(r.stdout()));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
