package qsl.cluster;

/**
 * Layout of the clustered node's snapshot ({@link ClusteredNodeService}): the state after the last
 * command before it, not a history. Four sections: the engine (the book's own snapshot codec,
 * {@code qsl.book.snapshot.EngineSnapshotCodec}), the session machine's state (the single node's
 * {@code NodeStateDescriptor}: counters, every session with how many messages and bytes of its
 * store the snapshot covers, owner and token of every resting order), the replicated FIX sessions ({@link ClusteredFix}) and the idempotency
 * {@link SessionTable}. Loading restores the engine and the machine and cuts every session store
 * back to the counts it covers (the member's store files, forced to disk before the snapshot is
 * written, hold at least that much); the log after the snapshot then appends the rest.
 * Little-endian; chunked like {@link ServiceSnapshotDescriptor}.
 *
 * <pre>
 *   0                                                               8
 *   +---------------------------------------------------------------+
 *   |                        magic (u64)                            |
 *   +-------------------------------+-------------------------------+
 *   |         version (i32)         |  session table count (i32)    |  8
 *   +-------------------------------+-------------------------------+
 *   |             engine section length (i64)                       | 16
 *   +---------------------------------------------------------------+
 *   |                 total length (i64), header included           | 24
 *   +-------------------------------+-------------------------------+
 *   |  CRC32C (i32) of every byte   |  node state length (i32)      | 32
 *   |  after offset 48              |                               |
 *   +-------------------------------+-------------------------------+
 *   |             FIX section length (i64)                          | 40
 *   +---------------------------------------------------------------+
 *   |  engine section (EngineSnapshotCodec)                         | 48
 *   +---------------------------------------------------------------+
 *   |  node state (NodeStateDescriptor)                             |
 *   +---------------------------------------------------------------+
 *   |  FIX section: timer armed (i64, 0 or 1), then the FIX         |
 *   |  sessions and connections (qsl.gateway.fix.FixStateDescriptor)|
 *   +---------------------------------------------------------------+
 *   |  session table: count x (session, last token, count, token hash)  |
 *   +---------------------------------------------------------------+
 * </pre>
 */
public final class NodeSnapshotDescriptor {
    public static final long MAGIC = 0x4E53444F4E4C5351L; // "QSLNODSN" little-endian
    public static final int VERSION = 3;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SESSION_COUNT_OFFSET = 12;
    public static final int ENGINE_LENGTH_OFFSET = 16;
    public static final int TOTAL_LENGTH_OFFSET = 24;
    public static final int CRC_OFFSET = 32;
    public static final int STATE_LENGTH_OFFSET = 36;
    public static final int FIX_LENGTH_OFFSET = 40;
    public static final int HEADER_LENGTH = 48;

    private NodeSnapshotDescriptor() {}
}
