package qsl.journal;

/**
 * Who owns which WAL record type. Types 1..15 are the journal's: type {@link #COMMAND} is one
 * engine command ({@code CommandDescriptor.LENGTH} bytes), the rest are reserved for the journal.
 * Types 16..31 belong to the node that embeds the journal (for example a command tagged with its
 * session and token, or a journaled response); the journal stores them and hands them back on
 * recovery without looking inside. Other types are refused.
 */
public final class RecordTypes {
    /** One engine command: a {@code qsl.book.CommandDescriptor}, applied to the engine on replay. */
    public static final int COMMAND = 1;
    /** First and last type the journal reserves for itself. */
    public static final int FIRST_JOURNAL = 1;
    public static final int LAST_JOURNAL = 15;
    /** First and last type a node may append for its own records. */
    public static final int FIRST_NODE = 16;
    public static final int LAST_NODE = 31;

    private RecordTypes() {}

    /** Whether {@code type} is one a node may append through {@link JournaledEngine#appendRecord}. */
    public static boolean isNodeType(int type) {
        return type >= FIRST_NODE && type <= LAST_NODE;
    }

    /** Whether {@code type} is a type the journal defines or reserves. */
    public static boolean isJournalType(int type) {
        return type >= FIRST_JOURNAL && type <= LAST_JOURNAL;
    }
}
