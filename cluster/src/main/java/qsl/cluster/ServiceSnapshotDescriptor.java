package qsl.cluster;

/**
 * Layout of the clustered engine's snapshot: the engine snapshot (the book's own codec) followed
 * by the idempotency {@link SessionTable}. Little-endian. Written to the cluster's snapshot
 * publication in chunks of at most {@link #CHUNK} bytes, read back whole.
 *
 * <pre>
 *   0                                                               8
 *   +---------------------------------------------------------------+
 *   |                        magic (u64)                            |
 *   +-------------------------------+-------------------------------+
 *   |         version (i32)         |      session count (i32)      |  8
 *   +-------------------------------+-------------------------------+
 *   |                 engine snapshot length (i64)                  | 16
 *   +---------------------------------------------------------------+
 *   |                 total length (i64), header included           | 24
 *   +-------------------------------+-------------------------------+
 *   |  CRC32C (i32) of every byte   |       reserved (zero)         | 32
 *   |  after offset 40              |                               |
 *   +-------------------------------+-------------------------------+
 *   |   engine snapshot bytes (EngineSnapshotDescriptor)   ...      | 40
 *   +---------------------------------------------------------------+
 *   |   sessions: count x (session, last token, count, token hash)  |
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class ServiceSnapshotDescriptor {
    public static final long MAGIC = 0x50414E5355534C51L; // "QLSUSNAP" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SESSION_COUNT_OFFSET = 12;
    public static final int ENGINE_LENGTH_OFFSET = 16;
    public static final int TOTAL_LENGTH_OFFSET = 24;
    public static final int CRC_OFFSET = 32;
    public static final int HEADER_LENGTH = 40;
    /** Largest chunk offered to the snapshot publication at once. */
    public static final int CHUNK = 8 * 1024;

    private ServiceSnapshotDescriptor() {}
}
