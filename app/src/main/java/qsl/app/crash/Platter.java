package qsl.app.crash;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import qsl.wal.NativeFiles;

/**
 * A shadow disk ("platter") kept from the file system calls a process really makes, for simulating
 * a power loss afterwards (the model of LazyFS, and of SQLite's crash VFS): a file's content reaches
 * the platter only when an {@code fdatasync}/{@code fsync} of that file returns; a file's name (a
 * creation, a rename, a deletion) only when its directory is {@code fsync}ed. Installed as the
 * process's {@link NativeFiles.Hook}, so it sees exactly the calls made, not what the writer claims.
 *
 * <p>State lives on disk beside the directory being watched, so it survives the SIGKILL of the
 * process that keeps it: {@code files/<id>} holds each file's synced bytes (copied page by page
 * after each sync; a copy torn by the kill leaves a subset of the new pages, which a power loss may
 * leave too) and {@code ops.log} the name operations and directory commits, one line per
 * {@code write}, a torn last line ignored.
 *
 * <p>{@link #materialize} then rebuilds the watched directory as a power loss could leave it:
 * directories hold the entries of their last commit (or, in a quarter of the trials, the names as
 * they were at the kill: a journal commit may have carried them); each file holds its synced bytes
 * with any subset of its unsynced pages (torn at page granularity) and either its synced or its last
 * size. The directory passed as root (the mount) is durable itself.
 */
public final class Platter implements NativeFiles.Hook {
    static final int PAGE = 4096;

    /** What a planted fault does (the harness must catch each). */
    public enum Plant {
        NONE,
        /** File syncs report success without a system call. */
        NO_SYNC,
        /** Directory syncs report success without a system call. */
        NO_DIR_SYNC,
        /** The child acknowledges a record before it is durable (handled by the child, not here). */
        EARLY_ACK
    }

    /** Where a targeted kill stops the process: before the n-th call of the kind. */
    public enum KillPoint {
        RANDOM, ROLL, SNAPSHOT_WRITE, RENAME, PRUNE, RECOVERY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path root;
    private final Path files;
    private final FileOutputStream ops;
    private final Plant plant;
    private final KillPoint kill;
    private int killCountdown;
    private final Runnable onKillPoint;

    private final Map<Path, Integer> ids = new HashMap<>();
    private final Map<Integer, Integer> fdIds = new HashMap<>();
    private final Map<Integer, Path> fdDirs = new HashMap<>();
    private final Map<Integer, Path> fdPaths = new HashMap<>();
    private int nextId = 1;

    /**
     * Starts a platter for {@code root} in {@code platterDir} (outside root). Whatever root holds
     * now is taken as durable.
     *
     * @param kill where to stop ({@link KillPoint#RANDOM}: nowhere, the parent kills on a timer)
     * @param killAt stop before the {@code killAt}-th call of that kind (1-based)
     * @param onKillPoint called there (it tells the parent and waits to be killed)
     */
    Platter(Path root, Path platterDir, Plant plant, KillPoint kill, int killAt, Runnable onKillPoint) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.files = platterDir.resolve("files");
        Files.createDirectories(files);
        this.ops = new FileOutputStream(platterDir.resolve("ops.log").toFile(), true);
        this.plant = plant;
        this.kill = kill;
        this.killCountdown = killAt;
        this.onKillPoint = onKillPoint;
        adopt(this.root);
    }

    /** Takes what a directory holds now as durable: contents copied, a commit line written; recursively. */
    private void adopt(Path dir) throws IOException {
        List<Path> kids;
        try (Stream<Path> s = Files.list(dir)) {
            kids = s.sorted().toList();
        }
        for (Path k : kids) {
            if (Files.isDirectory(k)) {
                adopt(k);
            } else {
                int id = nextId++;
                ids.put(k, id);
                log("N " + id + " " + k);
                Files.copy(k, files.resolve(Integer.toString(id)));
            }
        }
        commit(dir);
    }

