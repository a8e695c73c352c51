package qsl.cluster;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import java.lang.foreign.MemorySegment;
import qsl.book.CommandDescriptor;
import qsl.book.OrderType;
import qsl.book.Side;
import qsl.book.TimeInForce;

/**
 * Simulated trading sessions behind one {@link ClusterGateway} (session {@code n} trades as account
 * {@code n}): limit orders around a mid price
 * on a few symbols, some of which cross and trade, and cancels of earlier orders. Generation is
 * seeded and deterministic. Keeps, per session, how many commands were acknowledged and the same
 * order-independent token hash the engine keeps ({@link SessionTable#tokenMix}), so a
 * {@link ClusterGateway#check} proves that every acknowledged command is in the cluster's state
 * exactly once.
 */
public final class SimulatedTraders implements ClusterGateway.Listener {
    private static final int RECENT = 8;

    private final int sessions;
    private final int symbols;
    private final long[] nextToken;
    private final long[] ackedCount;
    private final long[] ackedHash;
    private final int[] recentSymbol;
    private final byte[] commandBytes = new byte[CommandDescriptor.LENGTH];
    private final MemorySegment command = MemorySegment.ofArray(commandBytes);
    private final UnsafeBuffer commandView = new UnsafeBuffer(commandBytes);
    private final Histogram roundTrip = new Histogram(60_000_000_000L, 3);
    private long rng;
    private int nextSession;
    private long sent;
    private long acked;
    private long duplicates;
    private long rejected;
    private long trades;
    private boolean recording;
    // failover probe
    private volatile int killedMember = -1;
    private volatile long killedAtNs;
    private volatile long firstAckAfterKillNs;
    private volatile int leaderSeen = -1;
    // checks: one round asks every session once; an answer counts once per session, so a resent
    // check (its first copy offered to a leader that lost office is never answered) cannot count twice
    private static final long CHECK_RESEND_NS = 1_000_000_000L;
    private final boolean[] checkAnswered;
    private int checkCursor;
    private long lastCheckProgressNs;
    private long checksAnswered;
    private long checksMatched;
    private long checkedAcks;
    private long missing;
    private long mismatched;

    public SimulatedTraders(int sessions, int symbols, long seed) {
        this.sessions = sessions;
        this.symbols = symbols;
        this.nextToken = new long[sessions];
        this.ackedCount = new long[sessions];
        this.ackedHash = new long[sessions];
        this.recentSymbol = new int[sessions * RECENT];
        this.checkAnswered = new boolean[sessions];
        this.rng = seed;
        java.util.Arrays.fill(nextToken, 1);
    }

    /** Session ids are 1..sessions (session {@code i} of the arrays is id {@code i + 1}). */
    public static long sessionId(int index) {
        return index + 1;
    }

