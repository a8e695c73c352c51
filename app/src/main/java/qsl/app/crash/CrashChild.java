package qsl.app.crash;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import qsl.book.EventSink;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;
import qsl.journal.JournaledEngine;
import qsl.journal.SnapshotPolicy;
import qsl.wal.DurabilityMode;

/**
 * The process the crash harness kills: runs the engine on a seeded workload, journaling each
 * command before applying it, snapshotting now and then, and tells the parent on stdout what it
 * has acknowledged. Lines: {@code R} once ready; {@code A <acked> <durable>} whenever either
 * grows; {@code D} when the workload is done. Acknowledged means: {@code sync} the append returned
 * (it was durable by then), {@code batch} the durable watermark, {@code none} the append returned.
 *
 * <p>Arguments: {@code DIR MODE SEED COMMANDS SNAPSHOT_EVERY}.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        DurabilityMode mode = DurabilityMode.parse(args[1]);
        long seed = Long.parseLong(args[2]);
        int commands = Integer.parseInt(args[3]);
        long snapshotEvery = Long.parseLong(args[4]);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        try (Arena arena = Arena.ofConfined()) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, seed, commands, false, arena);
            JournaledEngine.Open o = JournaledEngine.create(EngineLog.harnessConfig(dir, mode),
                    snapshotEvery > 0 ? SnapshotPolicy.every(snapshotEvery) : SnapshotPolicy.MANUAL,
                    EngineLog.HARNESS_ENGINE, w.symbols(), EventSink.NONE);
            if (!(o instanceof JournaledEngine.Open.Ready ready)) {
                System.err.println("open: " + o);
                System.exit(4);
                return;
            }
            JournaledEngine journaled = ready.engine();
            out.write('R');
            out.write('\n');
            out.flush();
            long acked = 0;
            long durable = 0;
            int unflushed = 0;
            StringBuilder line = new StringBuilder(48);
            for (int i = 0; i < w.count(); i++) {
                // Journal, apply, and snapshot when the policy says (the log is synced through a
                // snapshot's sequence before it is written, so a snapshot never outruns the log).
                long seq = journaled.submit(w.commands(), Workload.offset(i));
                if (seq < 0) {
                    System.err.println("append failed: " + seq + " " + journaled.journal().lastError());
                    System.exit(5);
                }
                if (journaled.snapshotFailures() > 0) {
                    System.err.println("snapshot failed: " + journaled.lastSnapshot());
                    System.exit(7);
                }
                long a = mode == DurabilityMode.BATCH ? journaled.durableSequence() : seq;
                long d = journaled.durableSequence();
                if (a > acked || d > durable) {
                    boolean durableMoved = d > durable;
                    acked = a;
                    durable = d;
                    line.setLength(0);
                    line.append("A ").append(acked).append(' ').append(durable).append('\n');
                    for (int k = 0; k < line.length(); k++) out.write(line.charAt(k));
                    // none acknowledges in bursts (the pipe write would cost more than the append);
                    // sync and batch tell the parent as soon as the record is durable; none tells
                    // it at once when a sync (checkpoint, segment roll) moved the durable point, so
                    // the power-loss model never damages bytes a real disk already holds.
                    if (mode != DurabilityMode.NONE || durableMoved || ++unflushed >= 256) {
                        out.flush();
                        unflushed = 0;
                    }
                }
            }
            long last = journaled.sync();
            out.write(("A " + (mode == DurabilityMode.NONE ? w.count() : last) + " " + last + "\nD\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            journaled.close();
        }
    }
}
