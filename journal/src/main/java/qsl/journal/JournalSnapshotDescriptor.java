package qsl.journal;

import java.lang.foreign.ValueLayout;

/**
 * Layout of the payload of a journal snapshot file (the snapshot file's own header and checksums
 * are {@code qsl.wal.SnapshotFileDescriptor}'s): the engine's state, then an opaque extension
 * section that the embedding node fills (session state, for example) and gets back on recovery.
 * Little-endian.
 *
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |  magic "QSLJSNP\1" (i64)      |  0
 *   +---------------+---------------+
 *   | version (i32) | reserved = 0  |  8    version 1
 *   +---------------+---------------+
 *   | engine section length (i64)   | 16    bytes of the engine snapshot (EngineSnapshotDescriptor)
 *   +-------------------------------+
 *   | extension length (i64)        | 24    bytes of the extension section (0: none)
 *   +-------------------------------+ 32
 *   | engine section ...            |
 *   +-------------------------------+ 32 + engine length
 *   | extension section ...         |
 *   +-------------------------------+ 32 + engine length + extension length = payload length
 * </pre>
 * The two lengths must add up to the payload exactly. A payload that starts with the engine
 * snapshot's own magic instead is a bare engine snapshot (written before the journal existed): its
 * extension is empty.
 */
public final class JournalSnapshotDescriptor {
    public static final long MAGIC = 0x0150_4E53_4A4C_5351L; // "QSLJSNP\1" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int RESERVED_OFFSET = 12;
    public static final int ENGINE_LENGTH_OFFSET = 16;
    public static final int EXTENSION_LENGTH_OFFSET = 24;
    public static final int HEADER_LENGTH = 32;

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private JournalSnapshotDescriptor() {}
}
