package qsl.gateway.feed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import qsl.protocol.itch.EndOfSnapshotDescriptor;
import qsl.protocol.itch.ItchDecoder;
import qsl.protocol.mold.MoldBytes;
import qsl.protocol.mold.MoldDecoder;
import qsl.protocol.mold.MoldPacketDescriptor;
import qsl.protocol.mold.MoldRequestDescriptor;

/**
 * A market-by-order feed client, independent of sockets: it is handed MoldUDP64 packets
 * ({@link #onPacket}) and polled ({@link #poll}), and keeps a full book per symbol
 * ({@link #book()}) that is always the result of applying a gap-free prefix of the session's
 * messages, in order, to a snapshot (or to the empty book at sequence 0).
 *
 * <p>Recovery rules:
 * <ul>
 *   <li>a message below the next expected sequence number is a duplicate and is dropped;</li>
 *   <li>one above it is held in an off-heap reorder buffer ({@link MessageRing}); after a short delay
 *       (reordering usually fills the hole by itself) the client re-requests the missing range
 *       from the re-request server, and retries until it arrives;</li>
 *   <li>a NOT_AVAILABLE answer (the range is older than the server's retention ring), a gap
 *       wider than half the reorder buffer, a message that does not fit the book, or a new session
 *       (a restarted publisher) make the client take a snapshot: it empties the book, loads the
 *       snapshot, continues from the snapshot's sequence number + 1 and applies what it buffered;</li>
 *   <li>a client that joins starts with a snapshot (unless built with {@code startFromSnapshot = false},
 *       when it re-requests from sequence 1).</li>
 * </ul>
 * {@link #live()} is true only when the book includes every message the client has seen
 * announced: no known gap, no snapshot pending. A viewer shows the book as current only then.
 *
 * <p>Steady state (in-order packets) allocates nothing. Single-threaded.
 */
public final class FeedClient {
    /** {@link #snapshotMessage} answer: more to come. */
    public static final int SNAPSHOT_MORE = 0;
    /** {@link #snapshotMessage} answer: END_OF_SNAPSHOT arrived, the snapshot is whole. */
    public static final int SNAPSHOT_DONE = 1;
    /** {@link #snapshotMessage} answer: a malformed or inconsistent message; abandon the snapshot. */
    public static final int SNAPSHOT_BAD = -1;

    private final MboBook book;
    private final SymbolNames names;
    private final MessageRing buffer;
    private final MemorySegment session;
    private final MemorySegment previous;
    private final MemorySegment snapshotSession;
    private final MemorySegment request;
    private final RequestOut requests;
    private final SnapshotSource snapshots;
    private final FeedListener listener;
    private final long requestDelayNanos;
    private final long retryNanos;

    private boolean hasSession;
    private boolean hasPrevious;
    private boolean needSnapshot;
    private boolean live;
    private boolean endOfSession;
    private long expected = 1;
    private long highest;
    private long gapStart = -1;
    private long lastRequest = Long.MIN_VALUE / 2;
    private long expectedAtRequest;
    private long nextSnapshotTry = Long.MIN_VALUE / 2;
    private long snapshotSequence = -1;

    private long messagesApplied;
    private long duplicates;
    private long badPackets;
    private long stalePackets;
    private long gapsDetected;
    private long gapsRecovered;
    private long requestsSent;
    private long notAvailable;
    private long snapshotsLoaded;
    private long snapshotsFailed;
    private long inconsistencies;
    private long sessionChanges;

    /**
     * @param reorderCapacity messages the reorder buffer holds (a power of two)
     * @param requestDelayNanos how long a gap may stay open before the first re-request (reordering)
     * @param retryNanos time between re-requests (and failed snapshot attempts)
     * @param startFromSnapshot join with a snapshot rather than re-requesting from sequence 1
     */
    public FeedClient(int maxSymbols, int maxOrders, int maxLevelsPerSide, int reorderCapacity, long requestDelayNanos,
                      long retryNanos, boolean startFromSnapshot, RequestOut requests, SnapshotSource snapshots,
                      FeedListener listener, Arena arena) {
        this.book = new MboBook(maxSymbols, maxOrders, maxLevelsPerSide, arena);
        this.names = new SymbolNames(maxSymbols);
        this.buffer = new MessageRing(arena, reorderCapacity);
        this.session = arena.allocate(MoldPacketDescriptor.SESSION_LENGTH);
        session.fill((byte) ' '); // a valid (printable) session in subscription requests sent before the first packet
        this.previous = arena.allocate(MoldPacketDescriptor.SESSION_LENGTH);
        this.snapshotSession = arena.allocate(MoldPacketDescriptor.SESSION_LENGTH);
        this.request = arena.allocate(MoldRequestDescriptor.LENGTH, 8);
        this.requests = requests;
        this.snapshots = snapshots;
        this.listener = listener == null ? new FeedListener() {} : listener;
        this.requestDelayNanos = requestDelayNanos;
        this.retryNanos = retryNanos;
        this.needSnapshot = startFromSnapshot && snapshots != null;
    }