    private void log(String line) {
        try {
            ops.write((line + "\n").getBytes(StandardCharsets.UTF_8)); // one write: a kill tears at most this line
        } catch (IOException e) {
            throw new IllegalStateException("platter log: " + e, e);
        }
    }

    private boolean watched(Path p) {
        return p != null && p.toAbsolutePath().normalize().startsWith(root);
    }

    private Path pathOf(int fd) {
        Path p = fdPaths.get(fd);
        return p != null ? p : fdDirs.get(fd);
    }

    // synchronized: a none-mode writer's segment preparer makes its calls on a thread of its own.
    @Override
    public synchronized int before(int call, int fd, Path path) {
        Path p = path != null ? path : fd >= 0 ? pathOf(fd) : null;
        if (!watched(p) && !(call == NativeFiles.CALL_FSYNC && fdDirs.containsKey(fd))) return NativeFiles.PROCEED;
        boolean dir = fd >= 0 && fdDirs.containsKey(fd);
        if (kill != KillPoint.RANDOM && matches(call, p, dir) && --killCountdown == 0) onKillPoint.run();
        if (plant == Plant.NO_SYNC && call == NativeFiles.CALL_DATASYNC && !dir) return NativeFiles.SKIP;
        if (plant == Plant.NO_DIR_SYNC && call == NativeFiles.CALL_FSYNC && dir) return NativeFiles.SKIP;
        return NativeFiles.PROCEED;
    }

    private boolean matches(int call, Path p, boolean dir) {
        String name = p == null ? "" : p.getFileName().toString();
        return switch (kill) {
            // A segment roll: the next segment created (before its preallocation), or the directory sync that publishes it.
            case ROLL -> call == NativeFiles.CALL_FALLOCATE && name.startsWith("wal-") && !name.equals("wal-00000000000000000000.log");
            case SNAPSHOT_WRITE -> (call == NativeFiles.CALL_PWRITE || call == NativeFiles.CALL_DATASYNC) && name.endsWith(".snap.tmp");
            case RENAME -> call == NativeFiles.CALL_RENAME;
            case PRUNE -> call == NativeFiles.CALL_UNLINK;
            case RECOVERY -> call == NativeFiles.CALL_TRUNCATE || call == NativeFiles.CALL_FALLOCATE || call == NativeFiles.CALL_UNLINK
                    || call == NativeFiles.CALL_DATASYNC || (call == NativeFiles.CALL_FSYNC && dir);
            case RANDOM -> false;
        };
    }

    @Override
    public synchronized void after(int call, int fd, Path path, Path to, long arg) {
        switch (call) {
            case NativeFiles.CALL_OPEN -> {
                Path p = path.toAbsolutePath().normalize();
                if (!watched(p)) return;
                if (Files.isDirectory(p)) {
                    fdDirs.put(fd, p);
                    return;
                }
                Integer id = ids.get(p);
                if (id == null) {
                    id = nextId++;
                    ids.put(p, id);
                    log("N " + id + " " + p);
                }
                fdIds.put(fd, id);
                fdPaths.put(fd, p);
            }
            case NativeFiles.CALL_CLOSE -> {
                fdIds.remove(fd);
                fdPaths.remove(fd);
                fdDirs.remove(fd);
            }
            case NativeFiles.CALL_DATASYNC, NativeFiles.CALL_FSYNC -> {
                Path dir = fdDirs.get(fd);
                if (dir != null) {
                    commit(dir);
                } else if (fdIds.containsKey(fd)) {
                    syncContent(fdIds.get(fd), fdPaths.get(fd));
                }
            }
            case NativeFiles.CALL_RENAME -> {
                Path from = path.toAbsolutePath().normalize();
                Path dest = to.toAbsolutePath().normalize();
                if (!watched(from) && !watched(dest)) return;
                Integer id = ids.remove(from);
                if (id != null) ids.put(dest, id);
                for (Map.Entry<Integer, Path> e : fdPaths.entrySet()) if (e.getValue().equals(from)) e.setValue(dest);
                log("R " + from + " " + dest);
            }
            case NativeFiles.CALL_UNLINK -> {
                Path p = path.toAbsolutePath().normalize();
                if (!watched(p)) return;
                ids.remove(p);
                log("U " + p);
            }
            case NativeFiles.CALL_MKDIR -> {
                Path p = path.toAbsolutePath().normalize();
                if (watched(p)) log("M " + p);
            }
            default -> { }
        }
    }

