package qsl.gateway.feed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import qsl.book.EventSink;
import qsl.protocol.itch.AddOrderDescriptor;
import qsl.protocol.itch.EndOfSnapshotDescriptor;
import qsl.protocol.itch.ItchSide;
import qsl.protocol.itch.MatchId;
import qsl.protocol.itch.OrderCancelDescriptor;
import qsl.protocol.itch.OrderDeleteDescriptor;
import qsl.protocol.itch.OrderExecutedDescriptor;
import qsl.protocol.itch.OrderReplaceDescriptor;
import qsl.protocol.itch.SymbolDirectoryDescriptor;
import qsl.protocol.itch.SystemEventCode;
import qsl.protocol.itch.SystemEventDescriptor;
import qsl.protocol.itch.TradeDescriptor;
import qsl.protocol.mold.MoldPacketDescriptor;
import qsl.protocol.mold.MoldPacketWriter;

/**
 * Turns the engine's durable events into the market-by-order feed: an {@link EventSink} plus
 * {@link #endOfCommand()}, on one thread, in sequence order. Each book change that happened
 * becomes one message; the messages are numbered (MoldUDP64 sequence numbers from 1 within the
 * session), kept in an off-heap retention ring of bounded size for re-requests, and packed into
 * MoldUDP64 packets no longer than the configured maximum, sent through a {@link PacketOut}.
 *
 * <p>The translation, per command (see {@code docs/feed.md}):
 * <ul>
 *   <li>a taker's fills: per fill an ORDER_EXECUTED for the resting order and a TRADE print for
 *       the taker, sharing a {@link MatchId};</li>
 *   <li>a new order that rests (not cancelled, quantity left at the end of the command): ADD_ORDER
 *       with what is left, after its fills;</li>
 *   <li>a cancel of a resting order (by its owner or a mass cancel): ORDER_DELETE; an unfilled
 *       remainder that never rested: nothing;</li>
 *   <li>a modify that keeps priority (same price, smaller quantity): ORDER_CANCEL of the
 *       difference; one that loses it: ORDER_REPLACE if it did not trade, otherwise ORDER_DELETE
 *       before its first fill and ADD_ORDER for what rests at the end;</li>
 *   <li>levels, top of book, rejects and the mass-cancel summary: nothing (a book derives them).</li>
 * </ul>
 * The publisher applies every message it sends to its own mirror {@link MboBook} through
 * {@link MboApplier}, the same code clients run, so the mirror is exactly the book a client that
 * has every message holds: snapshots ({@link #writeSnapshot}) are taken from it on this thread
 * between commands, so a snapshot is always consistent with the sequence number it carries.
 *
 * <p>Steady state allocates nothing. Not thread-safe: events, {@link #flush}, {@link #heartbeat},
 * {@link #retransmit} and {@link #writeSnapshot} all run on the publishing thread.
 */
public final class FeedPublisher implements EventSink {
    /** Most packets one re-request is answered with. */
    public static final int MAX_RESEND_PACKETS = 64;

    private final MemorySegment session;
    private final MboBook mirror;
    private final SymbolNames names;
    private final MessageRing retention;
    private final MoldPacketWriter writer;
    private final MoldPacketWriter resendWriter;
    private final MemorySegment scratch;
    private final MemorySegment nameScratch;
    private final PacketOut out;
    private final int[] symbols;

    private long nextSequence = 1;
    private long lastEngineSeq;
    private long messages;
    private long packets;

    // The taker of the command under way (a new order, or a modify that lost priority).
    private boolean pending;
    private long pendingSeq;
    private int pendingSymbol;
    private long pendingId;
    private byte pendingSide;
    private long pendingPrice;
    private long pendingRemaining;
    private boolean pendingModify;
    private boolean pendingRemoved;
    private boolean pendingCancelled;
    private int fillIndex;
    private long fillSeq = -1;
    private long mirrorErrors;

