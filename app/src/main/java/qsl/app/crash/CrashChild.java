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
import qsl.journal.EngineRecovery;
import qsl.journal.JournaledEngine;
import qsl.journal.SnapshotPolicy;
import qsl.wal.DurabilityMode;
import qsl.wal.NativeFiles;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.workload.Workload;
import qsl.workload.WorkloadGenerator;

/**
 * The process the crash harness kills. Two roles:
 *
 * <ul>
 *   <li>{@code run DIR MODE SEED COMMANDS SNAPSHOT_EVERY PLATTER PLANT KILL KILL_AT}: runs the
 *       journaled engine ({@code JournaledEngine}) on a seeded workload and tells the parent on
 *       stdout what it has acknowledged. Lines: {@code R} once ready; {@code A <acked> <durable>}
 *       whenever either grows; {@code K <kind>} when it reached its targeted kill point (it then
 *       waits to be killed); {@code D} when the workload is done. Acknowledged means: {@code sync}
 *       the append returned (it was durable by then), {@code batch} the durable watermark,
 *       {@code none} the append returned.</li>
 *   <li>{@code recover DIR PLATTER KILL_AT}: recovers the directory (repairing; point-in-time
 *       when the default mode reports corruption), to be killed in the middle of its repair.</li>
 * </ul>
 * Either role installs a {@link Platter} on the directory's parent, so the parent can simulate a
 * power loss from the system calls really made. {@code PLANT} plants a fault the harness must catch.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws IOException {
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        if (args[0].equals("recover")) {
            recover(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), out);
            return;
        }
        Path dir = Path.of(args[1]);
        DurabilityMode mode = DurabilityMode.parse(args[2]);
        long seed = Long.parseLong(args[3]);
        int commands = Integer.parseInt(args[4]);
        long snapshotEvery = Long.parseLong(args[5]);
        Platter.Plant plant = Platter.Plant.valueOf(args[7]);
        Platter.KillPoint kill = Platter.KillPoint.valueOf(args[8]);
        NativeFiles.hook(new Platter(dir.getParent(), Path.of(args[6]), plant, kill, Integer.parseInt(args[9]),
                () -> park(out, kill)));
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
            boolean early = plant == Platter.Plant.EARLY_ACK;
            StringBuilder line = new StringBuilder(48);
            for (int i = 0; i < w.count(); i++) {
                if (early && mode != DurabilityMode.NONE) {
                    // Planted: acknowledge the record about to be appended, before it is durable.
                    write(out, line, journaled.lastSequence() + 1, durable);
                    out.flush();
                }
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
                    write(out, line, acked, durable);
                    // none acknowledges in bursts (the pipe write would cost more than the append);
                    // sync and batch tell the parent as soon as the record is durable; none tells
                    // it at once when a sync (checkpoint, segment roll) moved the durable point.
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

    private static void write(OutputStream out, StringBuilder line, long acked, long durable) throws IOException {
        line.setLength(0);
        line.append("A ").append(acked).append(' ').append(durable).append('\n');
        for (int k = 0; k < line.length(); k++) out.write(line.charAt(k));
    }

    /** Recovers {@code dir} with a platter on its parent, to be killed during the repair. */
    private static void recover(Path dir, Path platter, int killAt, OutputStream out) throws IOException {
        NativeFiles.hook(new Platter(dir.getParent(), platter, Platter.Plant.NONE, Platter.KillPoint.RECOVERY, killAt,
                () -> park(out, Platter.KillPoint.RECOVERY)));
        out.write("R\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        EngineRecovery.Result r = EngineRecovery.rebuild(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, true, EventSink.NONE,
                RecordHandler.NONE);
        if (r instanceof EngineRecovery.Rebuilt b) {
            b.engine().close();
            if (b.report().kind() == RecoveryReport.Kind.CORRUPT) {
                r = EngineRecovery.rebuild(dir, RecoveryMode.POINT_IN_TIME_RECOVERY, true, EventSink.NONE, RecordHandler.NONE);
                if (r instanceof EngineRecovery.Rebuilt again) again.engine().close();
            }
        }
        out.write("D\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** At a targeted kill point: tell the parent, then wait to be killed. */
    private static void park(OutputStream out, Platter.KillPoint kind) {
        try {
            out.write(("K " + kind.label() + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(120_000);
        } catch (IOException | InterruptedException e) {
            // the parent is gone or we are being torn down: stop here either way
        }
        Runtime.getRuntime().halt(9);
    }
}
