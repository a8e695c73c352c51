package qsl.perf.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code meta} object of a results file: when, on what, from which commit, by which command.
 * {@code dirty} is true when tracked or new files outside {@code results/} differ from the commit:
 * results files are outputs, so a study run after another does not count as dirty.
 */
public final class RunMetadata {
    private RunMetadata() {}

    public static Map<String, Object> collect(String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        String commit = git("rev-parse", "HEAD");
        m.put("commit", commit == null ? "unknown" : commit);
        String status = git("status", "--porcelain", "--", ".", ":(exclude)results");
        m.put("dirty", status == null || !status.isEmpty());
        m.put("command", command);
        return m;
    }

    /** The command line to record: the launcher exports it as {@code QSL_COMMAND}. */
    public static String command(String fallback) {
        String fromLauncher = System.getenv("QSL_COMMAND");
        return fromLauncher == null || fromLauncher.isBlank() ? fallback : fromLauncher;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through to the arch name
        }
        return System.getProperty("os.arch");
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