    /** A directory sync returned: its entries as they are now are durable. */
    private void commit(Path dir) {
        StringBuilder b = new StringBuilder("D ").append(dir).append(' ');
        try (Stream<Path> s = Files.list(dir)) {
            boolean first = true;
            for (Path k : s.sorted().toList()) {
                Path n = k.toAbsolutePath().normalize();
                String v;
                if (Files.isDirectory(n)) {
                    v = "d";
                } else {
                    Integer id = ids.get(n);
                    if (id == null) continue; // made without the calls this platter sees: not in its model
                    v = Integer.toString(id);
                }
                if (!first) b.append('/');
                first = false;
                b.append(n.getFileName()).append(':').append(v);
            }
        } catch (IOException e) {
            throw new IllegalStateException("list " + dir + ": " + e, e);
        }
        log(b.toString());
    }

    /** A file sync returned: copy the pages that differ from the platter, and the size. */
    private void syncContent(int id, Path real) {
        Path shadow = files.resolve(Integer.toString(id));
        try (RandomAccessFile r = new RandomAccessFile(real.toFile(), "r");
             RandomAccessFile w = new RandomAccessFile(shadow.toFile(), "rw")) {
            long size = r.length();
            long old = w.length();
            byte[] a = new byte[PAGE];
            byte[] b = new byte[PAGE];
            for (long at = 0; at < size; at += PAGE) {
                int n = (int) Math.min(PAGE, size - at);
                r.seek(at);
                r.readFully(a, 0, n);
                int m = 0;
                if (at < old) {
                    m = (int) Math.min(n, old - at);
                    w.seek(at);
                    w.readFully(b, 0, m);
                }
                if (m == n && Arrays.equals(a, 0, n, b, 0, n)) continue;
                w.seek(at);
                w.write(a, 0, n);
            }
            if (old != size) w.setLength(size);
        } catch (IOException e) {
            throw new IllegalStateException("platter copy of " + real + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- the power loss

    /** What {@link #materialize} did, for the trial's record. */
    record Loss(boolean namesAtKill, double pageKeep, int files, int pagesDropped, int pagesKept, int sizesRolledBack) {}

    /**
     * Replaces what {@code root} holds with what a power loss could leave of it, from the platter in
     * {@code platterDir}. {@code pageKeep}: chance that an unsynced page survives (any subset).
     */
    static Loss materialize(Path root, Path platterDir, SplittableRandom rng) throws IOException {
        Path rootAbs = root.toAbsolutePath().normalize();
        Map<Path, String> lastCommit = new LinkedHashMap<>();
        Map<Path, Integer> liveIds = new HashMap<>();
        byte[] raw = Files.exists(platterDir.resolve("ops.log")) ? Files.readAllBytes(platterDir.resolve("ops.log")) : new byte[0];
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
            if (line.length() < 2) continue;
            char op = line.charAt(0);
            String rest = line.substring(2);
            switch (op) {
                case 'N' -> {
                    int sp = rest.indexOf(' ');
                    liveIds.put(Path.of(rest.substring(sp + 1)), Integer.parseInt(rest.substring(0, sp)));
                }
                case 'R' -> {
                    String[] t = rest.split(" ");
                    Integer id = liveIds.remove(Path.of(t[0]));
                    if (id != null) liveIds.put(Path.of(t[1]), id);
                }
                case 'U' -> liveIds.remove(Path.of(rest));
                case 'D' -> {
                    int sp = rest.lastIndexOf(' ');
                    lastCommit.put(Path.of(rest.substring(0, sp)), rest.substring(sp + 1));
                }
                default -> { }
            }
        }
        Map<Integer, Path> realOf = new HashMap<>();
        liveIds.forEach((p, id) -> realOf.put(id, p));
        boolean namesAtKill = rng.nextInt(4) == 0;
        double[] keeps = {0.0, 0.0, 0.5, 1.0, rng.nextDouble()};
        double keep = keeps[rng.nextInt(keeps.length)];
        Path stage = platterDir.resolve("stage");
        deleteTree(stage);
        Files.createDirectories(stage);
        int[] counts = new int[4];
        build(rootAbs, stage, lastCommit, liveIds, realOf, platterDir.resolve("files"), namesAtKill, keep, rng, counts);
        // Swap the staged tree in for root's contents.
        try (Stream<Path> s = Files.list(rootAbs)) {
            for (Path k : s.toList()) deleteTree(k);
        }
        try (Stream<Path> s = Files.list(stage)) {
            for (Path k : s.toList()) Files.move(k, rootAbs.resolve(k.getFileName()));
        }
        deleteTree(stage);
        return new Loss(namesAtKill, keep, counts[0], counts[1], counts[2], counts[3]);
    }

    private static void build(Path dir, Path out, Map<Path, String> lastCommit, Map<Path, Integer> liveIds,
                              Map<Integer, Path> realOf, Path shadows, boolean namesAtKill, double keep,
                              SplittableRandom rng, int[] counts) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        if (namesAtKill && Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path k : s.toList()) {
                    Path n = k.toAbsolutePath().normalize();
                    if (Files.isDirectory(n)) {
                        entries.put(n.getFileName().toString(), "d");
                    } else if (liveIds.containsKey(n)) {
                        entries.put(n.getFileName().toString(), Integer.toString(liveIds.get(n)));
                    }
                }
            }
        } else if (lastCommit.containsKey(dir)) {
            String list = lastCommit.get(dir);
            if (!list.isEmpty()) {
                for (String e : list.split("/")) {
                    int c = e.lastIndexOf(':');
                    entries.put(e.substring(0, c), e.substring(c + 1));
                }
            }
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Path target = out.resolve(e.getKey());
            if (e.getValue().equals("d")) {
                Files.createDirectories(target);
                build(dir.resolve(e.getKey()), target, lastCommit, liveIds, realOf, shadows, namesAtKill, keep, rng, counts);
                continue;
            }
            int id = Integer.parseInt(e.getValue());
            Path shadow = shadows.resolve(Integer.toString(id));
            Path real = realOf.get(id);
            byte[] synced = Files.exists(shadow) ? Files.readAllBytes(shadow) : new byte[0];
            byte[] now = real != null && Files.exists(real) ? Files.readAllBytes(real) : null;
            counts[0]++;
            byte[] result = synced;
            if (now != null && !Arrays.equals(now, synced)) {
                int size = synced.length;
                if (now.length != synced.length) {
                    if (rng.nextBoolean()) size = now.length;
                    else counts[3]++;
                }
                result = new byte[size];
                for (int at = 0; at < size; at += PAGE) {
                    int n = Math.min(PAGE, size - at);
                    boolean differs = false;
                    for (int i = 0; i < n && !differs; i++) differs = byteAt(synced, at + i) != byteAt(now, at + i);
                    boolean takeNew = differs && rng.nextDouble() < keep;
                    if (differs) counts[takeNew ? 2 : 1]++;
                    byte[] src = takeNew ? now : synced;
                    for (int i = 0; i < n; i++) result[at + i] = byteAt(src, at + i);
                }
            }
            Files.write(target, result);
        }
    }

    private static byte byteAt(byte[] a, int i) {
        return i < a.length ? a[i] : 0;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) {
            Files.deleteIfExists(dir);
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) Files.deleteIfExists(all.get(i));
    }
}
