package qsl.gateway.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import qsl.book.MatchingEngine;
import qsl.book.SymbolSpec;
import qsl.book.snapshot.EngineSnapshotCodec;
import qsl.gateway.Sessions;
import qsl.gateway.SnapshotSchedule;
import qsl.journal.Journal;
import qsl.journal.JournalSnapshot;
import qsl.wal.DurabilityMode;
import qsl.wal.NativeFiles;
import qsl.wal.SegmentFiles;

/**
 * The node's snapshots, kept off the append and release path as far as they can be. Three
 * threads take part, one step each:
 * <ol>
 *   <li>the engine thread, between two commands, when the {@link SnapshotSchedule} says one is due
 *       (or at the end of a drain): encodes the engine and the session machine ({@link #take}) and
 *       puts a marker record ({@link #MARKER_TYPE}: the log sequence of the last command included)
 *       on its ring to the journal thread, after that command's responses;</li>
 *   <li>the journal thread, at the marker ({@link #marked}): records how many messages and bytes
 *       each session's store holds (exactly the responses up to that command), and in {@code none}
 *       mode syncs the log once, since a snapshot must never outrun the durable log;</li>
 *   <li>this class's own thread ({@link #run}): waits until the log is durable through the
 *       snapshot's sequence, syncs the covered prefix of every session store, then writes the
 *       snapshot and prunes through {@link Journal#snapshotDurable}.</li>
 * </ol>
 * One snapshot is in flight at a time: while one is being written the engine thread does not take
 * another (the schedule stays due and the next command tries again). The engine thread encodes
 * into buffers it keeps (grown only when the state outgrows them: no allocation in steady state),
 * in time proportional to the resting orders; the writer thread copies the snapshot out of them.
 *
 * <p>In {@code none} mode the log is synced only for a snapshot, at the marker, on the thread that
 * runs the journal stage (the node thread): that {@code fdatasync} would write back everything the
 * log took since the last snapshot (a million commands by default, tens of MB) while the node
 * thread waits. So between snapshots the writer thread writes the log's pages back itself, every
 * {@value #LOG_FLUSH_MILLIS} ms that the log grew ({@link #flushLog}): the sync at the marker then
 * finds only the last moment's pages dirty. That flush claims nothing (the durable sequence moves
 * only through the journal's own sync).
 */
public final class NodeSnapshots implements Runnable {
    /** Ring record type of the marker (engine -> journal ring); payload: the log sequence (i64). */
    public static final int MARKER_TYPE = 2;
    public static final int MARKER_LENGTH = 8;

    private final Journal journal;
    private final Sessions sessions;
    private final SnapshotSchedule schedule;
    private final List<SymbolSpec> symbols;
    private final PrintStream log;

    // Written by the engine thread in take(), read by the journal thread after the marker
    // (the ring's publish/poll orders them), then by the writer thread after 'ready'.
    // The buffers are reused for every snapshot (grown only when the state outgrows them): the engine
    // thread takes the next snapshot only after the writer thread is done with them ('busy').
    private long sequence;
    private final EngineSnapshotCodec.Encoder engineEncoder;
    private int engineLength;
    private byte[] state;
    private MemorySegment stateSegment; // wraps state: written through without allocating
    private int stateLength;
    private long takenNanos;

    private volatile boolean busy; // set by the engine thread, cleared by the writer thread
    private volatile long ready = -1; // set by the journal thread, cleared by the writer thread
    private volatile boolean stopping;
    private volatile Thread writer;
    private volatile long written;
    private volatile long lastWritten;
    private volatile String lastFailure;

    /** none mode: how often the writer thread writes back what the log took since its last flush. */
    static final long LOG_FLUSH_MILLIS = 100;
    // none mode, writer thread only: its own descriptor of the log segment it flushes
    private int flushFd = -1;
    private long flushSegment = -1;
    private long flushedThrough;
    private volatile long logFlushes;

