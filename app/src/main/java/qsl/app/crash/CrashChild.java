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
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.book.workload.Workload;
import qsl.book.workload.WorkloadGenerator;
import qsl.wal.DurabilityMode;
import qsl.wal.SnapshotStore;
import qsl.wal.WalWriter;

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
        try (Arena arena = Arena.ofConfined();
             MatchingEngine engine = new MatchingEngine(EngineLog.HARNESS_ENGINE, EventSink.NONE)) {
            Workload w = WorkloadGenerator.generate(EngineLog.HARNESS_SHAPE, seed, commands, false, arena);
            for (SymbolSpec s : w.symbols()) engine.addSymbol(s);
            if (!(SnapshotStore.write(dir, 0, EngineSnapshotCodec.encode(engine, EngineLog.HARNESS_ENGINE, w.symbols(), 0))
                    instanceof SnapshotStore.Write.Done)) {
                System.exit(3);
            }
            WalWriter.Open o = WalWriter.open(EngineLog.harnessConfig(dir, mode), 1);
            if (!(o instanceof WalWriter.Open.Ready ready)) {
                System.err.println("open: " + o);
                System.exit(4);
                return;
            }
            WalWriter log = ready.writer();
            out.write('R');
            out.write('\n');
            out.flush();
            long acked = 0;
            long durable = 0;
            int unflushed = 0;
            StringBuilder line = new StringBuilder(48);
            for (int i = 0; i < w.count(); i++) {
                long seq = log.append(EngineLog.COMMAND, w.commands(), Workload.offset(i), qsl.book.CommandDescriptor.LENGTH);
                if (seq < 0) {
                    System.err.println("append failed: " + seq + " " + log.lastError());
                    System.exit(5);
                }
                engine.apply(w.commands(), Workload.offset(i));
                if (snapshotEvery > 0 && seq % snapshotEvery == 0) {
                    // Checkpoint: the log up to seq is made durable first, so a snapshot never outruns the log.
                    if (log.sync() < 0) System.exit(6);
                    byte[] state = EngineSnapshotCodec.encode(engine, EngineLog.HARNESS_ENGINE, w.symbols(), seq);
                    if (!(SnapshotStore.write(dir, seq, state) instanceof SnapshotStore.Write.Done)) System.exit(7);
                    SnapshotStore.prune(dir, 2);
                }
                long a = mode == DurabilityMode.BATCH ? log.durableSequence() : seq;
                long d = log.durableSequence();
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
            long last = log.sync();
            out.write(("A " + (mode == DurabilityMode.NONE ? w.count() : last) + " " + last + "\nD\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            log.close();
        }
    }
}
