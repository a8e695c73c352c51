package qsl.gateway.feed;

/** Fetches a snapshot for a {@link FeedClient}: the TCP snapshot service, or an in-process publisher in tests. */
public interface SnapshotSource {
    /**
     * Fetches the book of every symbol and hands each length-prefixed message to
     * {@link FeedClient#snapshotMessage}, until it answers {@link FeedClient#SNAPSHOT_DONE}.
     *
     * @return true if the snapshot arrived whole
     */
    boolean fetch(FeedClient client);
}
