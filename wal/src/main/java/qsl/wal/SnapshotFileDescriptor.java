package qsl.wal;

/**
 * Layout of a snapshot file ({@code snapshot-<sequence, 20 digits>.snap}): a 48-byte header and
 * an opaque payload (the engine's state, encoded by its own codec). Little-endian.
 *
 * <pre>
 *   0                               8
 *   +-------------------------------+
 *   |   magic "QSLSNAP\1" (i64)     |  0
 *   +---------------+---------------+
 *   | version (i32) | hdrLen (i32)  |  8
 *   +---------------+---------------+
 *   |        sequence (i64)         | 16   last log sequence the state covers
 *   +-------------------------------+
 *   |     payload length (i64)      | 24
 *   +---------------+---------------+
 *   | payload CRC32C| reserved = 0  | 32
 *   +---------------+---------------+
 *   | reserved = 0  | hdr CRC32C    | 40   CRC32C of bytes [0, 44)
 *   +---------------+---------------+ 48
 *   |  payload ...                  |
 * </pre>
 */
public final class SnapshotFileDescriptor {
    public static final long MAGIC = 0x0150_414E_534C_5351L; // "QSLSNAP\1" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int PAYLOAD_LENGTH_OFFSET = 24;
    public static final int PAYLOAD_CRC_OFFSET = 32;
    public static final int HEADER_CRC_OFFSET = 44;
    public static final int LENGTH = 48;

    private SnapshotFileDescriptor() {}
}