    /** Handles one datagram of {@code length} bytes at {@code at}. */
    public void onPacket(MemorySegment s, long at, int length, long now) {
        int n = MoldDecoder.decodePacket(s, at, length, ItchDecoder.MAX_LENGTH);
        if (n < 0) {
            badPackets++;
            return;
        }
        if (!hasSession) {
            MemorySegment.copy(s, at + MoldPacketDescriptor.SESSION_OFFSET, session, 0, MoldPacketDescriptor.SESSION_LENGTH);
            hasSession = true;
        } else if (!MoldPacketDescriptor.sameSession(s, at, session, 0)) {
            if (hasPrevious && MoldPacketDescriptor.sameSession(s, at, previous, 0)) {
                stalePackets++;
                return;
            }
            newSession(s, at + MoldPacketDescriptor.SESSION_OFFSET);
        }
        int count = MoldPacketDescriptor.count(s, at);
        long seq = MoldPacketDescriptor.sequence(s, at);
        if (count == MoldPacketDescriptor.NOT_AVAILABLE) {
            notAvailable++;
            needSnapshot = true;
            update(now);
            return;
        }
        if (count == MoldPacketDescriptor.HEARTBEAT || count == MoldPacketDescriptor.END_OF_SESSION) {
            if (count == MoldPacketDescriptor.END_OF_SESSION) endOfSession = true;
            if (seq - 1 > highest) highest = seq - 1;
            update(now);
            return;
        }
        long b = MoldDecoder.firstBlock(at);
        for (int i = 0; i < n; i++) {
            long ms = seq + i;
            int len = MoldPacketDescriptor.blockLength(s, b);
            long data = MoldDecoder.blockData(b);
            if (needSnapshot) {
                buffer.put(ms, s, data, len);
            } else if (ms == expected) {
                apply(ms, s, data, len);
            } else if (ms > expected) {
                buffer.put(ms, s, data, len);
            } else {
                duplicates++;
            }
            b = MoldDecoder.nextBlock(s, b);
        }
        long last = seq + n - 1;
        if (last > highest) highest = last;
        drain();
        update(now);
    }

    /** Timers: re-requests for an open gap, and the snapshot when one is needed (blocking while it loads). */
    public void poll(long now) {
        if (needSnapshot) {
            if (snapshots != null && now - nextSnapshotTry >= 0) {
                if (!loadSnapshot(now)) nextSnapshotTry = now + retryNanos;
            }
            return;
        }
        if (expected <= highest) {
            if (highest - expected >= buffer.capacity() / 2) {
                needSnapshot = true;
                update(now);
                return;
            }
            // First request after the reordering delay; then again after retryNanos, or sooner once the last answer has
            // moved the book forward (a long gap is fetched answer by answer, not one per retry period).
            boolean progressed = expected > expectedAtRequest && now - lastRequest >= requestDelayNanos;
            if (now - gapStart >= requestDelayNanos && (now - lastRequest >= retryNanos || progressed) && requests != null) {
                long missing = highest - expected + 1;
                int count = (int) Math.min(missing, 0xFFF0);
                MoldRequestDescriptor.write(request, 0, session, 0, expected, count);
                requests.send(request, MoldRequestDescriptor.LENGTH);
                lastRequest = now;
                expectedAtRequest = expected;
                requestsSent++;
            }
        }
    }

    // ---- snapshots ----

