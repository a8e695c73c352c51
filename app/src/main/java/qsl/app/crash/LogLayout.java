package qsl.app.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.wal.RecordDescriptor;
import qsl.wal.SegmentDescriptor;
import qsl.wal.SegmentFiles;

/**
 * Where the records of a killed child's log sit (segment, offset, sequence), read without
 * checksums: the harness uses it only to aim its simulated power loss past the durable point.
 */
final class LogLayout {
    /** One record's place. */
    record Frame(long segment, long offset, long end, long sequence) {}

    /** One segment file: its index, size, and where its readable records end. */
    record Segment(long index, long size, long writtenEnd) {}

    final List<Segment> segments = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();

    static LogLayout scan(Path dir) throws IOException {
        LogLayout l = new LogLayout();
        for (long idx : SegmentFiles.list(dir)) {
            byte[] all = Files.readAllBytes(SegmentFiles.path(dir, idx));
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            long pos = SegmentDescriptor.LENGTH;
            while (pos + RecordDescriptor.HEADER_LENGTH <= all.length) {
                int len = b.getInt((int) pos + RecordDescriptor.LENGTH_OFFSET);
                if (len < 1 || pos + RecordDescriptor.frameLength(len) > all.length) break;
                long end = pos + RecordDescriptor.frameLength(len);
                l.frames.add(new Frame(idx, pos, end, b.getLong((int) pos + RecordDescriptor.SEQUENCE_OFFSET)));
                pos = end;
            }
            l.segments.add(new Segment(idx, all.length, Math.min(all.length, pos)));
        }
        return l;
    }

    /** The frame holding {@code sequence}, or null. */
    Frame find(long sequence) {
        for (Frame f : frames) if (f.sequence == sequence) return f;
        return null;
    }
}
