package qsl.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * When the node snapshots its state (engine, session token maps, session output counts) beside
 * its log, so that a restart reads the newest snapshot and replays only the log after it.
 *
 * @param everyCommands a snapshot once this many session commands were journaled since the last
 *     one (0: not by count)
 * @param everyBytes a snapshot once this many bytes of session commands were journaled since the
 *     last one (0: not by size)
 * @param atStop a snapshot at the end of a clean stop (SIGTERM drain), so the next start replays
 *     nothing
 * @param keep intact snapshots kept (at least 2); log segments wholly covered by the oldest one
 *     kept are deleted
 */
public record SnapshotSchedule(long everyCommands, long everyBytes, boolean atStop, int keep) {
    /** A snapshot every 1,000,000 commands or 256 MiB of commands, and at stop; keep 2. */
    public static final SnapshotSchedule DEFAULT = new SnapshotSchedule(1_000_000, 256L << 20, true, 2);
    /** No snapshots except snapshot 0 of a new directory. */
    public static final SnapshotSchedule NEVER = new SnapshotSchedule(0, 0, false, 2);

    public SnapshotSchedule {
        if (everyCommands < 0 || everyBytes < 0) throw new IllegalArgumentException("snapshot.every.* must be >= 0");
        if (keep < 2) throw new IllegalArgumentException("snapshot.keep must be at least 2: " + keep);
    }

    /** Whether a snapshot is due after {@code commands} commands of {@code bytes} bytes since the last one. */
    public boolean due(long commands, long bytes) {
        return (everyCommands > 0 && commands >= everyCommands) || (everyBytes > 0 && bytes >= everyBytes);
    }

    /** For the start banner. */
    public String describe() {
        List<String> l = new ArrayList<>();
        if (everyCommands > 0) l.add("every " + everyCommands + " commands");
        if (everyBytes > 0) l.add("every " + everyBytes + " bytes of commands");
        if (atStop) l.add("at stop");
        return (l.isEmpty() ? "none (restart replays the whole log)" : String.join(", ", l)) + "; keep " + keep;
    }
}
