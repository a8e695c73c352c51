package qsl.gateway.fix;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import qsl.protocol.fix.FixMessage;
import qsl.protocol.fix.FixTags;

/**
 * The acceptor's sessions, one per configured counterparty CompID, all sharing our CompID.
 * A Logon is routed here by its SenderCompID; anything unknown is refused with a Logout.
 */
public final class FixSessions {
    private final String ourCompId;
    private final byte[] ourCompIdBytes;
    private final List<FixSession> sessions = new ArrayList<>();
    private final FixSymbols symbols;
    private final EntryCommands venue;
    private FixJournal journal;
    private final int maxOrders;
    private final int outboxEntries;
    private final int outboxBytes;

    public FixSessions(String ourCompId, FixSymbols symbols, EntryCommands venue, FixJournal journal,
                       int maxOrders, int outboxEntries, int outboxBytes) {
        this.ourCompId = ourCompId;
        this.ourCompIdBytes = ourCompId.getBytes(StandardCharsets.US_ASCII);
        this.symbols = symbols;
        this.venue = venue;
        this.journal = journal;
        this.maxOrders = maxOrders;
        this.outboxEntries = outboxEntries;
        this.outboxBytes = outboxBytes;
    }

    /** Defaults: 16,384 live orders and 16,384 kept messages (4 MiB) per session. */
    public FixSessions(String ourCompId, FixSymbols symbols, EntryCommands venue, FixJournal journal) {
        this(ourCompId, symbols, venue, journal, 16_384, 16_384, 4 << 20);
    }

    /** Adds a counterparty; its session id is its index. */
    public FixSession add(FixSessionConfig config) {
        FixSession s = new FixSession(sessions.size(), ourCompId, config, symbols, venue, journal, maxOrders,
                outboxEntries, outboxBytes);
        sessions.add(s);
        return s;
    }

    /** Points every session (and later ones) at {@code j}; returns this. */
    public FixSessions withJournal(FixJournal j) {
        this.journal = j;
        for (FixSession s : sessions) s.journal(j);
        return this;
    }

    public String ourCompId() { return ourCompId; }

    public int size() { return sessions.size(); }

    public FixSession get(int id) { return sessions.get(id); }

    /** The session for the counterparty named by the message's SenderCompID, or null. */
    public FixSession forLogon(FixMessage m) {
        int i = m.indexOf(FixTags.SENDER_COMP_ID);
        if (i < 0) return null;
        for (int k = 0; k < sessions.size(); k++) {
            FixSession s = sessions.get(k);
            if (m.equalsAt(i, s.theirCompId())) return s;
        }
        return null;
    }

    boolean isOurs(FixMessage m) {
        return m.valueEquals(FixTags.TARGET_COMP_ID, ourCompIdBytes);
    }

    byte[] ourCompIdBytes() { return ourCompIdBytes; }

    /** Runs every session's timer. */
    public void onTimer(long now) {
        for (int k = 0; k < sessions.size(); k++) sessions.get(k).onTimer(now);
    }

    MemorySegment unused() { return MemorySegment.NULL; }
}
