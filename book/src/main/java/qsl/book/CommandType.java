package qsl.book;

/** Command kind codes, as in {@link CommandDescriptor} records and {@link EventSink#onRejected}. */
public final class CommandType {
    public static final byte NEW_ORDER = 1;
    public static final byte CANCEL = 2;
    public static final byte MODIFY = 3;
    /** Cancels every resting order of one account, on one symbol or on all ({@link Engine#massCancel}). */
    public static final byte MASS_CANCEL = 4;

    private CommandType() {}

    public static boolean isValid(byte type) {
        return type == NEW_ORDER || type == CANCEL || type == MODIFY || type == MASS_CANCEL;
    }
}
