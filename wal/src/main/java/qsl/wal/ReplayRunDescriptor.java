package qsl.wal;

import java.lang.foreign.MemorySegment;

/**
 * Layout of one run handed from the scanning thread to the applying thread in
 * {@link PipelinedRecovery}: a ring record's payload naming up to {@link PipelinedRecovery#RUN_RECORDS}
 * consecutive, already validated records of one mapped segment. 24 bytes, little-endian.
 *
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |  first frame offset (i64)     |  0   byte offset of the run's first record header in the mapping
 *   +-------------------------------+
 *   |  first sequence (i64)         |  8   its sequence; the k-th record of the run has first + k
 *   +---------------+---------------+
 *   | mapping (i32) | count (i32)   | 16   index into the pipeline's table of mappings; records in the run
 *   +---------------+---------------+ 24
 * </pre>
 */
final class ReplayRunDescriptor {
    static final int FRAME_OFFSET = 0;
    static final int FIRST_SEQUENCE_OFFSET = 8;
    static final int MAPPING_OFFSET = 16;
    static final int COUNT_OFFSET = 20;
    static final int LENGTH = 24;

    private ReplayRunDescriptor() {}

    static void write(MemorySegment s, long at, long frameOffset, long firstSequence, int mapping, int count) {
        s.set(SegmentDescriptor.I64, at + FRAME_OFFSET, frameOffset);
        s.set(SegmentDescriptor.I64, at + FIRST_SEQUENCE_OFFSET, firstSequence);
        s.set(SegmentDescriptor.I32, at + MAPPING_OFFSET, mapping);
        s.set(SegmentDescriptor.I32, at + COUNT_OFFSET, count);
    }

    static long frameOffset(MemorySegment s, long at) { return s.get(SegmentDescriptor.I64, at + FRAME_OFFSET); }
    static long firstSequence(MemorySegment s, long at) { return s.get(SegmentDescriptor.I64, at + FIRST_SEQUENCE_OFFSET); }
    static int mapping(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + MAPPING_OFFSET); }
    static int count(MemorySegment s, long at) { return s.get(SegmentDescriptor.I32, at + COUNT_OFFSET); }
}