    private long next() {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private int below(int n) {
        return (int) Long.remainderUnsigned(next(), n);
    }

    /** Generates the next session's next command and hands it to the gateway; false (nothing consumed) when the gateway is full. */
    public boolean sendNext(ClusterGateway gateway) {
        if (gateway.room() == 0) return false;
        int s = nextSession;
        nextSession = (nextSession + 1) % sessions;
        long session = sessionId(s);
        long token = nextToken[s];
        int roll = below(100);
        if (roll < 15 && token > RECENT) {
            long old = token - RECENT;
            int symbol = recentSymbol[s * RECENT + (int) (old % RECENT)];
            CommandDescriptor.writeCancel(command, 0, symbol, orderId(session, old), (int) session);
        } else {
            int symbol = below(symbols);
            byte side = below(2) == 0 ? Side.BUY : Side.SELL;
            long price = 10_000 + below(21) - 10;
            long quantity = 1 + below(10);
            CommandDescriptor.writeNewOrder(command, 0, symbol, orderId(session, token), (int) session, side, OrderType.LIMIT,
                    TimeInForce.GTC, price, quantity);
            recentSymbol[s * RECENT + (int) (token % RECENT)] = symbol;
        }
        if (!gateway.send(session, token, commandView, 0)) throw new IllegalStateException("gateway refused with room");
        nextToken[s] = token + 1;
        sent++;
        return true;
    }

    /** Order ids are unique per (session, token). */
    public static long orderId(long session, long token) {
        return (session << 32) | token;
    }

    /** Starts (or stops) recording round trips into {@link #roundTrip()}. */
    public void recording(boolean on) {
        recording = on;
    }

    public Histogram roundTrip() {
        return roundTrip;
    }

    /** Arms the failover probe: the first acknowledgement from another member after {@code nowNs}. */
    public void killed(int member, long nowNs) {
        firstAckAfterKillNs = 0;
        killedAtNs = nowNs;
        killedMember = member;
    }

    /** Nanoseconds from {@link #killed} to the first acknowledgement through another member; 0 until then. */
    public long failoverNs() {
        long t = firstAckAfterKillNs;
        return t == 0 ? 0 : t - killedAtNs;
    }

    @Override
    public void onAck(long session, long token, byte status, byte outcome, byte reason, long sequence, long orderId, long filled,
                      int member, long roundTripNs) {
        int s = (int) (session - 1);
        ackedCount[s]++;
        ackedHash[s] += SessionTable.tokenMix(token);
        acked++;
        leaderSeen = member;
        if (status == ClusterResponseDescriptor.DUPLICATE) duplicates++;
        if (outcome == ClusterResponseDescriptor.REJECTED) rejected++;
        if (filled > 0) trades++;
        if (recording) roundTrip.recordValue(Math.min(roundTripNs, roundTrip.getHighestTrackableValue()));
        if (killedMember >= 0 && member != killedMember && firstAckAfterKillNs == 0) {
            firstAckAfterKillNs = System.nanoTime();
        }
    }

    private boolean resuming;

    /**
     * Starts {@link #sendChecks} in resume mode: the answers become this gateway's state (what
     * the cluster applied for each session, and the next token after its last), as a restarted
     * gateway recovers its sessions from the cluster instead of from its own disk.
     */
    public boolean sendResume(ClusterGateway gateway) {
        resuming = true;
        return sendChecks(gateway);
    }

    @Override
    public void onCheck(long session, long applied, long tokenHash, long lastToken) {
        int s = (int) (session - 1);
        if (s < 0 || s >= sessions || checkAnswered[s]) return;
        checkAnswered[s] = true;
        lastCheckProgressNs = System.nanoTime();
        if (resuming) {
            ackedCount[s] = applied;
            ackedHash[s] = tokenHash;
            nextToken[s] = lastToken + 1;
            if (++checksAnswered == sessions) resuming = false;
            return;
        }
        checksAnswered++;
        if (applied == ackedCount[s] && tokenHash == ackedHash[s] && lastToken == nextToken[s] - 1) {
            checksMatched++;
            checkedAcks += applied;
        } else {
            mismatched++;
            missing += Math.max(0, ackedCount[s] - applied);
        }
    }

    /**
     * Sends a check for every session; call when {@link ClusterGateway#outstanding()} is 0, and
     * again while it returns false (the ingress refused): each call goes on from the first session
     * not yet sent. The first call of a round forgets the previous round's answers.
     */
    public boolean sendChecks(ClusterGateway gateway) {
        if (checkCursor == 0) {
            checksAnswered = 0;
            checksMatched = 0;
            checkedAcks = 0;
            java.util.Arrays.fill(checkAnswered, false);
        }
        while (checkCursor < sessions) {
            if (!gateway.check(sessionId(checkCursor))) return false;
            checkCursor++;
        }
        checkCursor = 0;
        lastCheckProgressNs = System.nanoTime();
        return true;
    }

    /**
     * True once every session of the round has answered. While not, and no answer came for a
     * second, offers the unanswered checks again: a check offered to a leader that loses office
     * before appending it is never answered, and checks read state without changing it, so a
     * second answer is simply ignored.
     */
    public boolean checksDone(ClusterGateway gateway) {
        if (checksAnswered == sessions) return true;
        long now = System.nanoTime();
        if (now - lastCheckProgressNs >= CHECK_RESEND_NS) {
            lastCheckProgressNs = now;
            for (int s = 0; s < sessions; s++) {
                if (!checkAnswered[s] && !gateway.check(sessionId(s))) break;
            }
        }
        return false;
    }

    /**
     * Over every check so far: acknowledged commands the cluster's counts lack (a lower bound on
     * lost acknowledgements; 0 when every check matched).
     */
    public long missingAcks() {
        return missing;
    }

    /** Over every check so far: session checks that did not match. */
    public long mismatchedChecks() {
        return mismatched;
    }

    /** Sessions whose applied count, token hash and last token equal what was acknowledged. */
    public long checksMatched() {
        return checksMatched;
    }

    /** Acknowledged commands covered by matching checks. */
    public long checkedAcks() {
        return checkedAcks;
    }

    public int sessions() {
        return sessions;
    }

    public long sent() {
        return sent;
    }

    public long acked() {
        return acked;
    }

    public long duplicates() {
        return duplicates;
    }

    public long rejected() {
        return rejected;
    }

    public long filledCommands() {
        return trades;
    }

    public int leaderSeen() {
        return leaderSeen;
    }

    /** Re-sends an already acknowledged token of a session, as a confused gateway might: for duplicate tests. */
    public long lastToken(int sessionIndex) {
        return nextToken[sessionIndex] - 1;
    }
}
