package qsl.cluster;

/**
 * Layout of the clustered node's snapshot ({@link ClusteredNodeService}): every session-command
 * record the service applied, in log order, followed by the idempotency {@link SessionTable}.
 * Loading replays the records through a fresh session machine, which rebuilds the engine, the
 * token maps and every session's output byte for byte (the node's own recovery does the same
 * from its journal). Little-endian; chunked like {@link ServiceSnapshotDescriptor}.
 *
 * <pre>
 *   0                                                               8
 *   +---------------------------------------------------------------+
 *   |                        magic (u64)                            |
 *   +-------------------------------+-------------------------------+
 *   |         version (i32)         |      session count (i32)      |  8
 *   +-------------------------------+-------------------------------+
 *   |             history length (i64): bytes of records            | 16
 *   +---------------------------------------------------------------+
 *   |                 total length (i64), header included           | 24
 *   +-------------------------------+-------------------------------+
 *   |  CRC32C (i32) of every byte   |     record count (i32)        | 32
 *   |  after offset 40              |                               |
 *   +-------------------------------+-------------------------------+
 *   |  history: record count x (length i32, SessionCommandDescriptor record)  | 40
 *   +---------------------------------------------------------------+
 *   |   sessions: count x (session, last token, count, token hash)  |
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class NodeSnapshotDescriptor {
    public static final long MAGIC = 0x4E53444F4E4C5351L; // "QSLNODSN" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SESSION_COUNT_OFFSET = 12;
    public static final int HISTORY_LENGTH_OFFSET = 16;
    public static final int TOTAL_LENGTH_OFFSET = 24;
    public static final int CRC_OFFSET = 32;
    public static final int RECORD_COUNT_OFFSET = 36;
    public static final int HEADER_LENGTH = 40;

    private NodeSnapshotDescriptor() {}
}
