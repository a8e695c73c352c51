package qsl.perf.stat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The measured process's side of {@code perf stat --control}: {@link PerfStat#run} starts perf
 * with counting off and names two FIFOs in the environment; the workload calls
 * {@link #enable()} when its warm-up is over and {@link #disable()} when its window ends, so
 * the counters cover the steady state only. Outside perf (no such variables) both do nothing.
 */
public final class PerfStatControl implements AutoCloseable {
    /** Environment variable naming perf's control FIFO. */
    public static final String CTL_ENV = "QSL_PERF_CTL_FIFO";
    /** Environment variable naming perf's acknowledgement FIFO. */
    public static final String ACK_ENV = "QSL_PERF_ACK_FIFO";

    private final OutputStream ctl;
    private final InputStream ack;

    private PerfStatControl(OutputStream ctl, InputStream ack) {
        this.ctl = ctl;
        this.ack = ack;
    }

    /** Opens the FIFOs named in the environment; a control that does nothing when there are none. */
    public static PerfStatControl fromEnvironment() throws IOException {
        String c = System.getenv(CTL_ENV);
        String a = System.getenv(ACK_ENV);
        if (c == null || a == null) return new PerfStatControl(null, null);
        OutputStream out = new FileOutputStream(c);
        InputStream in = new FileInputStream(a);
        return new PerfStatControl(out, in);
    }

    /** True when a perf stat is listening. */
    public boolean active() {
        return ctl != null;
    }

    public void enable() throws IOException {
        command("enable");
    }

    public void disable() throws IOException {
        command("disable");
    }

    /** Sends a command and waits for perf's "ack", so counting has switched before this returns. */
    private void command(String what) throws IOException {
        if (ctl == null) return;
        ctl.write((what + "\n").getBytes(StandardCharsets.US_ASCII));
        ctl.flush();
        // perf answers "ack\n" and (perf 6.x) a trailing NUL: read up to the newline, skipping NULs
        // left from the previous answer.
        while (true) {
            int b = ack.read();
            if (b < 0) throw new IOException("perf closed its ack FIFO after '" + what + "'");
            if (b == '\n') return;
        }
    }

    @Override
    public void close() throws IOException {
        if (ctl != null) ctl.close();
        if (ack != null) ack.close();
    }
}
