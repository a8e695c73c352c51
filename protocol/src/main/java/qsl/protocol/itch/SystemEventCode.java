package qsl.protocol.itch;

/** The event codes of {@link SystemEventDescriptor}. */
public final class SystemEventCode {
    /** Start of messages: the first message of a session. */
    public static final byte START_OF_MESSAGES = 'O';
    /** End of messages: the publisher is closing the session. */
    public static final byte END_OF_MESSAGES = 'C';

    private SystemEventCode() {}

    public static boolean isValid(byte code) {
        return code == START_OF_MESSAGES || code == END_OF_MESSAGES;
    }
}
