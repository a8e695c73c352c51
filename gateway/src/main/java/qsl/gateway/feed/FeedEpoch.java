package qsl.gateway.feed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The feed's start counter, kept in the node's data directory (file {@value #FILE}: the decimal
 * number of the last start): each start of a node's feed takes the next number and names its
 * MoldUDP64 session after it ({@link #sessionName}), so two starts never share a session name,
 * however close together, and the names are the same on every run of the same sequence of starts
 * (the first start on an empty directory is always {@code Q000000001}). The new number is written
 * to a temporary file, forced to disk and renamed over the old one (then the directory is forced),
 * before the session opens: a crash leaves either the old number or the new one, never a torn file,
 * and a number once used is never handed out again on that directory.
 */
public final class FeedEpoch {
    /** The counter's file name in the data directory. */
    public static final String FILE = "feed.epoch";

    private FeedEpoch() {}

    /** Reads the last start number (0 when there is none), stores the next one durably and returns it. */
    public static long next(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        long last = 0;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try {
                last = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(file + " does not hold a start number: '" + text + "'");
            }
            if (last < 0) throw new IOException(file + " holds a negative start number: " + last);
        }
        long next = last + 1;
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
        return next;
    }

    /** The session name of start {@code epoch}: {@code Q} and nine decimal digits (10 characters, MoldUDP64's session length). */
    public static String sessionName(long epoch) {
        if (epoch < 1 || epoch > 999_999_999L) throw new IllegalArgumentException("start number out of range: " + epoch);
        return String.format(java.util.Locale.ROOT, "Q%09d", epoch);
    }
}
