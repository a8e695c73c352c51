package qsl.cluster;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import java.nio.ByteOrder;

/**
 * Layout of one response the clustered engine sends on a client session's egress. Sent only
 * after the request it answers was committed (a majority of members hold it in their log) and
 * applied. Little-endian, fixed {@link #LENGTH} bytes.
 *
 * <pre>
 *   0       1       2       3       4                               8
 *   +-------+-------+-------+-------+-------------------------------+
 *   | kind  |status |outcome|reason |        member id (i32)        |
 *   +-------+-------+-------+-------+-------------------------------+
 *   |                         session (i64)                         |  8
 *   +---------------------------------------------------------------+
 *   |                          token (i64)                          | 16
 *   +---------------------------------------------------------------+
 *   |   a (i64): COMMAND engine sequence | CHECK count | DIGEST digest | 24
 *   +---------------------------------------------------------------+
 *   |   b (i64): COMMAND order id (mass cancel: count) | CHECK token hash | DIGEST engine seq | 32
 *   +---------------------------------------------------------------+
 *   |   c (i64): COMMAND filled quantity | CHECK last token | DIGEST log position | 40
 *   +---------------------------------------------------------------+
 *   |   d (i64): COMMAND trades | DIGEST applied commands | 48
 *   +---------------------------------------------------------------+ 56
 * </pre>
 * {@code kind} echoes the request's kind. For a COMMAND, {@code status} is {@link #APPLIED} or
 * {@link #DUPLICATE} (the token was applied before: nothing ran again; the original outcome is
 * not repeated, so outcome and a..d are zero); {@code outcome} is the command's primary event
 * ({@link #ACCEPTED}, {@link #MODIFIED}, {@link #CANCELLED}, {@link #REJECTED}, {@link #MASS_CANCELLED}) and
 * {@code reason} the engine's reject or cancel reason code.
 */
public final class ClusterResponseDescriptor {
    public static final byte APPLIED = 1;
    public static final byte DUPLICATE = 2;

    public static final byte NONE = 0;
    public static final byte ACCEPTED = 1;
    public static final byte MODIFIED = 2;
    public static final byte CANCELLED = 3;
    public static final byte REJECTED = 4;
    public static final byte MASS_CANCELLED = 5;

    public static final int KIND_OFFSET = 0;
    public static final int STATUS_OFFSET = 1;
    public static final int OUTCOME_OFFSET = 2;
    public static final int REASON_OFFSET = 3;
    public static final int MEMBER_OFFSET = 4;
    public static final int SESSION_OFFSET = 8;
    public static final int TOKEN_OFFSET = 16;
    public static final int A_OFFSET = 24;
    public static final int B_OFFSET = 32;
    public static final int C_OFFSET = 40;
    public static final int D_OFFSET = 48;
    public static final int LENGTH = 56;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ClusterResponseDescriptor() {}

    public static byte kind(DirectBuffer b, int at) { return b.getByte(at + KIND_OFFSET); }
    public static byte status(DirectBuffer b, int at) { return b.getByte(at + STATUS_OFFSET); }
    public static byte outcome(DirectBuffer b, int at) { return b.getByte(at + OUTCOME_OFFSET); }
    public static byte reason(DirectBuffer b, int at) { return b.getByte(at + REASON_OFFSET); }
    public static int member(DirectBuffer b, int at) { return b.getInt(at + MEMBER_OFFSET, LE); }
    public static long session(DirectBuffer b, int at) { return b.getLong(at + SESSION_OFFSET, LE); }
    public static long token(DirectBuffer b, int at) { return b.getLong(at + TOKEN_OFFSET, LE); }
    public static long a(DirectBuffer b, int at) { return b.getLong(at + A_OFFSET, LE); }
    public static long b(DirectBuffer b, int at) { return b.getLong(at + B_OFFSET, LE); }
    public static long c(DirectBuffer b, int at) { return b.getLong(at + C_OFFSET, LE); }
    public static long d(DirectBuffer b, int at) { return b.getLong(at + D_OFFSET, LE); }

    public static void write(MutableDirectBuffer buf, int at, byte kind, byte status, byte outcome, byte reason, int member,
                             long session, long token, long a, long b, long c, long d) {
        buf.putByte(at + KIND_OFFSET, kind);
        buf.putByte(at + STATUS_OFFSET, status);
        buf.putByte(at + OUTCOME_OFFSET, outcome);
        buf.putByte(at + REASON_OFFSET, reason);
        buf.putInt(at + MEMBER_OFFSET, member, LE);
        buf.putLong(at + SESSION_OFFSET, session, LE);
        buf.putLong(at + TOKEN_OFFSET, token, LE);
        buf.putLong(at + A_OFFSET, a, LE);
        buf.putLong(at + B_OFFSET, b, LE);
        buf.putLong(at + C_OFFSET, c, LE);
        buf.putLong(at + D_OFFSET, d, LE);
    }
}
