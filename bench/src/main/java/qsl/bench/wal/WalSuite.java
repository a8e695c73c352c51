package qsl.bench.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;
import qsl.perf.alloc.ChildJvm;
import qsl.perf.results.ResultsFile;
import qsl.wal.DurabilityMode;
import qsl.wal.NativeFiles;
import qsl.wal.PipelinedRecovery;
import qsl.wal.RecordHandler;
import qsl.wal.RecoveryMode;
import qsl.wal.RecoveryReport;
import qsl.wal.WalConfig;
import qsl.wal.WalRecovery;
import qsl.wal.WalWriter;

/**
 * Write-ahead log appends, syncs and replay, with peers in the same run: append throughput per
 * durability mode and record size; the latency of a 256-byte write made durable, through the
 * log's FFM {@code fdatasync} against {@code FileChannel.write + force(false)} on the same kind of
 * preallocated file (HdrHistogram); replay (scan + checksum + deliver) speed; Chronicle Queue's
 * appender in a child JVM. Timed loops, not JMH: each run is bounded in bytes so it does not fill
 * the disk; allocation per append comes from the thread's allocation counter.
 */
public final class WalSuite implements BenchSuite {
    static final int[] SIZES = {64, 256, 1024};
    /** The steady-state run: a snapshot (and a prune keeping one) per this many appended records: 64 MiB of 1 KiB records. */
    static final long SNAPSHOT_EVERY = 65_536;
    /** System property: run only the steady none-mode part and its memcpy baselines (scratch runs; the file says so in its meta). */
    static final String STEADY_ONLY_PROPERTY = "qsl.bench.wal.steadyOnly";
    static final boolean STEADY_ONLY = Boolean.getBoolean(STEADY_ONLY_PROPERTY);

    @Override
    public String name() {
        return "wal";
    }

    @Override
    public String description() {
        return "Write-ahead log appends, syncs and replay";
    }

