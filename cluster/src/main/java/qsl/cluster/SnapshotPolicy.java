package qsl.cluster;

import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.service.Cluster;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Snapshots on a policy: after every {@code every} commands a clustered service applied since the
 * last snapshot, the leader's service sets its member's cluster control toggle to
 * {@link ClusterControl.ToggleState#SNAPSHOT}, the same switch the {@code ClusterTool snapshot}
 * command sets. The consensus module then appends a snapshot action to the log and every member
 * takes its snapshot at that same log position, so which member asked, and when, changes nothing
 * in the replicated state. Followers only count. {@code every <= 0} turns the policy off.
 *
 * <p>Owned by the service thread; allocation-free after the toggle counter was found once.
 */
public final class SnapshotPolicy {
    private final long every;
    private long sinceSnapshot;
    private AtomicCounter toggle;
    private long requested;

    public SnapshotPolicy(long every) {
        this.every = every;
    }

    /** Commands between snapshots (0 = off). */
    public long every() {
        return every;
    }

    /** Snapshot requests this member's service made (leader only). */
    public long requested() {
        return requested;
    }

    /** Counts one applied command; on the leader, asks for a snapshot once {@link #every()} were applied since the last. */
    public void applied(Cluster cluster) {
        if (every <= 0) return;
        sinceSnapshot++;
        if (sinceSnapshot < every || cluster.role() != Cluster.Role.LEADER) return;
        if (toggle == null) toggle = ClusterControl.findControlToggle(cluster.aeron().countersReader(), cluster.context().clusterId());
        // The toggle is an atomic counter: a compare-and-set from NEUTRAL, so a snapshot already
        // asked for (or an operator's toggle) is not overwritten; the consensus module resets it.
        if (toggle != null && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle)) {
            requested++;
            sinceSnapshot = Long.MIN_VALUE / 2; // ask once: the count restarts when the snapshot is taken
        }
    }

    /** A snapshot was taken (every member, at the same log position): the count starts again. */
    public void snapshotTaken() {
        sinceSnapshot = 0;
    }
}
