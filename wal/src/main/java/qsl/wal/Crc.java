package qsl.wal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C over ranges of one off-heap segment, allocation-free: one reused {@link CRC32C} and one
 * reused direct {@link ByteBuffer} view whose position and limit are moved per call
 * ({@code CRC32C.update(ByteBuffer)} on a direct buffer reads its address; no copy, no garbage).
 * Not thread-safe: one per thread that checksums. Segments up to 2 GiB.
 */
final class Crc {
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer view;

    Crc(MemorySegment segment) {
        this.view = segment.asByteBuffer();
    }

    /** CRC32C of bytes [from, to). */
    int of(long from, long to) {
        crc.reset();
        view.limit((int) to).position((int) from);
        crc.update(view);
        return (int) crc.getValue();
    }

    /** CRC32C of bytes [from1, to1) followed by [from2, to2). */
    int of2(long from1, long to1, long from2, long to2) {
        crc.reset();
        view.limit((int) to1).position((int) from1);
        crc.update(view);
        view.limit((int) to2).position((int) from2);
        crc.update(view);
        return (int) crc.getValue();
    }
}
