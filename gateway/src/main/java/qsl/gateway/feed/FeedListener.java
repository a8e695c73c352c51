package qsl.gateway.feed;

/**
 * What a {@link FeedClient} tells its owner, on the client's thread, as it applies messages. All
 * calls carry primitives only. Every method has an empty default.
 */
public interface FeedListener {
    /** A feed message, in sequence order, just before it is applied: its {@code length} bytes at {@code at} (valid during the call only). */
    default void onMessage(long feedSequence, java.lang.foreign.MemorySegment s, long at, int length) {}

    /** A feed message was applied to the book ({@code type} is its market-by-order type byte). */
    default void onApplied(long feedSequence, long engineSeq, byte type) {}

    /** A snapshot was loaded: the book now holds every message up to {@code feedSequence}. */
    default void onSnapshotLoaded(long feedSequence) {}

    /** A trade print (from the aggressor's side); {@code side} is an engine {@code Side} code. */
    default void onTrade(int symbol, long price, long quantity, byte side, long matchId) {}

    /** The book became consistent ({@code live}) or stopped being so (a gap, a new session, a snapshot under way). */
    default void onLiveChanged(boolean live) {}
}
