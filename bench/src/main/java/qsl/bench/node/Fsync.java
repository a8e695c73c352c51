package qsl.bench.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * The floor under a durable acknowledgement: plain {@code write} of a 64-byte record then
 * {@code fdatasync} ({@link FileChannel#force force(false)}), one at a time, in a file in the
 * directory the node's journal uses, into a histogram of nanoseconds.
 */
final class Fsync {
    private Fsync() {}

    static Histogram measure(Path dir, int count) throws IOException {
        Histogram h = new Histogram(10_000_000_000L, 3);
        Path f = dir.resolve("fdatasync-probe.bin");
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < count + 50; i++) {
                b.clear();
                b.putLong(0, i);
                long t0 = System.nanoTime();
                ch.write(b, (long) i * 64);
                ch.force(false);
                long t = System.nanoTime() - t0;
                if (i >= 50) h.recordValue(t);
            }
        }
        Files.deleteIfExists(f);
        return h;
    }
}
