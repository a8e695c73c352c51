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
     * Ring bytes: about 680 runs in flight, so the scan runs at most some 3 MB of log ahead of the
     * handler and the records are still in a cache the handler's core shares when it reads them.
     */
    static final int RING_CAPACITY = 16 << 10;
    private static final int RUN_TYPE = 1;

    private final SpscRing ring;
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final RecordHandler handler;

    // Scanning thread only (written before the run that names them is published).
    private MemorySegment[] mappings = new MemorySegment[4];
    private int mappingCount;
    private MemorySegment runMapping;
    private int runIndex = -1;
    private long runStart;
    private long runEnd;
    private long runFirstSequence;
    private int runCount;
    private final IdleStrategy scanIdle = idleStrategy();

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
            report = WalRecovery.recover(dir, mode, fromSequence, new Collect(), repair, true, this::drain);
        } catch (Throwable t) {
            scanFailure = t;
        } finally {
            finished = true; // publishes report / scanFailure to the calling thread
        }
    }

    /**
     * Scanning thread, before the mappings close: hands over the last run and waits until the
     * calling thread has handed every run to the handler (or gave up).
     */
    private void drain() {
        if (!aborted) flushRun();
        scanIdle.reset();
        while (!aborted && ring.consumerPosition() != producer.publishedPosition()) scanIdle.idle();
    }

    /** Scanning thread: publishes the current run, waiting for room. */
    private void flushRun() {
        if (runCount == 0) return;
        long at;
        scanIdle.reset();
        while ((at = producer.claim(RUN_TYPE, ReplayRunDescriptor.LENGTH)) < 0) {
            if (aborted) throw new Aborted();
            scanIdle.idle();
        }
        ReplayRunDescriptor.write(producer.buffer(), at, runStart, runFirstSequence, runIndex, runCount);
        producer.commit(at); // release: the mapping table entry and the records' validation happen-before the apply
        runCount = 0;
    }

    /** Scanning thread: groups the records {@link WalRecovery} delivers into runs. */
    private final class Collect implements RecordHandler {
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
                if (mappingCount == mappings.length) mappings = Arrays.copyOf(mappings, mappingCount * 2);
                mappings[mappingCount] = segment;
                runIndex = mappingCount++;
                runMapping = segment;
            }
            runStart = frame;
            runEnd = frame + RecordDescriptor.frameLength(payloadLength);
            runFirstSequence = sequence;
            runCount = 1;
        }
    }

    /** Calling thread: hands each record of a run to the handler, where it lies in the mapping. */
    private final class Apply implements qsl.ringbuffer.RecordHandler {
        @Override
        public void onRecord(int type, MemorySegment buffer, long offset, int length) {
            // Plain reads: the acquire of the producer position in poll made the run, the mapping
            // table entry and the records visible.
            MemorySegment m = mappings[ReplayRunDescriptor.mapping(buffer, offset)];
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

    /** Spins, yields, then parks no longer than 20 µs: a full ring drains in well under a millisecond. */
    private static IdleStrategy idleStrategy() {
        return new BackoffIdleStrategy(100, 10, 1_000, 20_000);
    }

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
