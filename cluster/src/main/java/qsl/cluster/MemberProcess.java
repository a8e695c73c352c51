package qsl.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member in a child JVM ({@link ClusterMemberMain}) on this JVM's class path: started,
 * SIGKILLed and restarted on the same directory by the demo and the three-JVM test. Reads the
 * child's {@code READY} and {@code DIGEST} lines into shared state; its stderr goes to
 * {@code member-N.log} beside the member's directory.
 */
public final class MemberProcess {
    /** One {@code DIGEST} line: what a member reported at one log position. */
    public record DigestLine(int member, long token, long position, String digest, long sequence, long applied, String sessions) {
        /** True when every member reported the same log position, engine digest, sequence, applied count and session table. */
        public static boolean allEqual(Map<Integer, DigestLine> reports) {
            DigestLine first = reports.values().iterator().next();
            for (DigestLine l : reports.values()) {
                if (l.position() != first.position() || !l.digest().equals(first.digest()) || l.sequence() != first.sequence()
                        || l.applied() != first.applied() || !l.sessions().equals(first.sessions())) return false;
            }
            return true;
        }
    }

    private final int member;
    private final ClusterLayout layout;
    private final Path dir;
    private final long parkMicros;
    private final Map<Long, Map<Integer, DigestLine>> digests;
    private final PrintStream echo;
    private final List<String> command;
    private final java.util.function.Consumer<String> lines;
    private volatile Process process;
    private volatile boolean ready;
    private volatile boolean readyFromSnapshot;
    private int starts;

    /**
     * @param digests shared by all members: token -> member -> line
     * @param echo where to echo the child's other output lines (null: drop them)
     */
    public MemberProcess(int member, ClusterLayout layout, Path dir, long parkMicros, Map<Long, Map<Integer, DigestLine>> digests,
                         PrintStream echo) {
        this(member, layout, dir, parkMicros, digests, echo, command(member, layout, dir, parkMicros), null);
    }

    /**
     * A child JVM running {@code command} (a {@link #javaCommand} plus a main class and its
     * arguments); every output line other than {@code READY} and {@code DIGEST} goes to {@code lines}
     * (when not null) as well as to {@code echo}.
     */
    public MemberProcess(int member, ClusterLayout layout, Path dir, long parkMicros, Map<Long, Map<Integer, DigestLine>> digests,
                         PrintStream echo, List<String> command, java.util.function.Consumer<String> lines) {
        this.command = List.copyOf(command);
        this.lines = lines;
        this.member = member;
        this.layout = layout;
        this.dir = dir;
        this.parkMicros = parkMicros;
        this.digests = digests;
        this.echo = echo;
    }

    /** The command line of a member child JVM. */
    public static List<String> command(int member, ClusterLayout layout, Path dir, long parkMicros) {
        List<String> cmd = javaCommand();
        cmd.add(ClusterMemberMain.class.getName());
        cmd.add("--member");
        cmd.add(Integer.toString(member));
        cmd.add("--hosts");
        cmd.add(String.join(",", layout.hosts()));
        cmd.add("--port-base");
        cmd.add(Integer.toString(layout.portBase()));
        cmd.add("--dir");
        cmd.add(dir.toAbsolutePath().toString());
        cmd.add("--park-us");
        cmd.add(Long.toString(parkMicros));
        return cmd;
    }

    /** {@code java} with the flags Aeron needs and this JVM's class path: a main class and its arguments follow. */
    public static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-exports");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-Xms64m");
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException("member " + member + " is running");
        ready = false;
        starts++;
        File log = dir.resolveSibling("member-" + member + ".log").toFile();
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = process;
        Thread reader = new Thread(() -> read(p), "member-" + member + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    readyFromSnapshot = line.contains("snapshot=true");
                    ready = true;
                } else if (line.startsWith("DIGEST ")) {
                    DigestLine d = parse(line);
                    if (d != null) digests.computeIfAbsent(d.token(), t -> new ConcurrentHashMap<>()).put(d.member(), d);
                } else {
                    if (lines != null) lines.accept(line);
                    if (echo != null) echo.println("[member " + member + "] " + line);
                }
            }
        } catch (IOException e) {
            // the child died: its pipe closed
        }
    }

    private static DigestLine parse(String line) {
        Map<String, String> f = new java.util.HashMap<>();
        for (String part : line.substring(7).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) f.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            return new DigestLine(Integer.parseInt(f.get("member")), Long.parseLong(f.get("token")), Long.parseLong(f.get("position")),
                    f.get("digest"), Long.parseLong(f.get("sequence")), Long.parseLong(f.get("applied")), f.get("sessions"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** SIGKILL: the member gets no chance to say anything to anyone. Waits until the process is gone. */
    public void kill() {
        Process p = process;
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready = false;
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code graceMs}. */
    public void stop(long graceMs) {
        Process p = process;
        if (p == null) return;
        p.destroy();
        try {
            if (!p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        ready = false;
    }

    public boolean ready() {
        return ready && process != null && process.isAlive();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public boolean readyFromSnapshot() {
        return readyFromSnapshot;
    }

    public int member() {
        return member;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }
}
