package qsl.numa;

import java.io.PrintStream;
import java.util.Locale;

/** The study's progress display: one line per step with elapsed time, the planned total and a bar. */
final class Progress {
    private final PrintStream out;
    private final double plannedSeconds;
    private final long start = System.nanoTime();
    private double scheduled;

    Progress(PrintStream out, double plannedSeconds) {
        this.out = out;
        this.plannedSeconds = plannedSeconds;
    }

    /** Announces a step expected to take {@code seconds}. */
    void step(String label, double seconds) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        int percent = (int) Math.min(100, Math.round(100 * scheduled / plannedSeconds));
        int filled = percent / 5;
        out.printf(Locale.ROOT, "[%s%s] %3d%% %5.1fs/~%.0fs  %s (%.1fs)%n", "#".repeat(filled), ".".repeat(20 - filled), percent, elapsed,
                plannedSeconds, label, seconds);
        out.flush();
        scheduled += seconds;
    }

    /** What a step found. */
    void result(String line) {
        out.println("                                         -> " + line);
        out.flush();
    }

    void note(String line) {
        out.println("numa-study: " + line);
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
