package qsl.cluster;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import java.nio.ByteOrder;
import qsl.book.CommandDescriptor;

/**
 * Layout of one request a gateway sends through the cluster's ingress (the payload of an Aeron
 * Cluster session message). Little-endian like the engine's command record it carries.
 *
 * <pre>
 *   0       1                                                       8
 *   +-------+-------------------------------------------------------+
 *   | kind  |                  reserved (zero)                      |
 *   +-------+-------------------------------------------------------+
 *   |             session (i64): the gateway's logical session      |  8
 *   +---------------------------------------------------------------+
 *   |   token (i64): request token, strictly increasing per session | 16
 *   +---------------------------------------------------------------+
 *   |   command: one CommandDescriptor record (COMMAND only)        | 24
 *   +---------------------------------------------------------------+ 24 + CommandDescriptor.LENGTH
 * </pre>
 * Kinds: {@link #COMMAND} an engine command, idempotent by (session, token); {@link #CHECK} asks
 * for the session's applied count and token hash; {@link #DIGEST} asks every member to report its
 * engine digest at this log position; {@link #RECORD} carries, instead of an engine command, one
 * node session-command record ({@code qsl.gateway.SessionCommandDescriptor}: who sent which
 * order-entry message) from a clustered node's gateway, idempotent by (session, token) like a
 * COMMAND, with the record's own length; {@link #FIX} carries one FIX connection event
 * ({@link FixFrameDescriptor}) from a clustered node's FIX port, idempotent the same way. CHECK and
 * DIGEST are {@link #HEADER_LENGTH} bytes long.
 */
public final class ClusterRequestDescriptor {
    public static final byte COMMAND = 1;
    public static final byte CHECK = 2;
    public static final byte DIGEST = 3;
    public static final byte RECORD = 4;
    public static final byte FIX = 5;

    public static final int KIND_OFFSET = 0;
    public static final int SESSION_OFFSET = 8;
    public static final int TOKEN_OFFSET = 16;
    public static final int COMMAND_OFFSET = 24;
    public static final int HEADER_LENGTH = COMMAND_OFFSET;
    public static final int COMMAND_LENGTH = COMMAND_OFFSET + CommandDescriptor.LENGTH;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ClusterRequestDescriptor() {}

    public static byte kind(DirectBuffer b, int at) { return b.getByte(at + KIND_OFFSET); }
    public static long session(DirectBuffer b, int at) { return b.getLong(at + SESSION_OFFSET, LE); }
    public static long token(DirectBuffer b, int at) { return b.getLong(at + TOKEN_OFFSET, LE); }

    /** Writes the header; for {@link #COMMAND} the caller then writes the command at {@link #COMMAND_OFFSET}. */
    public static void writeHeader(MutableDirectBuffer b, int at, byte kind, long session, long token) {
        b.putLong(at + KIND_OFFSET, 0L, LE);
        b.putByte(at + KIND_OFFSET, kind);
        b.putLong(at + SESSION_OFFSET, session, LE);
        b.putLong(at + TOKEN_OFFSET, token, LE);
    }
}
