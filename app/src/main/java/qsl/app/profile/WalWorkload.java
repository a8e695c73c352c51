package qsl.app.profile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import qsl.perf.profile.ProfiledWorkload;
import qsl.wal.DurabilityMode;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The write-ahead log's append path: {@link qsl.book.CommandDescriptor#LENGTH}-byte records (an engine command each) appended to a
 * fresh log in a temporary directory, {@value #BATCH} per batch, in the chosen durability mode
 * ({@code batch} by default: one fdatasync per 256 records or 1 ms). The directory is deleted
 * on close. With {@code none} the log grows at memory speed: keep such runs short.
 */
final class WalWorkload implements ProfiledWorkload {
    static final int BATCH = 64;
    static final int RECORD = qsl.book.CommandDescriptor.LENGTH;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment source = arena.allocate(RECORD, 8);
    private final Path dir;
    private final WalWriter writer;
    private final DurabilityMode mode;
    private long counter;

    WalWorkload(WorkloadOptions options) throws IOException {
        this.mode = DurabilityMode.parse(options.walMode());
        this.dir = Files.createTempDirectory("qsl-profile-wal");
        WalWriter.Open open = WalWriter.open(WalConfig.of(dir, mode), 1);
        if (!(open instanceof WalWriter.Open.Ready ready)) {
            deleteTree(dir);
            throw new IOException("write-ahead log did not open in " + dir + ": " + open);
        }
        this.writer = ready.writer();
        source.set(ValueLayout.JAVA_LONG, 8, options.seed());
    }

    @Override
    public String name() {
        return "wal";
    }

    @Override
    public String description() {
        return "WalWriter.append of " + RECORD + "-byte records, " + BATCH + " per batch, durability " + mode.label()
                + ", 64 MiB segments in a temporary directory";
    }

    @Override
    public long runBatch() {
        for (int i = 0; i < BATCH; i++) {
            source.set(ValueLayout.JAVA_LONG, 0, ++counter);
            long seq = writer.append(1, source, 0, RECORD);
            if (seq < 0) throw new IllegalStateException("append failed with status " + seq + ": " + writer.lastError());
        }
        return BATCH;
    }

    @Override
    public List<String> hotFramePrefixes() {
        return List.of("qsl.wal.");
    }

    @Override
    public void close() throws IOException {
        writer.close();
        arena.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