    /** @param lastSnapshot the log sequence of the snapshot the node started from */
    public NodeSnapshots(Journal journal, Sessions sessions, SnapshotSchedule schedule, List<SymbolSpec> symbols, PrintStream log,
                         long lastSnapshot) {
        this.lastWritten = lastSnapshot;
        this.journal = journal;
        this.sessions = sessions;
        this.schedule = schedule;
        this.symbols = List.copyOf(symbols);
        this.log = log;
        // The engine thread's buffers, allocated now for PRESIZED_ORDERS resting orders, so the first snapshot taken
        // under load allocates nothing on the order path either (a larger state grows them when it comes).
        this.engineEncoder = new EngineSnapshotCodec.Encoder(this.symbols, PRESIZED_ORDERS);
        this.state = new byte[NodeState.length(sessions.size(), PRESIZED_ORDERS)];
        this.stateSegment = MemorySegment.ofArray(state);
    }

    /** Resting orders the snapshot buffers are allocated for at start (about 2 MiB for engine and node state together). */
    static final int PRESIZED_ORDERS = 32_768;

    public SnapshotSchedule schedule() {
        return schedule;
    }

    /** Whether a snapshot is in flight (engine thread: take none now). */
    public boolean busy() {
        return busy;
    }

    /**
     * Engine thread, at the end of a drain: waits until no snapshot is in flight, or the journal
     * thread has ended (then none can complete). Returns whether one may be taken.
     */
    boolean awaitIdle() {
        while (busy) {
            if (journalEnded) return false;
            LockSupport.parkNanos(this, 1_000_000L);
        }
        return true;
    }

    /** The journal thread has ended (it calls this last). */
    void journalEnded() {
        journalEnded = true;
    }

    private volatile boolean journalEnded;

    /** Snapshots written since start. */
    public long written() {
        return written;
    }

    /** Log sequence of the newest snapshot: the last one written, or the one the node started from. */
    public long lastWritten() {
        return lastWritten;
    }

    /** Why the last snapshot failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Engine thread, between commands, when not {@link #busy()}: encodes the state after the
     * command journaled at log sequence {@code logSequence}. The caller then puts the marker on
     * the ring.
     */
    void take(long logSequence, SessionMachine machine) {
        busy = true;
        long t0 = System.nanoTime();
        MatchingEngine engine = machine.engine();
        sequence = logSequence;
        engineLength = engineEncoder.encode(engine, engine.config(), logSequence);
        int need = machine.stateLength();
        if (state.length < need) {
            state = new byte[need + need / 4]; // headroom: a state that grows slowly does not reallocate every snapshot
            stateSegment = MemorySegment.ofArray(state);
        }
        stateLength = machine.encodeState(stateSegment);
        takenNanos = System.nanoTime() - t0;
    }

    /** Journal thread, at the marker of {@code logSequence}, after every record before it. */
    void marked(long logSequence) {
        if (logSequence != sequence) {
            fail("marker for sequence " + logSequence + " but the state taken is at " + sequence);
            return;
        }
        MemorySegment st = stateSegment;
        int n = st.get(NodeStateDescriptor.I32, NodeStateDescriptor.SESSIONS_OFFSET);
        for (int i = 0; i < n; i++) {
            var store = sessions.get(i).store();
            NodeState.storeCounts(st, i, store.written(), store.writtenBytes());
        }
        if (journal.mode() == qsl.wal.DurabilityMode.NONE && journal.durableSequence() < logSequence && journal.sync() < 0) {
            fail("log sync before the snapshot at " + logSequence + " failed: " + journal.lastError());
            return;
        }
        ready = logSequence; // volatile: publishes the counts to the writer thread
        Thread w = writer;
        if (w != null) LockSupport.unpark(w);
    }

    private void fail(String why) {
        lastFailure = why;
        log.println("qsl node: snapshot not written: " + why);
        ready = -1;
        busy = false;
    }

    /** The writer thread's loop; ends after {@link #stop(Thread)} once nothing is in flight. */
    @Override
    public void run() {
        writer = Thread.currentThread();
        if (journal.mode() != DurabilityMode.NONE) {
            loop(null);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            NativeFiles files = new NativeFiles(arena);
            try {
                loop(files);
            } finally {
                if (flushFd >= 0) files.close(flushFd);
                flushFd = -1;
            }
        }
    }

