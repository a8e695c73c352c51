package qsl.perf.alloc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM on this JVM's class path: the way tests prove a hot loop
 * allocates nothing (Epsilon GC and a small heap: any steady-state allocation kills the child)
 * and the way the crash harness gets a process it can kill.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Exit code and captured output of a finished child. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    /** JVM flags for an allocation-intolerant run: Epsilon GC (never collects) with a heap of {@code heapMb}. */
    public static List<String> epsilon(int heapMb) {
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC",
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+AlwaysPreTouch");
    }

    /**
     * JVM flags that log every collection and pause to {@code file} (unified logging, tag
     * {@code gc}, uptime decorations), for {@link GcLog#parse}.
     */
    public static List<String> gcLog(Path file) {
        return List.of("-Xlog:gc:file=" + file.toAbsolutePath() + ":uptime,level,tags");
    }

    /**
     * JVM flags a sampling profiler needs for exact Java frames: debug info at every instruction,
     * not only at safepoints, so inlined frames are attributed to the right method.
     */
    public static List<String> exactProfilingFrames() {
        return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
    }

    /** The java binary running this JVM. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line for {@code mainClass} with {@code jvmArgs}, on this JVM's class path. */
    public static List<String> command(Class<?> mainClass, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Runs to completion or {@code timeoutSeconds}, whichever comes first (then kills it). */
    public static Result run(Class<?> mainClass, List<String> jvmArgs, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("qsl-child", ".out");
        Path err = Files.createTempFile("qsl-child", ".err");
        try {
            Process p = new ProcessBuilder(command(mainClass, jvmArgs, args))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
            }
            return new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), !done);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
