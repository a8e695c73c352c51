package qsl.cluster;

import java.util.concurrent.TimeUnit;

/**
 * The cluster's failure-detection clocks. The leader sends a heartbeat every
 * {@code heartbeatInterval}; followers that hear nothing for {@code heartbeatTimeout} start an
 * election, which gives up and restarts after {@code electionTimeout}; a cold start waits up to
 * {@code startupCanvass} for the other members. A client session silent for
 * {@code sessionTimeout} is closed. All in milliseconds.
 */
public record ClusterTimings(long heartbeatIntervalMs, long heartbeatTimeoutMs, long electionTimeoutMs,
                             long startupCanvassMs, long sessionTimeoutMs) {
    public ClusterTimings {
        if (heartbeatIntervalMs < 1 || heartbeatTimeoutMs <= heartbeatIntervalMs || electionTimeoutMs < 1
                || startupCanvassMs < 1 || sessionTimeoutMs <= heartbeatTimeoutMs) {
            throw new IllegalArgumentException("inconsistent cluster timings " + heartbeatIntervalMs + "/" + heartbeatTimeoutMs
                    + "/" + electionTimeoutMs + "/" + startupCanvassMs + "/" + sessionTimeoutMs);
        }
    }

    /** Short timings for one host's loopback (tests and the demo). */
    public static ClusterTimings loopback() {
        return new ClusterTimings(100, 1_000, 1_000, 2_000, 10_000);
    }

    /** Timings for machines on a LAN. */
    public static ClusterTimings lan() {
        return new ClusterTimings(200, 2_000, 1_000, 5_000, 10_000);
    }

    static long ns(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
