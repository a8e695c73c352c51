package qsl.protocol.itch;

/**
 * Match ids on the feed: a pure function of the engine sequence number of the taker's command
 * and the fill's position within it (1 for the command's first fill), so every replay and every
 * publisher restart gives each trade the same id: {@code engineSeq * 2^16 + fillIndex}. Unique
 * while a command has fewer than 65,536 fills.
 */
public final class MatchId {
    public static final int FILL_BITS = 16;

    private MatchId() {}

    public static long of(long engineSeq, int fillIndex) {
        return (engineSeq << FILL_BITS) + fillIndex;
    }

    public static long engineSeq(long matchId) {
        return matchId >>> FILL_BITS;
    }
}
