package qsl.bench.wal;

import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The peer: Chronicle Queue's appender writing {@code SIZE}-byte excerpts (its default: memory-mapped,
 * no sync, like qsl's {@code none} mode). Run in a child JVM with the module flags Chronicle needs.
 * Prints {@code records_per_s R mb_per_s M read_records_per_s T}. Arguments: DIR SIZE SECONDS.
 */
public final class ChronicleAppendMain {
    private ChronicleAppendMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        Files.createDirectories(dir);
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir).build()) {
            ExcerptAppender appender = q.createAppender();
            Bytes<?> payload = Bytes.allocateDirect(size);
            for (int i = 0; i < size; i++) payload.writeByte((byte) i);
            // Warm-up.
            for (int i = 0; i < 200_000; i++) appender.writeBytes(payload);
            long n = 0;
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long now;
            do {
                for (int i = 0; i < 10_000; i++) appender.writeBytes(payload);
                n += 10_000;
                now = System.nanoTime();
            } while (now < deadline);
            double s = (now - start) / 1e9;
            ExcerptTailer t = q.createTailer();
            long read = 0;
            long rs = System.nanoTime();
            Bytes<?> into = Bytes.allocateElasticDirect(size);
            while (t.readBytes(into)) {
                into.clear();
                read++;
            }
            double rsec = (System.nanoTime() - rs) / 1e9;
            System.out.printf("records_per_s %.1f mb_per_s %.3f read_records_per_s %.1f records %d%n",
                    n / s, n * (double) size / s / 1e6, read / rsec, read);
        }
    }
}