    /**
     * @param session the 10-character MoldUDP64 session name (ASCII; shorter names are space padded)
     * @param maxPacket the largest packet, MoldUDP64 header included (the UDP payload: MTU minus IP and UDP headers)
     * @param retention messages the retention ring holds (a power of two)
     */
    public FeedPublisher(String session, int maxPacket, int retention, int maxSymbols, int maxOrders, int maxLevelsPerSide,
                         PacketOut out, Arena arena) {
        this.session = arena.allocate(MoldPacketDescriptor.SESSION_LENGTH);
        byte[] b = session.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < MoldPacketDescriptor.SESSION_LENGTH; i++) this.session.set(ValueLayout.JAVA_BYTE, i, i < b.length ? b[i] : (byte) ' ');
        this.mirror = new MboBook(maxSymbols, maxOrders, maxLevelsPerSide, arena);
        this.names = new SymbolNames(maxSymbols);
        this.retention = new MessageRing(arena, retention);
        this.writer = new MoldPacketWriter(arena.allocate(maxPacket, 8), maxPacket);
        this.resendWriter = new MoldPacketWriter(arena.allocate(maxPacket, 8), maxPacket);
        this.scratch = arena.allocate(64, 8);
        this.nameScratch = arena.allocate(SymbolNames.NAME_LENGTH);
        this.out = out;
        this.symbols = new int[maxSymbols];
    }

    // ---- session lifecycle ----

    /** Names a symbol (before {@link #start}); its directory message goes out at the start of the session and in snapshots. */
    public void addSymbol(int symbol, String name) {
        SymbolNames.pad(name, nameScratch, 0);
        names.set(symbol, nameScratch, 0);
        symbols[symbol] = 1;
    }

    /** Seeds the mirror with one resting order (a restarted publisher, from the engine's book, in time priority); sends nothing. */
    public void seedOrder(int symbol, long orderId, byte side, long price, long quantity) {
        mirror.add(symbol, orderId, side, price, quantity);
    }

    /** Opens the session: a start-of-messages system event and one symbol directory message per named symbol. */
    public void start(long engineSeq) {
        lastEngineSeq = engineSeq;
        publish(SystemEventDescriptor.write(scratch, 0, engineSeq, SystemEventCode.START_OF_MESSAGES));
        for (int s = 0; s < symbols.length; s++) {
            if (symbols[s] == 0) continue;
            SymbolNames.pad(names.name(s), nameScratch, 0);
            publish(SymbolDirectoryDescriptor.write(scratch, 0, engineSeq, s, nameScratch, 0));
        }
        flush();
    }

    /** Closes the session: an end-of-messages system event, then an end-of-session packet. */
    public void endSession() {
        endOfCommand();
        publish(SystemEventDescriptor.write(scratch, 0, lastEngineSeq, SystemEventCode.END_OF_MESSAGES));
        flush();
        out.send(writer.buffer(), writer.control(session, 0, nextSequence, MoldPacketDescriptor.END_OF_SESSION));
        packets++;
    }

    // ---- EventSink ----

    @Override
    public void onAccepted(long seq, int symbol, long orderId, byte side, byte type, byte tif, long price, long quantity) {
        if (pending) endOfCommand();
        lastEngineSeq = seq;
        begin(seq, symbol, orderId, side, price, quantity, false);
    }

    @Override
    public void onTrade(long seq, int symbol, long makerOrderId, long takerOrderId, byte takerSide, long price, long quantity,
                        long makerRemaining, long takerRemaining) {
        if (pending && pendingSeq != seq) endOfCommand();
        lastEngineSeq = seq;
        if (pending && pendingModify && !pendingRemoved && pendingId == takerOrderId) {
            publish(OrderDeleteDescriptor.write(scratch, 0, seq, symbol, takerOrderId));
            pendingRemoved = true;
        }
        if (fillSeq != seq) {
            fillSeq = seq;
            fillIndex = 0;
        }
        fillIndex++;
        long matchId = MatchId.of(seq, fillIndex);
        publish(OrderExecutedDescriptor.write(scratch, 0, seq, symbol, makerOrderId, quantity, matchId, price));
        publish(TradeDescriptor.write(scratch, 0, seq, symbol, takerOrderId, ItchSide.fromEngine(takerSide), quantity, price, matchId));
        if (pending && pendingId == takerOrderId) pendingRemaining = takerRemaining;
    }

    @Override
    public void onCancelled(long seq, int symbol, long orderId, byte side, long price, long cancelledQuantity, byte reason) {
        if (pending && pendingSeq != seq) endOfCommand();
        lastEngineSeq = seq;
        if (pending && pendingId == orderId) {
            pendingCancelled = true;
            if (pendingModify && !pendingRemoved && mirror.contains(orderId)) {
                publish(OrderDeleteDescriptor.write(scratch, 0, seq, symbol, orderId));
                pendingRemoved = true;
            }
            return;
        }
        if (mirror.contains(orderId)) publish(OrderDeleteDescriptor.write(scratch, 0, seq, symbol, orderId));
    }

    @Override
    public void onModified(long seq, int symbol, long orderId, byte side, long newPrice, long newQuantity, boolean keptPriority) {
        if (pending) endOfCommand();
        lastEngineSeq = seq;
        if (keptPriority) {
            long open = mirror.openQuantity(orderId);
            if (open > newQuantity) publish(OrderCancelDescriptor.write(scratch, 0, seq, symbol, orderId, open - newQuantity));
            return;
        }
        begin(seq, symbol, orderId, side, newPrice, newQuantity, true);
    }

    @Override
    public void onRejected(byte commandType, int symbol, long orderId, byte reason) {}

    /** The end of an accepted mass cancel: its deletes are already out. */
    @Override
    public void onMassCancelled(long seq, int account, int symbol, int cancelledCount) {
        if (pending && pendingSeq != seq) endOfCommand();
        lastEngineSeq = seq;
    }

    @Override
    public void onLevel(long seq, int symbol, byte side, long price, long totalQuantity, int orderCount) {}

    @Override
    public void onTopOfBook(long seq, int symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {}

    /**
     * The command boundary: settles the command's taker (rests with what is left, or not). Call
     * after the last event of each command; harmless when there is nothing to settle.
     */
    public void endOfCommand() {
        if (!pending) return;
        pending = false;
        if (pendingCancelled || pendingRemaining <= 0) return;
        if (pendingModify && !pendingRemoved) {
            publish(OrderReplaceDescriptor.write(scratch, 0, pendingSeq, pendingSymbol, pendingId, pendingRemaining, pendingPrice));
        } else {
            publish(AddOrderDescriptor.write(scratch, 0, pendingSeq, pendingSymbol, pendingId, ItchSide.fromEngine(pendingSide),
                    pendingRemaining, pendingPrice));
        }
    }

    private void begin(long seq, int symbol, long orderId, byte side, long price, long quantity, boolean modify) {
        pending = true;
        pendingSeq = seq;
        pendingSymbol = symbol;
        pendingId = orderId;
        pendingSide = side;
        pendingPrice = price;
        pendingRemaining = quantity;
        pendingModify = modify;
        pendingRemoved = false;
        pendingCancelled = false;
    }

    // ---- sequencing and packets ----

    /** Numbers the message in {@link #scratch}, keeps it, applies it to the mirror and packs it. */
    private void publish(int length) {
        if (MboApplier.apply(mirror, null, scratch, 0, length, null) < 0) mirrorErrors++;
        long seq = nextSequence++;
        retention.put(seq, scratch, 0, length);
        if (writer.count() > 0 && !writer.fits(length)) flush();
        if (writer.count() == 0) writer.begin(session, 0, seq);
        writer.append(scratch, 0, length);
        messages++;
    }

    /** Sends the packet under construction, if any. */
    public void flush() {
        if (writer.count() == 0) return;
        out.send(writer.buffer(), writer.length());
        writer.begin(session, 0, nextSequence);
        packets++;
    }

    /** Sends a heartbeat carrying the next sequence number (flushes first). */
    public void heartbeat() {
        flush();
        out.send(writer.buffer(), writer.control(session, 0, nextSequence, MoldPacketDescriptor.HEARTBEAT));
        packets++;
    }

    /**
     * Sends one heartbeat carrying the next sequence number to {@code to} only (the answer to a
     * subscription renewal: it tells that subscriber where the stream's tail is even when every
     * packet sent to it since, heartbeats included, was lost). Call with nothing unflushed.
     */
    public void heartbeatTo(PacketOut to) {
        to.send(resendWriter.buffer(), resendWriter.control(session, 0, nextSequence, MoldPacketDescriptor.HEARTBEAT));
    }

    /** Whether a packet is waiting for {@link #flush}. */
    public boolean hasUnflushed() {
        return writer.count() > 0;
    }

    /**
     * Answers a re-request: the held messages from {@code sequence} on (at most {@code count},
     * at most {@link #MAX_RESEND_PACKETS} packets) to {@code to}; a NOT_AVAILABLE packet carrying the
     * oldest held sequence number when {@code sequence} is older than the ring; a heartbeat when it
     * is not yet published.
     */
    public void retransmit(long sequence, int count, PacketOut to) {
        long oldest = oldestRetained();
        if (sequence < oldest || sequence <= 0) {
            to.send(resendWriter.buffer(), resendWriter.control(session, 0, oldest, MoldPacketDescriptor.NOT_AVAILABLE));
            return;
        }
        long end = Math.min(nextSequence, sequence + count);
        if (sequence >= end) {
            to.send(resendWriter.buffer(), resendWriter.control(session, 0, nextSequence, MoldPacketDescriptor.HEARTBEAT));
            return;
        }
        long s = sequence;
        for (int p = 0; p < MAX_RESEND_PACKETS && s < end; p++) {
            resendWriter.begin(session, 0, s);
            while (s < end && resendWriter.fits(retention.length(s))) {
                resendWriter.append(retention.segment(), retention.dataOffset(s), retention.length(s));
                s++;
            }
            to.send(resendWriter.buffer(), resendWriter.length());
        }
    }

    /** Copies retained message {@code sequence} to {@code out} at {@code at}; returns its length, or -1 if it is no longer held. */
    public int copyRetained(long sequence, MemorySegment out, long at) {
        if (sequence >= nextSequence || !retention.contains(sequence)) return -1;
        int len = retention.length(sequence);
        MemorySegment.copy(retention.segment(), retention.dataOffset(sequence), out, at, len);
        return len;
    }

    /** The oldest sequence number a re-request can still get (1 while nothing has been overwritten). */
    public long oldestRetained() {
        return Math.max(1, nextSequence - retention.capacity());
    }

    // ---- snapshots ----

    /** An upper bound of {@link #writeSnapshot}'s output for the current book. */
    public long snapshotBound() {
        return (long) mirror.orderCount() * (2 + AddOrderDescriptor.LENGTH)
                + (long) symbols.length * (2 + SymbolDirectoryDescriptor.LENGTH) + 2 + EndOfSnapshotDescriptor.LENGTH;
    }

    private MemorySegment snapOut;
    private long snapAt;
    private final MboBook.OrderVisitor snapWriter = (symbol, side, price, orderId, qty) -> {
        snapOut.set(qsl.protocol.mold.MoldBytes.U16, snapAt, (short) AddOrderDescriptor.LENGTH);
        AddOrderDescriptor.write(snapOut, snapAt + 2, lastEngineSeq, symbol, orderId, ItchSide.fromEngine(side), qty, price);
        snapAt += 2 + AddOrderDescriptor.LENGTH;
    };

    /**
     * Writes the book of {@code symbol} (or every symbol for -1) as length-prefixed messages
     * (u16 length + message, like MoldUDP64 blocks): per symbol its directory message and an
     * ADD_ORDER for each resting order in time priority (bids best first, then asks), then an
     * END_OF_SNAPSHOT carrying the last sequence number the book includes and the session. Safe at
     * any point on the publishing thread (the mirror always equals the published prefix);
     * {@code out} must hold {@link #snapshotBound()} bytes from {@code at}.
     *
     * @return bytes written
     */
    public long writeSnapshot(int symbol, MemorySegment out, long at) {
        // No endOfCommand() here: a snapshot taken inside a command is the book after exactly the
        // messages published so far (a prefix of the command's messages), which is what it claims.
        snapOut = out;
        snapAt = at;
        for (int s = 0; s < symbols.length; s++) {
            if (symbols[s] == 0 || (symbol >= 0 && symbol != s)) continue;
            out.set(qsl.protocol.mold.MoldBytes.U16, snapAt, (short) SymbolDirectoryDescriptor.LENGTH);
            SymbolNames.pad(names.name(s), nameScratch, 0);
            SymbolDirectoryDescriptor.write(out, snapAt + 2, lastEngineSeq, s, nameScratch, 0);
            snapAt += 2 + SymbolDirectoryDescriptor.LENGTH;
            mirror.visitOrders(s, snapWriter);
        }
        out.set(qsl.protocol.mold.MoldBytes.U16, snapAt, (short) EndOfSnapshotDescriptor.LENGTH);
        EndOfSnapshotDescriptor.write(out, snapAt + 2, lastEngineSeq, nextSequence - 1, session, 0);
        snapAt += 2 + EndOfSnapshotDescriptor.LENGTH;
        snapOut = null;
        return snapAt - at;
    }

    // ---- views ----

    /** The book every message so far builds (tests compare it with the engine's). */
    public MboBook mirror() { return mirror; }

    public SymbolNames names() { return names; }

    /** The sequence number the next message will take. */
    public long nextSequence() { return nextSequence; }

    public long messages() { return messages; }

    /** Messages the mirror could not apply (0 unless the events broke the engine's contract). */
    public long mirrorErrors() { return mirrorErrors; }

    public long packets() { return packets; }

    /** The 10 session bytes. */
    public MemorySegment session() { return session; }

    public String sessionName() {
        return new String(session.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }
}
