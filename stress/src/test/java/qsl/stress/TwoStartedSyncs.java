package qsl.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import qsl.wal.DurabilityMode;
import qsl.wal.OverlappedSyncs;
import qsl.wal.WalConfig;
import qsl.wal.WalWriter;

/**
 * The state the overlapping-sync jcstress tests start from: a fresh batch-mode WAL in a scratch
 * directory with two records, and two syncs of it in flight ({@link OverlappedSyncs} with two
 * lanes), the first started after record 1, the second after record 2. Nothing has returned yet.
 */
final class TwoStartedSyncs {
    private final Path dir;
    final WalWriter wal;
    final OverlappedSyncs syncs;
    final long first;
    final long second;

    TwoStartedSyncs(String name) {
        dir = Scratch.dir(name);
        WalWriter.Open o = WalWriter.open(new WalConfig(dir, DurabilityMode.BATCH, 64 << 10, Integer.MAX_VALUE, Long.MAX_VALUE), 1);
        if (!(o instanceof WalWriter.Open.Ready r)) throw new IllegalStateException("WAL did not open: " + o);
        wal = r.writer();
        syncs = new OverlappedSyncs(wal, 2);
        MemorySegment record = Arena.ofAuto().allocate(40, 8);
        if (wal.append(1, record, 0, 40) != 1) throw new IllegalStateException("append failed");
        first = syncs.start();
        if (wal.append(1, record, 0, 40) != 2) throw new IllegalStateException("append failed");
        second = syncs.start();
        if (first == 0 || second == 0) throw new IllegalStateException("syncs did not start");
    }

    /** Closes the WAL and deletes its directory (the arbiter's last step). */
    void close() {
        wal.close();
        Scratch.delete(dir);
    }
}
