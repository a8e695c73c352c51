package qsl.wal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import qsl.ringbuffer.BackoffIdleStrategy;
import qsl.ringbuffer.IdleStrategy;
import qsl.ringbuffer.RingConsumer;
import qsl.ringbuffer.RingProducer;
import qsl.ringbuffer.SpscRing;

/**
 * {@link WalRecovery} with the scan on a helper thread: that thread maps the segments, verifies
 * every header, checksum and sequence and applies the damage policy, exactly as
 * {@link WalRecovery#recover} does; the calling thread only runs the handler. Validated records
 * cross in runs (up to {@link #RUN_RECORDS} consecutive records of one mapping, described by a
 * {@link ReplayRunDescriptor} in an {@link SpscRing}); the handler reads them where they lie in the
 * mapped file, as with {@code WalRecovery}. The handler sees the same records, in the same order,
 * with the same sequences, types and bytes as {@link WalRecovery#recover} would hand it, and the
 * report is the same: a replay into a deterministic state machine gives the same state. What
 * changes is the time: scanning and applying overlap on two cores.
 *
 * <p>The mappings stay open until the calling thread has handed over every published run. A
 * handler's exception stops the scan and propagates from this call (records after it are not
 * delivered); so does an unexpected exception of the scan.
 */
public final class PipelinedRecovery {
    /** Records per run at most: one ring record and one release store per this many log records. */
    static final int RUN_RECORDS = 64;
    /**
     * Ring bytes: about 43,000 runs, so the scan may run up to some 2.7 M records ahead. Far ahead
     * on purpose: records the scanning core read a moment ago sit in its private cache, and reading
     * them from the other core then costs a transfer per line; measured here, a ring that kept the
     * scan within a few MB of the handler replayed into the engine slower than one thread did.
     */
    static final int RING_CAPACITY = 1 << 20;
    private static final int RUN_TYPE = 1;

    private final SpscRing ring;
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final RecordHandler handler;

    /**
     * The mappings runs name, by index: written by the scanning thread before the run that names a
     * new one is published, read by the calling thread. Its own object, away from the scanning
     * thread's per-record fields (in {@link Collect}): a line both threads touch on every record
     * would move between their cores each time.
     */
    private final MappingTable table = new MappingTable();

    /** Set by the calling thread when its handler threw: the scan stops at its next hand-over. */
    private volatile boolean aborted;
    /** Set by the scanning thread when it is done, with {@link #report} or {@link #scanFailure}. */
    private volatile boolean finished;
    private RecoveryReport report;
    private Throwable scanFailure;

    private PipelinedRecovery(Arena arena, RecordHandler handler) {
        this.ring = SpscRing.allocate(arena, RING_CAPACITY);
        this.producer = ring.producer();
        this.consumer = ring.consumer();
        this.handler = handler;
    }

    /**
     * Recovers {@code dir} like {@link WalRecovery#recover}, scanning on a new thread while this
     * thread runs {@code handler}.
     */
    public static RecoveryReport recover(Path dir, RecoveryMode mode, long fromSequence, RecordHandler handler, boolean repair) {
        try (Arena arena = Arena.ofShared()) {
            return new PipelinedRecovery(arena, handler).run(dir, mode, fromSequence, repair);
        }
    }

    private RecoveryReport run(Path dir, RecoveryMode mode, long fromSequence, boolean repair) {
        Thread scanner = new Thread(() -> scan(dir, mode, fromSequence, repair), "qsl-wal-scan");
        scanner.setDaemon(true);
        scanner.start();
        Apply apply = new Apply();
        IdleStrategy idle = idleStrategy();
        try {
            while (true) {
                // Read the flag before polling: a scan that finished before this poll published
                // everything it had, so an empty poll after a true flag means nothing is left.
                boolean done = finished;
                int n = consumer.poll(apply);
                if (n == 0 && done) break;
                idle.idle(n);
            }
        } catch (RuntimeException | Error e) {
            aborted = true;
            joinQuietly(scanner);
            throw e;
        }
        joinQuietly(scanner);
        if (scanFailure instanceof RuntimeException r) throw r;
        if (scanFailure instanceof Error r) throw r;
        return report;
    }