    /** @param files none mode: this thread's calls for {@link #flushLog}; null in the other modes (nothing to flush) */
    private void loop(NativeFiles files) {
        while (true) {
            long s = ready;
            if (s < 0) {
                if (stopping) return; // the journal thread has ended: no marker is coming
                if (files == null) {
                    LockSupport.parkNanos(this, 1_000_000_000L); // marked() and stop() unpark
                } else {
                    LockSupport.parkNanos(this, LOG_FLUSH_MILLIS * 1_000_000L);
                    if (ready < 0 && !stopping) flushLog(files);
                }
                continue;
            }
            while (journal.durableSequence() < s) {
                if (stopping) {
                    fail("the log never became durable through sequence " + s);
                    break;
                }
                LockSupport.parkNanos(this, 200_000L);
            }
            if (ready < 0) continue;
            write(s);
        }
    }

    private void write(long s) {
        long t0 = System.nanoTime();
        MemorySegment st = stateSegment;
        int n = st.get(NodeStateDescriptor.I32, NodeStateDescriptor.SESSIONS_OFFSET);
        for (int i = 0; i < n; i++) {
            long at = NodeStateDescriptor.session(i);
            sessions.get(i).store().force(st.get(NodeStateDescriptor.I64, at + NodeStateDescriptor.SESSION_MESSAGES_OFFSET),
                    st.get(NodeStateDescriptor.I64, at + NodeStateDescriptor.SESSION_BYTES_OFFSET));
        }
        try (FileChannel dir = FileChannel.open(sessions.storeDirectory(), StandardOpenOption.READ)) {
            dir.force(true); // the store files' names, once they exist
        } catch (IOException e) {
            fail("sync " + sessions.storeDirectory() + ": " + e.getMessage());
            return;
        }
        // This thread's copies, off the order path: the engine thread's buffers hold more than the snapshot.
        byte[] payload = JournalSnapshot.encode(Arrays.copyOf(engineEncoder.array(), engineLength), Arrays.copyOf(state, stateLength));
        Journal.Snapshot r = journal.snapshotDurable(s, payload);
        if (r instanceof Journal.Snapshot.Written w) {
            written++;
            lastWritten = s;
            log.printf(Locale.ROOT, "qsl node: snapshot at sequence %d: %d bytes (encoded in %.1f ms on the engine thread, written in %.1f ms)%s%n",
                    s, w.bytes(), takenNanos / 1e6, (System.nanoTime() - t0) / 1e6,
                    w.segmentsPruned() > 0 ? ", " + w.segmentsPruned() + " log segments pruned" : "");
            ready = -1;
            busy = false;
        } else {
            Journal.Snapshot.Failed f = (Journal.Snapshot.Failed) r;
            fail(f.what() + (f.error() != null ? ": " + f.error() : ""));
        }
    }

    /**
     * none mode, writer thread: {@code fdatasync} of the log's current segment through this
     * thread's own descriptor when the log grew since the last flush (first, when the log moved to
     * a new segment, once more of the one it left: its last pages). Makes the pages clean early; it
     * claims nothing, and its result is ignored: a write-back error is reported to every open
     * description of the file that predates it (Linux), so the journal's own sync still sees it.
     */
    private void flushLog(NativeFiles files) {
        long last = journal.lastSequence();
        if (last == flushedThrough) return;
        // a plain read of the writer's field: a stale index only flushes the segment before (no harm)
        long segment = journal.writer().segmentIndex();
        if (segment != flushSegment) {
            if (flushFd >= 0) {
                files.dataSync(flushFd);
                files.close(flushFd);
            }
            flushFd = files.open(SegmentFiles.path(journal.directory(), segment), NativeFiles.O_RDONLY, 0);
            flushSegment = flushFd >= 0 ? segment : -1;
            if (flushFd < 0) return; // gone (pruned) or not there yet: the next round tries the current one
        }
        files.dataSync(flushFd);
        flushedThrough = last;
        logFlushes++; // only this thread writes it
    }

    /** none mode: how many times the writer thread flushed the log between snapshots ({@link #flushLog}). Any thread. */
    public long logFlushes() {
        return logFlushes;
    }

    /**
     * Ends the writer thread after the snapshot in flight (if any) is written. Call once the
     * journal thread has ended (everything it appended is durable or {@code none} mode synced it).
     */
    public void stop(Thread thread) {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