    @Override
    public void run(BenchOptions options) throws Exception {
        boolean quick = options.quick();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "qsl-walbench-");
        ResultsFile f = ResultsFile.create(name(), "Write-ahead log: appends, syncs, replay (qsl vs FileChannel.force, Chronicle Queue)",
                options.command()).evidence("measured on a shared 2-core KVM guest with a virtual disk (sync figures are that disk's, "
                + "not a server NVMe's); no hardware PMU; other processes may have been running").meta("quick", quick)
                .meta("sync_call", NativeFiles.SYNC_CALL);
        try {
            // First, while the page cache holds no other run's dirty pages: the steady state of a
            // node with snapshots, at the default config (none mode: segments prepared ahead,
            // recycled from pruned ones), a snapshot and a prune behind the writer every
            // SNAPSHOT_EVERY records.
            Steady st = appendSteady(work.resolve("append-none-steady"), 1024, quick);
            double gbps = st.bytesPerSecond / 1e9;
            // The same 1 KiB chunks copied by one thread into pre-faulted memory, right after, in
            // this run: over the log's working set (the ring of segment files it cycles through),
            // over 1 GiB of distinct bytes (what the unprepared table run below writes) and over
            // 64 MiB (the first baseline; a last-level cache can hold it).
            long ringBytes = st.ringFilesMin * WalConfig.DEFAULT_SEGMENT_LENGTH;
            double memcpyRing = memcpy(1024, quick, ringBytes);
            double memcpy1g = memcpy(1024, quick, 1L << 30);
            double memcpy64m = memcpy(1024, quick, 64L << 20);
            f.figure("append_gb_per_s_none", gbps);
            f.figure("append_gb_per_s_none_recycled_steady", gbps);
            f.figure("append_records_per_s_none_recycled_steady", st.recordsPerSecond);
            f.figure("alloc_bytes_per_append_recycled", st.allocPerAppend);
            f.figure("steady_timed_bytes", (double) st.bytes);
            f.figure("steady_segments_rolled", st.rolled);
            f.figure("steady_segments_recycled", st.recycled);
            f.figure("steady_snapshots", st.snapshots);
            f.figure("steady_ring_files_min", st.ringFilesMin);
            f.figure("steady_ring_files_max", st.ringFilesMax);
            f.figure("steady_preparer_wait_ms", st.preparerWaitMs);
            f.figure("memcpy_span_bytes", (double) ringBytes);
            f.figure("memcpy_gb_per_s", memcpyRing);
            f.figure("memcpy_gb_per_s_1gib_span", memcpy1g);
            f.figure("memcpy_gb_per_s_64mib_span", memcpy64m);
            f.ratio("append_vs_memcpy_none", gbps / memcpyRing);
            f.ratio("append_vs_memcpy_none_1gib_span", gbps / memcpy1g);
            f.ratio("append_vs_memcpy_none_64mib_span", gbps / memcpy64m);
            System.out.printf(Locale.ROOT, "none-mode append, 1 KiB records, default config with snapshots and prunes: %.3f GB/s"
                    + " (%d rolls, %d recycled, ring %d..%d files, writer waited %.1f ms); memcpy over the ring (%d MiB) %.3f GB/s -> %.4f;"
                    + " over 1 GiB %.3f GB/s (%.4f); over 64 MiB %.3f GB/s (%.4f)%n",
                    gbps, st.rolled, st.recycled, st.ringFilesMin, st.ringFilesMax, st.preparerWaitMs, ringBytes >> 20, memcpyRing,
                    gbps / memcpyRing, memcpy1g, gbps / memcpy1g, memcpy64m, gbps / memcpy64m);
            if (STEADY_ONLY) {
                f.meta("steady_only", true);
                f.note("steady-only scratch run (-D" + STEADY_ONLY_PROPERTY + "=true): the steady none-mode run and its memcpy baselines, "
                        + "nothing else; not a results file to commit.");
            } else {
                tables(f, work, quick, memcpy1g);
            }
        } finally {
            deleteTree(work);
        }
        Path json = f.write(options.resultsDir());
        System.out.println("results: " + json);
    }

    /** Everything after the steady run: the append table, sync latency, replay, Chronicle, and the notes. */
    private static void tables(ResultsFile f, Path work, boolean quick, double memcpy1g) throws Exception {
        Map<String, Object> appendTable = new LinkedHashMap<>();
        double none256 = 0;
        for (DurabilityMode mode : DurabilityMode.values()) {
            for (int size : SIZES) {
                double[] r = append(work.resolve("append-" + mode.label() + "-" + size), mode, size, quick);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("records_per_s", r[0]);
                row.put("mb_per_s", r[1]);
                row.put("syncs", r[3]);
                appendTable.put(mode.label() + "_" + size, row);
                f.figure("append_records_per_s_" + mode.label() + "_" + size, r[0]);
                f.figure("append_mb_per_s_" + mode.label() + "_" + size, r[1]);
                if (mode == DurabilityMode.NONE && size == 256) {
                    none256 = r[1];
                    f.figure("alloc_bytes_per_append", r[2]);
                }
                if (mode == DurabilityMode.NONE && size == 1024) {
                    f.figure("append_mb_per_s_none", r[1]);
                    double unprepared = r[1] / 1e3;
                    f.figure("append_gb_per_s_none_unprepared", unprepared);
                    f.ratio("append_vs_memcpy_none_unprepared", unprepared / memcpy1g);
                }
                if (mode == DurabilityMode.BATCH && size == 256) f.figure("append_records_per_s_batch", r[0]);
                if (mode == DurabilityMode.SYNC && size == 256) f.figure("append_records_per_s_sync", r[0]);
                System.out.printf(Locale.ROOT, "wal append %-5s %5d B: %,14.0f records/s %10.1f MB/s%n", mode.label(), size, r[0], r[1]);
            }
        }
        f.section("append", appendTable);

        Histogram[] h = syncLatency(work.resolve("sync"), quick ? 500 : 3000);
        f.figure("raw_fdatasync_p50_us", h[2].getValueAtPercentile(50) / 1000.0);
        f.figure("raw_fdatasync_p99_us", h[2].getValueAtPercentile(99) / 1000.0);
        f.ratio("sync_vs_raw_fdatasync_p50", (double) h[0].getValueAtPercentile(50) / h[2].getValueAtPercentile(50));
        f.ratio("sync_vs_raw_fdatasync_p99", (double) h[0].getValueAtPercentile(99) / h[2].getValueAtPercentile(99));
        System.out.printf(Locale.ROOT, "raw pwrite+%s p50 %.1f us p99 %.1f us%n", NativeFiles.SYNC_CALL,
                h[2].getValueAtPercentile(50) / 1000.0, h[2].getValueAtPercentile(99) / 1000.0);
        f.figure("sync_p50_us", h[0].getValueAtPercentile(50) / 1000.0);
        f.figure("sync_p99_us", h[0].getValueAtPercentile(99) / 1000.0);
        f.figure("force_p50_us", h[1].getValueAtPercentile(50) / 1000.0);
        f.figure("force_p99_us", h[1].getValueAtPercentile(99) / 1000.0);
        f.figure("sync_samples", h[0].getTotalCount());
        f.ratio("vs_filechannel_force_p50", (double) h[1].getValueAtPercentile(50) / h[0].getValueAtPercentile(50));
        f.ratio("vs_filechannel_force_p99", (double) h[1].getValueAtPercentile(99) / h[0].getValueAtPercentile(99));
        f.section("sync_latency_us", Map.of(
                "ffm_" + NativeFiles.SYNC_CALL.replaceAll("[^a-z_]", "_"), percentiles(h[0]),
                "filechannel_force_false", percentiles(h[1]),
                "raw_pwrite_" + NativeFiles.SYNC_CALL.replaceAll("[^a-z_]", "_"), percentiles(h[2])));
        System.out.printf(Locale.ROOT, "wal sync  p50 %.1f us p99 %.1f us | force(false) p50 %.1f us p99 %.1f us%n",
                h[0].getValueAtPercentile(50) / 1000.0, h[0].getValueAtPercentile(99) / 1000.0,
                h[1].getValueAtPercentile(50) / 1000.0, h[1].getValueAtPercentile(99) / 1000.0);

        double[] replay = replay(work.resolve("replay"), quick ? 2_000_000 : 10_000_000);
        f.figure("replay_records_per_s", replay[0]);
        f.figure("replay_mb_per_s", replay[1]);
        f.figure("replay_records", replay[2]);
        System.out.printf(Locale.ROOT, "wal replay: %,.0f records/s (%.0f MB/s)%n", replay[0], replay[1]);

        double[] engineReplay = engineReplay(work.resolve("engine-replay"), quick ? 300_000 : 2_000_000);
        f.figure("replay_into_engine_records_per_s", engineReplay[0]);
        f.figure("replay_records_per_s_engine", engineReplay[0]);
        f.figure("replay_records_per_s_engine_one_thread", engineReplay[1]);
        f.figure("apply_records_per_s_engine_no_log", engineReplay[2]);
        System.out.printf(Locale.ROOT, "wal replay into the engine: %,.0f records/s pipelined, %,.0f records/s on one thread;"
                + " the engine alone on the same commands: %,.0f/s%n", engineReplay[0], engineReplay[1], engineReplay[2]);

        String chronicle = chronicle(work.resolve("chronicle"), quick);
        if (chronicle.startsWith("records_per_s")) {
            String[] t = chronicle.trim().split("\\s+");
            double rps = Double.parseDouble(t[1]);
            double mbps = Double.parseDouble(t[3]);
            f.figure("chronicle_append_records_per_s_256", rps);
            f.figure("chronicle_append_mb_per_s_256", mbps);
            f.figure("chronicle_read_records_per_s_256", Double.parseDouble(t[5]));
            if (mbps > 0) f.ratio("vs_chronicle_append_256", none256 / mbps);
            f.note("Chronicle Queue " + "2026.2 appender, 256-byte excerpts via writeBytes, default (daily) roll cycle, no sync: "
                    + "the same promise as qsl's none mode. Run in a child JVM with --add-opens/--add-exports.");
            f.note("Chronicle's queue file is extended sparse and its disk blocks are allocated as mapped pages are first "
                    + "touched, inside the timed loop; qsl's segments are posix_fallocate'd when created. Chronicle's "
                    + "figure therefore includes this file system's block allocation per page.");
            System.out.println("chronicle: " + chronicle.trim());
        } else {
            f.meta("chronicle", "not measured: " + chronicle);
            f.note("Chronicle Queue did not run on this JDK: " + chronicle);
            System.out.println("chronicle: not measured: " + chronicle);
        }
        f.note("append: payload bytes per second into 64 MiB preallocated, memory-mapped segments, one writer thread; "
                + "batch = group commit of at most 256 records or 1 ms; sync = " + NativeFiles.SYNC_CALL + " per append.");
        f.note("append_gb_per_s_none (= _recycled_steady): the steady state of a none-mode log with snapshots, at the default "
                + "configuration (WalConfig.of(dir, NONE): 64 MiB segments, " + WalConfig.DEFAULT_PREPARED_SEGMENTS_NONE
                + " prepared ahead by a helper thread, recycled from pruned segments). One writer thread appends 1 KiB records; "
                + "a second thread writes a snapshot each time the writer has appended another " + SNAPSHOT_EVERY
                + " records (64 MiB of 1 KiB records; for " + qsl.book.CommandDescriptor.LENGTH
                + "-byte command records in 64-byte frames the same cadence in bytes is one snapshot per 1,048,576 commands) at the writer's last "
                + "sequence, then prunes keeping one snapshot: covered segments are renamed out of the log and the preparer hands "
                + "them back through their existing mapping, not zeroed (the writer stores an end marker after each record in a "
                + "recycled segment). Timing starts after a warm-up of 1 GiB (quick 256 MiB) "
                + "in which the ring forms, and covers 2 GiB (quick 512 MiB) of appends. These snapshots do not sync the log first "
                + "(a Journal's snapshot does: that is a write at the disk's speed, which the sync figures measure); the log is never "
                + "synced in this run. steady_segments_rolled/_recycled count the timed part's rolls and how many took a recycled file.");
        f.note("memcpy_gb_per_s (the ratio append_vs_memcpy_none uses it): the same 1 KiB chunks copied by one thread, 1 GiB "
                + "(quick 256 MiB) of them, best of 3, cycling over a pre-faulted buffer of memcpy_span_bytes = the log's working "
                + "set in the same run (steady_ring_files_min segment files of 64 MiB: the files the writer cycles through, the "
                + "preparer's spare among them, counted after each prune in the timed part, the smallest count taken, so the "
                + "baseline is the faster one). Why: the "
                + "appends write into that ring over and over, so the copy they are compared with writes the same footprint. "
                + "memcpy_gb_per_s_1gib_span (1 GiB of distinct bytes, what a log without recycling writes) and "
                + "memcpy_gb_per_s_64mib_span (the first baseline; a last-level cache can hold 64 MiB, so it measures copying "
                + "into cache) are beside it with their ratios.");
        f.note("append table and append_gb_per_s_none_unprepared: explicit configuration with no preparer and no prunes: "
                + "segments created at each roll, pages faulting in on the writer's first store (the kernel allocates, zeroes "
                + "and maps each 4 KiB page then): a log's first pass over fresh files. append_vs_memcpy_none_unprepared "
                + "divides it by memcpy_gb_per_s_1gib_span.");
        f.note("sync latency: one 256-byte record written then made durable, alternating between the log (mmap + FFM "
                + NativeFiles.SYNC_CALL + ") and FileChannel.write + force(false) on a posix_fallocate'd file.");
        f.note("replay: WalRecovery over " + qsl.book.CommandDescriptor.LENGTH + "-byte command records: every checksum and sequence verified, each record "
                + "delivered to a handler that reads one field (the engine is not in this number).");
        f.note("replay_into_engine: the same scan applying each " + qsl.book.CommandDescriptor.LENGTH + "-byte command to a fresh MatchingEngine "
                + "(MULTI_SYMBOL workload): what a restart without a snapshot costs per record. replay_records_per_s_engine is "
                + "PipelinedRecovery (scan and checksums on a helper thread, the engine on the calling thread); "
                + "replay_records_per_s_engine_one_thread is WalRecovery doing both on one thread; apply_records_per_s_engine_no_log "
                + "is the engine applying the same commands from memory, no log (the ceiling of a replay).");
        f.note("this host is a shared 2-core KVM guest on a virtual disk: sync figures are that disk's, not a server NVMe's.");
    }

    /** Returns {records/s, MB/s, bytes allocated per append, syncs}: explicit configuration, no preparer, no prunes. */
    static double[] append(Path dir, DurabilityMode mode, int size, boolean quick) throws IOException {
        long budgetBytes = budgetBytes(mode, quick);
        double maxSeconds = quick ? 1.0 : 3.0;
        WalConfig c = new WalConfig(dir, mode, 64L << 20, 256, 1_000_000L);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(size, 8);
            for (int i = 0; i < size; i++) buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
            WalWriter w = ((WalWriter.Open.Ready) WalWriter.open(c, 0)).writer();
            // Warm-up: JIT the append path.
            int warm = mode == DurabilityMode.SYNC ? 200 : 200_000;
            for (int i = 0; i < warm; i++) w.append(1, buf, 0, size);
            long syncs0 = w.syncCount();
            long records = budgetBytes / size;
            long alloc0 = mx.getThreadAllocatedBytes(tid);
            long start = System.nanoTime();
            long deadline = start + (long) (maxSeconds * 1e9);
            long n = 0;
            while (n < records) {
                for (int i = 0; i < 1000 && n < records; i++, n++) {
                    if (w.append(1, buf, 0, size) < 0) throw new IOException("append failed: " + w.lastError());
                }
                if (System.nanoTime() > deadline) break;
            }
            long elapsed = System.nanoTime() - start;
            long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
            long syncs = w.syncCount() - syncs0;
            w.close();
            double s = elapsed / 1e9;
            return new double[] {n / s, n * (double) size / s / 1e6, (double) alloc / n, syncs};
        } finally {
            deleteTree(dir);
        }
    }

    /** What {@link #appendSteady} measured (the timed part only). */
    record Steady(double bytesPerSecond, double recordsPerSecond, long bytes, long rolled, long recycled, long snapshots,
            long ringFilesMin, long ringFilesMax, double allocPerAppend, double preparerWaitMs) {}

    /**
     * none mode at the default configuration, {@code size}-byte records, with a {@link SnapshotPruner}
     * behind the writer: a warm-up in which the ring of recycled segments forms, then a timed 2 GiB
     * (quick 512 MiB), bounded at 60 s.
     */
    static Steady appendSteady(Path dir, int size, boolean quick) throws IOException, InterruptedException {
        long warmRecords = (quick ? 256L << 20 : 1L << 30) / size;
        long timedRecords = (quick ? 512L << 20 : 2L << 30) / size;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(size, 8);
            for (int i = 0; i < size; i++) buf.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
            WalWriter w = ((WalWriter.Open.Ready) WalWriter.open(WalConfig.of(dir, DurabilityMode.NONE), 0)).writer();
            SnapshotPruner pruner = new SnapshotPruner(w, dir);
            pruner.start();
            try {
                for (long i = 0; i < warmRecords; i++) {
                    if (w.append(1, buf, 0, size) < 0) throw new IOException("append failed: " + w.lastError());
                }
                long rolled0 = w.segmentIndex();
                long recycled0 = w.segmentsRecycled();
                long snapshots0 = pruner.snapshots;
                long waited0 = w.preparerWaitNanos();
                pruner.sampling = true;
                long alloc0 = mx.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                long deadline = start + 60_000_000_000L;
                long n = 0;
                while (n < timedRecords) {
                    for (int i = 0; i < 1000 && n < timedRecords; i++, n++) {
                        if (w.append(1, buf, 0, size) < 0) throw new IOException("append failed: " + w.lastError());
                    }
                    if (System.nanoTime() > deadline) break;
                }
                long elapsed = System.nanoTime() - start;
                long alloc = mx.getCurrentThreadAllocatedBytes() - alloc0;
                pruner.sampling = false;
                if (pruner.failure != null) throw new IOException("snapshot/prune failed: " + pruner.failure);
                long end = ringFiles(dir);
                long min = Math.min(pruner.ringMin, end);
                long max = Math.max(pruner.ringMax, end);
                double s = elapsed / 1e9;
                return new Steady(n * (double) size / s, n / s, n * (long) size, w.segmentIndex() - rolled0,
                        w.segmentsRecycled() - recycled0, pruner.snapshots - snapshots0, min, max, (double) alloc / n,
                        (w.preparerWaitNanos() - waited0) / 1e6);
            } finally {
                pruner.stop = true;
                pruner.join();
                w.close();
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Segment files in {@code dir}, in the log or out of it for reuse ({@code wal-*.log}, {@code wal-*.next}, the preparer's spare {@code wal-spare.next} among them). */
    static long ringFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("wal-") && (n.endsWith(".log") || n.endsWith(".next"))).count();
        }
    }

    /**
     * Behind the writer, on a thread of its own: each time the writer has appended another
     * {@link #SNAPSHOT_EVERY} records, writes a small snapshot at the writer's last sequence and
     * prunes keeping one (recycling, as the writer says); while {@link #sampling}, counts the segment
     * files after each prune. Sleeps 50 us between looks (the host has two cores: the writer's and
     * the one the preparer and this thread share).
     */
    static final class SnapshotPruner extends Thread {
        final WalWriter w;
        final Path dir;
        volatile boolean stop;
        volatile boolean sampling;
        volatile long snapshots;
        volatile long ringMin = Long.MAX_VALUE;
        volatile long ringMax;
        volatile String failure;

        SnapshotPruner(WalWriter w, Path dir) {
            super("wal-bench-snapshots");
            this.w = w;
            this.dir = dir;
            setDaemon(true);
        }

        @Override
        public void run() {
            long done = 0;
            byte[] payload = new byte[64];
            try {
                while (!stop) {
                    long at = w.lastSequence();
                    if (at - done < SNAPSHOT_EVERY) {
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
                        continue;
                    }
                    if (!(qsl.wal.SnapshotStore.write(dir, at, payload) instanceof qsl.wal.SnapshotStore.Write.Done)) {
                        failure = "snapshot at " + at;
                        return;
                    }
                    qsl.wal.SnapshotStore.prune(dir, 1, w.recyclesSegments());
                    done = at;
                    snapshots++;
                    if (sampling) {
                        long files = ringFiles(dir);
                        ringMin = Math.min(ringMin, files);
                        ringMax = Math.max(ringMax, files);
                    }
                }
            } catch (IOException e) {
                failure = e.toString();
            }
        }
    }

    /** Bytes one append run writes at most. */
    static long budgetBytes(DurabilityMode mode, boolean quick) {
        return switch (mode) {
            case NONE -> quick ? 256L << 20 : 1L << 30;
            case BATCH -> quick ? 32L << 20 : 128L << 20;
            case SYNC -> quick ? 256L << 10 : 1L << 20;
        };
    }

    /** GB/s of a single-thread copy of {@code size}-byte chunks, cycling over a {@code span}-byte off-heap buffer touched beforehand. */
    static double memcpy(int size, boolean quick, long span) {
        long budget = quick ? 256L << 20 : 1L << 30;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocate(size, 8);
            for (int i = 0; i < size; i++) src.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
            MemorySegment dst = a.allocate(span, 4096);
            dst.fill((byte) 1); // fault every page in first, as the log's populated segments are
            double best = 0;
            for (int round = 0; round < 3; round++) {
                long at = 0;
                long t0 = System.nanoTime();
                for (long done = 0; done < budget; done += size) {
                    MemorySegment.copy(src, 0, dst, at, size);
                    at += size;
                    if (at + size > span) at = 0;
                }
                long t = System.nanoTime() - t0;
                best = Math.max(best, budget / (t / 1e9) / 1e9);
            }
            return best;
        }
    }

    /**
     * Histograms (ns) of write-256-bytes-then-sync: [0] the log in sync mode, [1] FileChannel +
     * force(false), [2] raw pwrite + the platform's sync call through the same downcall, no log.
     */
    static Histogram[] syncLatency(Path dir, int samples) throws IOException {
        Histogram ffm = new Histogram(3_600_000_000_000L, 3);
        Histogram force = new Histogram(3_600_000_000_000L, 3);
        Histogram raw = new Histogram(3_600_000_000_000L, 3);
        Files.createDirectories(dir);
        Path peerFile = dir.resolve("peer.dat");
        long fileLength = 64L << 20;
        try (Arena a = Arena.ofConfined()) {
            NativeFiles nf = new NativeFiles(a);
            int fd = nf.open(peerFile, NativeFiles.O_RDWR | NativeFiles.O_CREAT, 0644);
            if (fd < 0 || nf.preallocate(fd, fileLength) != 0) throw new IOException("preallocate peer file: " + nf.lastError());
            nf.close(fd);
            Path rawFile = dir.resolve("raw.dat");
            int rawFd = nf.open(rawFile, NativeFiles.O_RDWR | NativeFiles.O_CREAT, 0644);
            if (rawFd < 0 || nf.preallocate(rawFd, fileLength) != 0 || nf.dataSync(rawFd) != 0) {
                throw new IOException("preallocate raw file: " + nf.lastError());
            }
            MemorySegment rawBuf = a.allocate(256, 4096);
            MemorySegment buf = a.allocate(232);
            WalWriter w = ((WalWriter.Open.Ready) WalWriter.open(new WalConfig(dir.resolve("log"), DurabilityMode.SYNC,
                    64L << 20, 1, 0), 0)).writer();
            try (FileChannel ch = FileChannel.open(peerFile, StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.allocateDirect(256);
                long pos = 0;
                for (int i = -50; i < samples; i++) { // the first 50 of each are warm-up
                    long t0 = System.nanoTime();
                    w.append(1, buf, 0, 232); // 24-byte header + 232 = 256 bytes, synced before return
                    long t1 = System.nanoTime();
                    bb.clear();
                    ch.write(bb, pos);
                    ch.force(false);
                    long t2 = System.nanoTime();
                    if (nf.pwriteFully(rawFd, rawBuf, 0, 256, pos) != 0 || nf.dataSync(rawFd) != 0) {
                        throw new IOException("raw pwrite + sync: " + nf.lastError());
                    }
                    long t3 = System.nanoTime();
                    pos += 256;
                    if (i >= 0) {
                        ffm.recordValue(t1 - t0);
                        force.recordValue(t2 - t1);
                        raw.recordValue(t3 - t2);
                    }
                }
            }
            nf.close(rawFd);
            w.close();
        } finally {
            deleteTree(dir);
        }
        return new Histogram[] {ffm, force, raw};
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) m.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), h.getValueAtPercentile(p) / 1000.0);
        m.put("max", h.getMaxValue() / 1000.0);
        m.put("count", h.getTotalCount());
        return m;
    }

    /** Writes {@code n} command-sized ({@code CommandDescriptor.LENGTH}-byte) records, then times a full recovery scan; returns {records/s, MB/s of log, records}. */
    static double[] replay(Path dir, int n) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(qsl.book.CommandDescriptor.LENGTH);
            WalWriter w = ((WalWriter.Open.Ready) WalWriter.open(new WalConfig(dir, DurabilityMode.NONE, 256L << 20, 256, 1_000_000L), 0)).writer();
            for (int i = 0; i < n; i++) {
                buf.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, i);
                w.append(1, buf, 0, qsl.book.CommandDescriptor.LENGTH);
            }
            w.close();
            Summer sum = new Summer();
            double best = 0;
            for (int round = 0; round < 4; round++) { // the first rounds warm up the scanner and the page cache
                long t0 = System.nanoTime();
                RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, sum, false);
                long t = System.nanoTime() - t0;
                if (r.kind() != RecoveryReport.Kind.CLEAN || r.recordsDelivered() != n) throw new IOException("replay: " + r.summary());
                best = Math.max(best, n / (t / 1e9));
            }
            return new double[] {best, best * 56 / 1e6, n};
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Journals a MULTI_SYMBOL workload, then times recovery applying every record to a fresh
     * engine: {@link PipelinedRecovery} (scan on a helper thread), {@link WalRecovery} (scan and
     * apply on one thread), and the engine applying the same commands from memory with no log.
     * Returns {records/s pipelined, records/s one thread, commands/s engine alone}.
     */
    static double[] engineReplay(Path dir, int commands) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            qsl.workload.Workload w = qsl.workload.WorkloadGenerator.generate(
                    qsl.workload.WorkloadShape.MULTI_SYMBOL, 11, commands, false, a);
            WalWriter log = ((WalWriter.Open.Ready) WalWriter.open(new WalConfig(dir, DurabilityMode.NONE, 256L << 20, 256, 1_000_000L), 0)).writer();
            for (int i = 0; i < w.count(); i++) log.append(1, w.commands(), qsl.workload.Workload.offset(i), qsl.book.CommandDescriptor.LENGTH);
            log.close();
            double[] best = new double[3];
            for (int round = 0; round < 3; round++) {
                for (int way = 0; way < 3; way++) {
                    try (qsl.book.MatchingEngine e = new qsl.book.MatchingEngine(new qsl.book.EngineConfig(1 << 16, 16, 1024), qsl.book.EventSink.NONE)) {
                        for (qsl.book.SymbolSpec spec : w.symbols()) e.addSymbol(spec);
                        EngineApply apply = new EngineApply(e);
                        long t0 = System.nanoTime();
                        long n;
                        if (way == 2) {
                            for (int i = 0; i < w.count(); i++) e.apply(w.commands(), qsl.workload.Workload.offset(i));
                            n = w.count();
                        } else {
                            RecoveryReport r = way == 0
                                    ? PipelinedRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, apply, false)
                                    : WalRecovery.recover(dir, RecoveryMode.ABSOLUTE_CONSISTENCY, 1, apply, false);
                            n = r.recordsDelivered();
                            if (n != w.count() || apply.applied != n) throw new IOException("engine replay: " + r.summary());
                        }
                        long t = System.nanoTime() - t0;
                        best[way] = Math.max(best[way], n / (t / 1e9));
                    }
                }
            }
            return best;
        } finally {
            deleteTree(dir);
        }
    }

    /** Applies each command record to the engine. */
    static final class EngineApply implements RecordHandler {
        final qsl.book.MatchingEngine engine;
        long applied;

        EngineApply(qsl.book.MatchingEngine engine) {
            this.engine = engine;
        }

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            engine.apply(segment, payloadOffset);
            applied++;
        }
    }

    /** Reads one field of each record, so the delivery is not optimised away. */
    static final class Summer implements RecordHandler {
        long sum;

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            sum += segment.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, payloadOffset + 8);
        }
    }

    static String chronicle(Path dir, boolean quick) {
        List<String> flags = new ArrayList<>(List.of(
                "-Xmx512m", "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
                "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED"));
        try {
            ChildJvm.Result r = ChildJvm.run(ChronicleAppendMain.class, flags,
                    List.of(dir.toString(), "256", quick ? "1" : "3"), 180);
            for (String line : r.stdout().split("\n")) if (line.startsWith("records_per_s")) return line;
            String err = (r.stderr() + r.stdout()).trim();
            String firstError = err.lines().filter(l -> l.contains("Exception") || l.contains("Error")).findFirst().orElse(err);
            String why = "exit " + r.exitCode() + (r.timedOut() ? " (timed out)" : "") + ": "
                    + firstError.substring(0, Math.min(300, firstError.length()));
            if (why.contains("NoClassDefFoundError") && why.contains("openhft")) {
                why += " -- a class path conflict, not a Java 25 refusal: exchange-core 0.5.3 (the engine peer) pins"
                        + " chronicle-wire 2.19.1 and friends; bench/pom.xml must declare the OpenHFT versions chronicle-queue"
                        + " needs as direct dependencies so they win in bench and in app's fat jar";
            }
            return why;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        } finally {
            try {
                deleteTree(dir);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
