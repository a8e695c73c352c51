package qsl.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code strace -c -p TID} attached to one node thread for a window: syscall counts of that thread
 * only (ptrace attaches per thread). strace stops the traced thread at every syscall, so the node
 * is slower while traced: the counts per order are the figure, not the latency of that run.
 */
final class SyscallProfile implements AutoCloseable {
    private final Process strace;
    private final Path out;

    private SyscallProfile(Process p, Path out) {
        this.strace = p;
        this.out = out;
    }

    /** Whether {@code strace} runs here (installed and allowed to ptrace). */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("strace", "-c", "-o", "/dev/null", "true").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "strace did not finish";
            }
            String o = new String(p.getInputStream().readAllBytes());
            return p.exitValue() == 0 ? null : "strace failed: " + o.strip();
        } catch (IOException | InterruptedException e) {
            return "strace not runnable: " + e.getMessage();
        }
    }

    static SyscallProfile attach(long tid, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("strace", "-c", "-o", out.toString(), "-p", Long.toString(tid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(300); // let it attach
        return new SyscallProfile(p, out);
    }

    /** Detaches (SIGTERM: strace prints its summary) and returns calls per syscall name plus "total". */
    Map<String, Long> stop() throws IOException, InterruptedException {
        strace.destroy();
        strace.waitFor(10, TimeUnit.SECONDS);
        Map<String, Long> calls = new LinkedHashMap<>();
        long total = 0;
        if (!Files.exists(out)) return calls;
        List<String> lines = Files.readAllLines(out);
        for (String l : lines) {
            String[] t = l.strip().split("\\s+");
            if (t.length < 5 || !Character.isDigit(t[0].charAt(0)) || t[t.length - 1].equals("total")) continue;
            String name = t[t.length - 1];
            long c = Long.parseLong(t[3]);
            calls.put(name, c);
            total += c;
        }
        calls.put("total", total);
        return calls;
    }

    @Override
    public void close() {
        if (strace.isAlive()) strace.destroyForcibly();
    }
}
