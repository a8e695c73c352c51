package qsl.app.crash;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qsl.wal.RecordDescriptor;
import qsl.wal.RecordValidator;
import qsl.wal.SegmentDescriptor;
import qsl.wal.SegmentFiles;

/**
 * Where the records of a log sit (segment, offset, sequence), as {@link RecordValidator} reads
 * them: the harness uses it to find the first record left after pruning, the demo to aim its
 * simulated power loss past the durable point.
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
            MemorySegment m = MemorySegment.ofArray(all);
            long pos = SegmentDescriptor.LENGTH;
            // The log's one validator decides what a record is (any sequence: this only maps the file).
            while (RecordValidator.check(m, pos, all.length, RecordValidator.ANY) == RecordValidator.VALID) {
                long end = pos + RecordDescriptor.frameLength(RecordDescriptor.length(m, pos));
                l.frames.add(new Frame(idx, pos, end, RecordDescriptor.sequence(m, pos)));
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
