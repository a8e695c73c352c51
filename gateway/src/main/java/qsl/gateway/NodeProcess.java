package qsl.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A node in a child JVM ({@link NodeMain} on this JVM's class path), for crash tests and the
 * demo: started from a config file, its port read from its start banner, stopped by SIGTERM or
 * killed by SIGKILL.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output;
    private final InetSocketAddress address;
    private final Thread reader;

    private NodeProcess(Process p, InetSocketAddress a, List<String> output, Thread reader) {
        this.process = p;
        this.reader = reader;
        this.address = a;
        this.output = output;
    }

    /** Starts the child and waits (up to {@code timeoutSeconds}) until it listens and a SIGTERM would drain it. */
    public static NodeProcess start(Path config, List<String> jvmArgs, long timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeMain.class.getName());
        cmd.add(config.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new CopyOnWriteArrayList<>();
        String[] listening = new String[1];
        boolean[] ready = new boolean[1];
        Object lock = new Object();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                    int i = line.indexOf("listening on ");
                    if (i >= 0 && listening[0] == null) {
                        synchronized (lock) {
                            listening[0] = line.substring(i + "listening on ".length()).split(" ")[0];
                            lock.notifyAll();
                        }
                    }
                    if (line.equals(NodeMain.READY)) {
                        synchronized (lock) {
                            ready[0] = true;
                            lock.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "node-child-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (lock) {
            while ((listening[0] == null || !ready[0]) && p.isAlive() && System.nanoTime() < deadline) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (listening[0] == null || !ready[0]) {
            p.destroyForcibly();
            throw new IOException("node did not start; its output:\n" + String.join("\n", out));
        }
        String hp = listening[0];
        int colon = hp.lastIndexOf(':');
        return new NodeProcess(p, new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))), out, reader);
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    /** Every line the child printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor();
    }

    /** SIGTERM (a drain), then waits up to {@code timeoutSeconds}; returns the exit code (-1 on timeout, then killed). */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        // SIGTERM on Linux, through the handle: Process.destroy() would also close our end of the
        // child's output, losing what it prints while it drains.
        process.toHandle().destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return -1;
        }
        reader.join(30_000); // the reader ends at the end of the output: every line is in output()
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