    private void scan(Path dir, RecoveryMode mode, long fromSequence, boolean repair) {
        try {
            Collect collect = new Collect(); // allocated on this thread: its fields stay off the calling thread's lines
            report = WalRecovery.recover(dir, mode, fromSequence, collect, repair, true, collect::drain);
        } catch (Throwable t) {
            scanFailure = t;
        } finally {
            finished = true; // publishes report / scanFailure to the calling thread
        }
    }

    /** Mappings by index; see {@link #table}. */
    private static final class MappingTable {
        MemorySegment[] mappings = new MemorySegment[4];
    }

    /** Scanning thread: groups the records {@link WalRecovery} delivers into runs and publishes them. */
    private final class Collect implements RecordHandler {
        private final IdleStrategy idle = idleStrategy();
        private int mappingCount;
        private MemorySegment runMapping;
        private int runIndex = -1;
        private long runStart;
        private long runEnd;
        private long runFirstSequence;
        private int runCount;

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            long frame = payloadOffset - RecordDescriptor.HEADER_LENGTH;
            if (runCount > 0 && segment == runMapping && frame == runEnd && sequence == runFirstSequence + runCount
                    && runCount < RUN_RECORDS) {
                runCount++;
                runEnd = frame + RecordDescriptor.frameLength(payloadLength);
                return;
            }
            flushRun();
            if (segment != runMapping) {
                MemorySegment[] m = table.mappings;
                if (mappingCount == m.length) table.mappings = m = Arrays.copyOf(m, mappingCount * 2);
                // A global-scope view of the same mapping: no liveness check of the shared arena on each
                // of the handler's reads. Safe: the mappings close only after drain() saw every run applied.
                m[mappingCount] = MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize());
                runIndex = mappingCount++;
                runMapping = segment;
            }
            runStart = frame;
            runEnd = frame + RecordDescriptor.frameLength(payloadLength);
            runFirstSequence = sequence;
            runCount = 1;
        }

        /** Publishes the current run, waiting for room. */
        private void flushRun() {
            if (runCount == 0) return;
            long at;
            idle.reset();
            while ((at = producer.claim(RUN_TYPE, ReplayRunDescriptor.LENGTH)) < 0) {
                if (aborted) throw new Aborted();
                idle.idle();
            }
            ReplayRunDescriptor.write(producer.buffer(), at, runStart, runFirstSequence, runIndex, runCount);
            producer.commit(at); // release: the mapping table entry and the records' validation happen-before the apply
            runCount = 0;
        }

        /**
         * Before the mappings close: hands over the last run and waits until the calling thread
         * has handed every run to the handler (or gave up).
         */
        void drain() {
            if (!aborted) flushRun();
            idle.reset();
            while (!aborted && ring.consumerPosition() != producer.publishedPosition()) idle.idle();
        }
    }

    /** Calling thread: hands each record of a run to the handler, where it lies in the mapping. */
    private final class Apply implements qsl.ringbuffer.RecordHandler {
        private final RecordHandler handler = PipelinedRecovery.this.handler;
        private final MappingTable table = PipelinedRecovery.this.table;

        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            // Plain reads: the acquire of the producer position in poll made the run, the mapping
            // table entry and the records visible.
            MemorySegment m = table.mappings[ReplayRunDescriptor.mapping(buffer, offset)];
            long p = ReplayRunDescriptor.frameOffset(buffer, offset);
            long seq = ReplayRunDescriptor.firstSequence(buffer, offset);
            int count = ReplayRunDescriptor.count(buffer, offset);
            for (int k = 0; k < count; k++) {
                int len = RecordDescriptor.length(m, p);
                handler.onRecord(seq + k, RecordDescriptor.type(m, p), m, p + RecordDescriptor.HEADER_LENGTH, len);
                p += RecordDescriptor.frameLength(len);
            }
        }
    }

    /**
     * Spins for a long while before it yields or parks: a thread that gives its core away on a busy
     * machine may not get it back for a scheduler slice, and either side of the pipeline waits only
     * as long as the other takes for one run. Parks no longer than 20 µs.
     */
    private static IdleStrategy idleStrategy() {
        return new BackoffIdleStrategy(SPINS, 2, 1_000, 20_000);
    }

    /** Busy-wait steps before a waiting side yields (about a millisecond on this kind of core). */
    static final int SPINS = 50_000;

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Unwinds the scan after the calling thread's handler threw. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super("replay stopped: the handler threw", null, false, false);
        }
    }
}
