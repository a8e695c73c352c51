package qsl.gateway;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints {@code heap-used <bytes>} to standard output every {@code periodMillis}, allocating
 * nothing after it starts (digits into a preallocated array, one write of it). Under the Epsilon
 * collector, which never frees, a flat line means the process allocated nothing in between: what
 * the node's zero-allocation test reads. Enabled by {@code -Dqsl.node.heapReport=<millis>}.
 */
final class HeapReport implements Runnable {
    private final long periodNanos;
    private final byte[] line = new byte[64];
    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    private final Runtime runtime = Runtime.getRuntime();

    private HeapReport(long periodMillis) {
        this.periodNanos = periodMillis * 1_000_000L;
    }

    /** Starts the reporter when the system property asks for it. */
    static void startIfAsked() {
        String p = System.getProperty("qsl.node.heapReport");
        if (p == null) return;
        Thread t = new Thread(new HeapReport(Long.parseLong(p)), "qsl-heap-report");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        byte[] prefix = {'h', 'e', 'a', 'p', '-', 'u', 's', 'e', 'd', ' '};
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        while (true) {
            long used = runtime.totalMemory() - runtime.freeMemory();
            int n = prefix.length;
            // digits, most significant first
            long div = 1;
            while (used / div >= 10) div *= 10;
            for (; div > 0; div /= 10) line[n++] = (byte) ('0' + (used / div) % 10);
            line[n++] = '\n';
            try {
                out.write(line, 0, n);
            } catch (IOException e) {
                return;
            }
            LockSupport.parkNanos(periodNanos);
        }
    }
}
