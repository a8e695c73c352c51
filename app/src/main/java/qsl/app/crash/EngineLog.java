package qsl.app.crash;

import java.nio.file.Path;
import qsl.book.EngineConfig;
import qsl.journal.RecordTypes;
import qsl.workload.WorkloadShape;
import qsl.wal.DurabilityMode;
import qsl.wal.WalConfig;

/** How the engine journals commands: one log record per {@code CommandDescriptor}, of type {@link #COMMAND}. */
public final class EngineLog {
    /** Record type of a journaled engine command ({@link RecordTypes#COMMAND}). */
    public static final int COMMAND = RecordTypes.COMMAND;
    /** The engine the crash harness runs: small, so a child JVM starts fast. */
    public static final EngineConfig HARNESS_ENGINE = new EngineConfig(1 << 16, 16, 1024);
    public static final WorkloadShape HARNESS_SHAPE = WorkloadShape.MULTI_SYMBOL;
    /** Segment size of the harness's logs: small, so rolls happen and recovery scans little. */
    public static final long HARNESS_SEGMENT = 64L << 10;

    private EngineLog() {}

    /**
     * The harness's log configuration for {@code mode}: batches of 64 records or 2 ms; in
     * {@code none} mode two segments prepared ahead by the writer's helper thread, so kills and power
     * losses land while prepared files ({@code wal-*.next}) exist and as they are renamed into the log.
     */
    public static WalConfig harnessConfig(Path dir, DurabilityMode mode) {
        WalConfig c = new WalConfig(dir, mode, HARNESS_SEGMENT, 64, 2_000_000L);
        return mode == DurabilityMode.NONE ? c.withPreparedSegments(PREPARED_SEGMENTS_NONE) : c;
    }

    /** Segments prepared ahead in the harness's none mode. */
    public static final int PREPARED_SEGMENTS_NONE = 2;
}
