package qsl.perf.stat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux {@code perf stat} as a measuring instrument: finds the binary, asks the host which
 * counters it can count ({@code perf stat -e instructions true} answers {@code <not supported>}
 * on a machine without a hardware PMU, such as most VMs), runs a command under it with
 * counting switched on and off by the command itself ({@link PerfStatControl}), and
 * classifies the result: {@code measured} when the hardware counters counted,
 * {@code constrained: ...} naming what was missing otherwise.
 */
public final class PerfStat {
    /** Software events: counted by the kernel, available wherever perf is. */
    public static final List<String> SOFTWARE_EVENTS = List.of("task-clock", "context-switches", "cpu-migrations", "page-faults");
    /** Hardware events: need a PMU the host exposes. */
    public static final List<String> HARDWARE_EVENTS =
            List.of("cycles", "instructions", "branches", "branch-misses", "cache-references", "cache-misses");

    private final String perf;

    private PerfStat(String perf) {
        this.perf = perf;
    }

    /** {@code perf} on the PATH (or {@code $QSL_PERF}), or {@code null} when it is not installed. */
    public static PerfStat find() {
        String override = System.getenv("QSL_PERF");
        if (override != null && !override.isBlank()) return Files.isExecutable(Path.of(override)) ? new PerfStat(override) : null;
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "perf");
            if (Files.isExecutable(p)) return new PerfStat(p.toString());
        }
        return null;
    }

    /** Install hint for the docs and error messages. */
    public static final String INSTALL_HINT = "install Linux perf (Debian: apt-get install linux-perf; Ubuntu: linux-tools-$(uname -r))";

    public String binary() {
        return perf;
    }

    /** {@code perf version}'s answer, or why it failed. */
    public String version() {
        try {
            Exec r = exec(List.of(perf, "version"), 10);
            return r.exitCode == 0 ? r.stdout.strip() : "perf version failed: " + r.stderr.strip();
        } catch (IOException e) {
            return "perf version failed: " + e.getMessage();
        }
    }

    /**
     * What the host can count: {@code perf stat -x, -e <events> true}, one reading per event.
     * Throws only when perf cannot be run at all.
     */
    public List<CounterReading> probe(List<String> events) throws IOException {
        Path out = Files.createTempFile("qsl-perf-probe", ".csv");
        try {
            Exec r = exec(List.of(perf, "stat", "-x,", "-o", out.toString(), "-e", String.join(",", events), "true"), 30);
            List<CounterReading> readings = CounterReading.parseCsv(Files.readString(out, StandardCharsets.UTF_8));
            if (readings.isEmpty()) throw new IOException("perf stat answered nothing (exit " + r.exitCode + "): " + r.stderr.strip());
            return readings;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The outcome of {@link #run}. */
    public record Run(List<CounterReading> readings, int exitCode, String stdout, String stderr, boolean timedOut) {}

    /**
     * Runs {@code command} under {@code perf stat -x, -e <events>}, with counting disabled at
     * start ({@code -D -1}) when {@code controlled}: the command enables and disables it over
     * its steady state through the FIFOs named in {@link PerfStatControl}'s environment
     * variables, which this method sets up. Without control, perf counts the whole run.
     */
    public Run run(List<String> events, List<String> command, boolean controlled, long timeoutSeconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("qsl-perf-stat");
        Path out = dir.resolve("counters.csv");
        Path ctl = dir.resolve("ctl.fifo");
        Path ack = dir.resolve("ack.fifo");
        try {
            List<String> cmd = new ArrayList<>(List.of(perf, "stat", "-x,", "-o", out.toString(), "-e", String.join(",", events)));
            if (controlled) {
                mkfifo(ctl);
                mkfifo(ack);
                cmd.addAll(List.of("-D", "-1", "--control", "fifo:" + ctl + "," + ack));
            }
            cmd.add("--");
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (controlled) {
                pb.environment().put(PerfStatControl.CTL_ENV, ctl.toString());
                pb.environment().put(PerfStatControl.ACK_ENV, ack.toString());
            }
            Path so = dir.resolve("stdout");
            Path se = dir.resolve("stderr");
            Process p = pb.redirectOutput(so.toFile()).redirectError(se.toFile()).start();
            // Interrupted (Ctrl-C) while waiting: take perf and the measured command down with us.
            Thread reaper = new Thread(() -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            Runtime.getRuntime().addShutdownHook(reaper);
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will run: nothing to undo
                }
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // the measured command too, not only perf
                p.destroyForcibly();
                p.waitFor();
            }
            String csv = Files.isRegularFile(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
            return new Run(CounterReading.parseCsv(csv), done ? p.exitValue() : -1,
                    Files.readString(so, StandardCharsets.UTF_8), Files.readString(se, StandardCharsets.UTF_8), !done);
        } finally {
            for (Path f : List.of(out, ctl, ack, dir.resolve("stdout"), dir.resolve("stderr"))) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The evidence line for readings: {@code measured} when every hardware event counted;
     * {@code constrained: no hardware counters} when none was supported; otherwise which ones
     * were missing.
     */
    public static String classify(List<CounterReading> readings) {
        List<String> missing = new ArrayList<>();
        int hardware = 0;
        int hardwareCounted = 0;
        for (CounterReading r : readings) {
            boolean hw = HARDWARE_EVENTS.contains(r.event());
            if (hw) hardware++;
            if (r.status() == CounterReading.Status.COUNTED) {
                if (hw) hardwareCounted++;
            } else {
                missing.add(r.event() + " " + r.status().label());
            }
        }
        if (hardware > 0 && hardwareCounted == 0) {
            return "constrained: no hardware counters (" + String.join(", ", missing) + "); software events only";
        }
        if (!missing.isEmpty()) return "constrained: " + String.join(", ", missing);
        return "measured";
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        Exec r = exec(List.of("mkfifo", p.toString()), 10);
        if (r.exitCode != 0) throw new IOException("mkfifo " + p + " failed: " + r.stderr.strip());
    }

    private record Exec(int exitCode, String stdout, String stderr) {}

    private static Exec exec(List<String> cmd, long timeoutSeconds) throws IOException {
        Path so = Files.createTempFile("qsl-exec", ".out");
        Path se = Files.createTempFile("qsl-exec", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(so.toFile()).redirectError(se.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Exec(p.exitValue(), Files.readString(so, StandardCharsets.UTF_8), Files.readString(se, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        } finally {
            Files.deleteIfExists(so);
            Files.deleteIfExists(se);
        }
    }
}
