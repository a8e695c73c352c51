package qsl.protocol.soup;

/**
 * SoupBinTCP 3.0 packet type bytes, their direction and their packet lengths (the length field's
 * value: type byte plus payload). Fixed-length packets have exactly one valid length; data and
 * debug packets have any length from 1 up.
 */
public final class SoupPacketType {
    /** Debug, either direction: free-form text. */
    public static final byte DEBUG = '+';
    /** Login Accepted, server to client. */
    public static final byte LOGIN_ACCEPTED = 'A';
    /** Login Rejected, server to client. */
    public static final byte LOGIN_REJECTED = 'J';
    /** Sequenced Data, server to client. */
    public static final byte SEQUENCED_DATA = 'S';
    /** Server Heartbeat, server to client. */
    public static final byte SERVER_HEARTBEAT = 'H';
    /** End of Session, server to client. */
    public static final byte END_OF_SESSION = 'Z';
    /** Login Request, client to server. */
    public static final byte LOGIN_REQUEST = 'L';
    /** Unsequenced Data, client to server. */
    public static final byte UNSEQUENCED_DATA = 'U';
    /** Client Heartbeat, client to server. */
    public static final byte CLIENT_HEARTBEAT = 'R';
    /** Logout Request, client to server. */
    public static final byte LOGOUT_REQUEST = 'O';

    /** {@link #packetLength} of a type whose length varies (data, debug). */
    public static final int VARIABLE = -1;
    /** {@link #packetLength} of a byte that is no packet type. */
    public static final int UNKNOWN = -2;

    /** Direction bit: the server sends it. */
    public static final int FROM_SERVER = 1;
    /** Direction bit: the client sends it. */
    public static final int FROM_CLIENT = 2;
    /** Both directions (debug; or a decoder that accepts everything). */
    public static final int EITHER = FROM_SERVER | FROM_CLIENT;

    private SoupPacketType() {}

    /**
     * The packet length (length field value) a type must carry, {@link #VARIABLE} for data and
     * debug, {@link #UNKNOWN} for a byte that is not a SoupBinTCP packet type.
     */
    public static int packetLength(byte type) {
        return switch (type) {
            case LOGIN_REQUEST -> LoginRequestDescriptor.PACKET_LENGTH;
            case LOGIN_ACCEPTED -> LoginAcceptedDescriptor.PACKET_LENGTH;
            case LOGIN_REJECTED -> LoginRejectedDescriptor.PACKET_LENGTH;
            case SERVER_HEARTBEAT, CLIENT_HEARTBEAT, LOGOUT_REQUEST, END_OF_SESSION -> 1;
            case SEQUENCED_DATA, UNSEQUENCED_DATA, DEBUG -> VARIABLE;
            default -> UNKNOWN;
        };
    }

    /** Who may send the type: {@link #FROM_SERVER}, {@link #FROM_CLIENT}, {@link #EITHER}, or 0 if unknown. */
    public static int direction(byte type) {
        return switch (type) {
            case LOGIN_ACCEPTED, LOGIN_REJECTED, SEQUENCED_DATA, SERVER_HEARTBEAT, END_OF_SESSION -> FROM_SERVER;
            case LOGIN_REQUEST, UNSEQUENCED_DATA, CLIENT_HEARTBEAT, LOGOUT_REQUEST -> FROM_CLIENT;
            case DEBUG -> EITHER;
            default -> 0;
        };
    }

    /** The packet's name as the specification spells it, for logs; not for hot paths. */
    public static String name(byte type) {
        return switch (type) {
            case DEBUG -> "Debug";
            case LOGIN_ACCEPTED -> "Login Accepted";
            case LOGIN_REJECTED -> "Login Rejected";
            case SEQUENCED_DATA -> "Sequenced Data";
            case SERVER_HEARTBEAT -> "Server Heartbeat";
            case END_OF_SESSION -> "End of Session";
            case LOGIN_REQUEST -> "Login Request";
            case UNSEQUENCED_DATA -> "Unsequenced Data";
            case CLIENT_HEARTBEAT -> "Client Heartbeat";
            case LOGOUT_REQUEST -> "Logout Request";
            default -> "0x" + Integer.toHexString(type & 0xFF);
        };
    }
}