    private boolean loadSnapshot(long now) {
        book.clear();
        snapshotSequence = -1;
        boolean ok = snapshots.fetch(this);
        if (!ok || snapshotSequence < 0) {
            book.clear();
            snapshotsFailed++;
            return false;
        }
        if (!hasSession || MemorySegment.mismatch(snapshotSession, 0, MoldPacketDescriptor.SESSION_LENGTH,
                session, 0, MoldPacketDescriptor.SESSION_LENGTH) != -1) {
            if (hasSession) {
                MemorySegment.copy(session, 0, previous, 0, MoldPacketDescriptor.SESSION_LENGTH);
                hasPrevious = true;
                buffer.clear();
            }
            MemorySegment.copy(snapshotSession, 0, session, 0, MoldPacketDescriptor.SESSION_LENGTH);
            hasSession = true;
            highest = snapshotSequence;
        }
        expected = snapshotSequence + 1;
        if (highest < snapshotSequence) highest = snapshotSequence;
        needSnapshot = false;
        snapshotsLoaded++;
        listener.onSnapshotLoaded(snapshotSequence);
        drain();
        update(now);
        return true;
    }

    /**
     * One length-prefixed-free snapshot message ({@code length} bytes at {@code at}), called by a
     * {@link SnapshotSource} during {@link SnapshotSource#fetch}.
     *
     * @return {@link #SNAPSHOT_MORE}, {@link #SNAPSHOT_DONE} or {@link #SNAPSHOT_BAD}
     */
    public int snapshotMessage(MemorySegment s, long at, int length) {
        int r = MboApplier.apply(book, names, s, at, length, null);
        if (r < 0) return SNAPSHOT_BAD;
        if (r == EndOfSnapshotDescriptor.TYPE) {
            snapshotSequence = EndOfSnapshotDescriptor.feedSequence(s, at);
            MemorySegment.copy(s, EndOfSnapshotDescriptor.sessionAt(at), snapshotSession, 0, MoldPacketDescriptor.SESSION_LENGTH);
            return SNAPSHOT_DONE;
        }
        return SNAPSHOT_MORE;
    }

    // ---- internals ----

    private void newSession(MemorySegment s, long sessionAt) {
        MemorySegment.copy(session, 0, previous, 0, MoldPacketDescriptor.SESSION_LENGTH);
        hasPrevious = true;
        MemorySegment.copy(s, sessionAt, session, 0, MoldPacketDescriptor.SESSION_LENGTH);
        book.clear();
        buffer.clear();
        expected = 1;
        highest = 0;
        endOfSession = false;
        needSnapshot = snapshots != null;
        sessionChanges++;
    }

    private void apply(long ms, MemorySegment s, long at, int len) {
        listener.onMessage(ms, s, at, len);
        int r = MboApplier.apply(book, names, s, at, len, listener);
        expected = ms + 1;
        if (r < 0) {
            inconsistencies++;
            needSnapshot = true;
            return;
        }
        messagesApplied++;
        listener.onApplied(ms, s.get(MoldBytes.I64, at + 1), (byte) r);
    }

    private void drain() {
        while (!needSnapshot && buffer.contains(expected)) {
            long ms = expected;
            apply(ms, buffer.segment(), buffer.dataOffset(ms), buffer.length(ms));
            buffer.remove(ms);
        }
    }

    private void update(long now) {
        boolean gap = expected <= highest;
        if (gap && gapStart < 0) {
            gapStart = now;
            gapsDetected++;
        } else if (!gap && gapStart >= 0) {
            gapStart = -1;
            gapsRecovered++;
        }
        boolean nowLive = hasSession && !needSnapshot && !gap;
        if (nowLive != live) {
            live = nowLive;
            listener.onLiveChanged(nowLive);
        }
    }

    // ---- views ----

    /** The book: current when {@link #live()}, otherwise the last gap-free state (or empty while a snapshot loads). */
    public MboBook book() { return book; }

    public SymbolNames names() { return names; }

    public boolean live() { return live; }

    public boolean endOfSession() { return endOfSession; }

    public boolean needsSnapshot() { return needSnapshot; }

    /** The next sequence number the book needs. */
    public long expected() { return expected; }

    /** The highest sequence number seen announced (by a message or a heartbeat). */
    public long highest() { return highest; }

    /** The session bytes (10). */
    public MemorySegment session() { return session; }

    public long messagesApplied() { return messagesApplied; }
    public long duplicates() { return duplicates; }
    public long badPackets() { return badPackets; }
    public long stalePackets() { return stalePackets; }
    public long gapsDetected() { return gapsDetected; }
    public long gapsRecovered() { return gapsRecovered; }
    public long requestsSent() { return requestsSent; }
    public long notAvailable() { return notAvailable; }
    public long snapshotsLoaded() { return snapshotsLoaded; }
    public long snapshotsFailed() { return snapshotsFailed; }
    public long inconsistencies() { return inconsistencies; }
    public long sessionChanges() { return sessionChanges; }
}
