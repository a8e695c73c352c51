package qsl.cluster;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;

/**
 * Encodes and checks {@link NodeSnapshotDescriptor} snapshots. Decoding is total: malformed bytes
 * give a {@link Checked.Malformed} with the offset, never an exception.
 */
public final class NodeSnapshot {
    private NodeSnapshot() {}

    /** Receives the records of a checked snapshot, in order. */
    public interface RecordVisitor {
        void onRecord(MemorySegment record, long offset, int length);
    }

    /** The outcome of {@link #check}. */
    public sealed interface Checked permits Checked.Ok, Checked.Malformed {
        record Ok(int records, int sessions) implements Checked {}

        record Malformed(long offset, String reason) implements Checked {}
    }

    /** The total length a header states, or -1 when {@code header} does not start a snapshot. */
    public static long totalLength(byte[] header, int length) {
        if (length < NodeSnapshotDescriptor.HEADER_LENGTH) return -1;
        ByteBuffer b = ByteBuffer.wrap(header, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(NodeSnapshotDescriptor.MAGIC_OFFSET) != NodeSnapshotDescriptor.MAGIC
                || b.getInt(NodeSnapshotDescriptor.VERSION_OFFSET) != NodeSnapshotDescriptor.VERSION) return -1;
        long total = b.getLong(NodeSnapshotDescriptor.TOTAL_LENGTH_OFFSET);
        return total < NodeSnapshotDescriptor.HEADER_LENGTH || total > Integer.MAX_VALUE - 8 ? -1 : total;
    }

    /** A snapshot of {@code records} (the history buffer's first {@code historyBytes}) and {@code sessions}. */
    public static byte[] encode(DirectBuffer history, int historyBytes, int records, SessionTable sessions) {
        int total = NodeSnapshotDescriptor.HEADER_LENGTH + historyBytes + sessions.size() * SessionTable.ENTRY_LENGTH;
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(NodeSnapshotDescriptor.MAGIC_OFFSET, NodeSnapshotDescriptor.MAGIC);
        b.putInt(NodeSnapshotDescriptor.VERSION_OFFSET, NodeSnapshotDescriptor.VERSION);
        b.putInt(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET, sessions.size());
        b.putLong(NodeSnapshotDescriptor.HISTORY_LENGTH_OFFSET, historyBytes);
        b.putLong(NodeSnapshotDescriptor.TOTAL_LENGTH_OFFSET, total);
        b.putInt(NodeSnapshotDescriptor.RECORD_COUNT_OFFSET, records);
        history.getBytes(0, out, NodeSnapshotDescriptor.HEADER_LENGTH, historyBytes);
        b.position(NodeSnapshotDescriptor.HEADER_LENGTH + historyBytes);
        sessions.encode(b);
        b.putInt(NodeSnapshotDescriptor.CRC_OFFSET, crc(out));
        return out;
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes, NodeSnapshotDescriptor.HEADER_LENGTH, bytes.length - NodeSnapshotDescriptor.HEADER_LENGTH);
        return (int) c.getValue();
    }

    /**
     * Checks every field and record length of {@code bytes}; when {@code visitor} is given and the
     * whole snapshot is sound, hands it each record in order and restores {@code sessions}.
     */
    public static Checked check(byte[] bytes, RecordVisitor visitor, SessionTable sessions) {
        if (totalLength(bytes, bytes.length) != bytes.length) return new Checked.Malformed(0, "header or total length");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(NodeSnapshotDescriptor.CRC_OFFSET) != crc(bytes)) return new Checked.Malformed(NodeSnapshotDescriptor.CRC_OFFSET, "CRC32C");
        int sessionCount = b.getInt(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET);
        long history = b.getLong(NodeSnapshotDescriptor.HISTORY_LENGTH_OFFSET);
        int records = b.getInt(NodeSnapshotDescriptor.RECORD_COUNT_OFFSET);
        if (sessionCount < 0 || history < 0 || records < 0
                || NodeSnapshotDescriptor.HEADER_LENGTH + history + (long) sessionCount * SessionTable.ENTRY_LENGTH != bytes.length) {
            return new Checked.Malformed(NodeSnapshotDescriptor.SESSION_COUNT_OFFSET, "section lengths");
        }
        int end = NodeSnapshotDescriptor.HEADER_LENGTH + (int) history;
        int at = NodeSnapshotDescriptor.HEADER_LENGTH;
        for (int i = 0; i < records; i++) {
            if (end - at < 4) return new Checked.Malformed(at, "record length missing");
            int len = b.getInt(at);
            if (len < qsl.gateway.SessionCommandDescriptor.HEADER_LENGTH || len > end - at - 4) return new Checked.Malformed(at, "record length");
            at += 4 + len;
        }
        if (at != end) return new Checked.Malformed(at, "bytes after the last record");
        if (visitor != null) {
            MemorySegment seg = MemorySegment.ofArray(bytes);
            at = NodeSnapshotDescriptor.HEADER_LENGTH;
            for (int i = 0; i < records; i++) {
                int len = b.getInt(at);
                visitor.onRecord(seg, at + 4, len);
                at += 4 + len;
            }
            for (int i = 0; i < sessionCount; i++, at += SessionTable.ENTRY_LENGTH) {
                sessions.restore(b.getLong(at), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24));
            }
        }
        return new Checked.Ok(records, sessionCount);
    }
}
