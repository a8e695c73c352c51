package qsl.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import qsl.gateway.Venue;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;

/**
 * The clustered node end to end: three clustered nodes ({@link ClusterNodeMain}: member plus
 * SoupBinTCP gateway) as child JVMs on loopback, and simulated SoupBinTCP trading sessions in this
 * JVM spread over the three gateways at a fixed offered rate (session {@code i} starts at member
 * {@code i % 3}). The leader's JVM is SIGKILLed under load; the sessions logged in there log in at
 * a surviving member with their next expected sequence number and carry on; the failover time is
 * taken from the SIGKILL to the first acknowledgement (Accepted or Rejected) of an order sent
 * after the killed JVM was gone, which only a new leader can have committed. The killed node is
 * restarted on its directory; its digest must equal the others' at one log position, and every
 * session's whole output stream, replayed there from sequence 1, must equal what the session
 * received live, with every acknowledged order's answer in it exactly once.
 *
 * <p>Beside them one FIX 4.4 trader (QuickFIX/J, user {@code fix1}) enters {@link #FIX_RATE}
 * orders a second through the nodes' FIX ports, starting at the leader's; when its member dies it
 * reconnects to the next one and logs on with its sequence numbers (FIX resends fill what either
 * side missed). Every order it saw acknowledged (ExecutionReport New: its OrderID) must be
 * Accepted exactly once in {@code fix1}'s node output replayed at the checked member.
 */
public final class NodeClusterDemo implements AutoCloseable {
    /** What to run. */
    public record Settings(int sessions, int rate, int portBase, Path dir, long parkMicros, long snapshotEvery, long storeMb,
                           PrintStream out, boolean verbose) {}

    /**
     * One stream check at one member: sessions replayed, acknowledged orders looked for, found
     * exactly once, missing, answered more than once, sessions whose replayed stream differs.
     */
    public record Check(int member, long sessions, long acked, long found, long missing, long duplicated, long streamMismatches,
                        FixCheck fix) {
        public boolean ok() {
            return found == acked && missing == 0 && duplicated == 0 && streamMismatches == 0 && fix.ok();
        }
    }

    /**
     * The FIX trader's orders at one member: acknowledged (an ExecutionReport New seen), found
     * Accepted exactly once in its replayed node output, missing, Accepted more than once there.
     */
    public record FixCheck(long acked, long found, long missing, long duplicated) {
        public boolean ok() {
            return found == acked && missing == 0 && duplicated == 0;
        }
    }

    /** Orders per second the FIX trader enters. */
    public static final int FIX_RATE = 100;
    private static final String FIX_USER = "fix1";

    /** One kill's outcome. */
    public record Kill(int killed, int newLeader, long failoverNs, Check check, boolean digestsEqual, String digest, long position,
                       long catchUpNs, boolean restartedFromSnapshot) {}

    private static final String PASSWORD = "pw";
    private static final int MASK = (1 << 16) - 1;
    private static final long SYMBOL = Venue.Symbol.key("AAPL");

    private final Settings s;
    private final ClusterLayout layout;
    private final MemberProcess[] members;
    private final Map<Long, Map<Integer, MemberProcess.DigestLine>> digests = new ConcurrentHashMap<>();
    private final Map<Integer, String> roles = new ConcurrentHashMap<>();
    private final Trader[] traders;
    /** How often each member's JVM was SIGKILLed: an order sent to it is tagged with member and this count. */
    private final int[] kills = new int[3];
    private ClusterGateway admin;
    private long digestToken = 1_000;
    private long periodNs;
    private long nextSendNs;
    private int nextTrader;
    private long sent;
    private long acked;
    private long duplicateAnswers;
    private long gaps;
    private long moves;
    private boolean trading; // false until every session first logged in at its own member
    // failover probe: the first answer to an order sent after the killed JVM was gone
    private boolean armed;
    private long goneAtNs;
    private long firstAckNs;
    // the FIX trader
    private FixTrader fix;
    private long nextFixNs;
    private long fixSent;
    private long fixRejected;
    private long fixDuplicateReports;
    private final java.util.Set<Long> fixAcked = new java.util.HashSet<>();
    private final java.util.Set<String> fixExecIds = new java.util.HashSet<>();

    public NodeClusterDemo(Settings settings) {
        this.s = settings;
        this.layout = ClusterLayout.loopback(3, settings.portBase());
        this.members = new MemberProcess[3];
        this.traders = new Trader[settings.sessions()];
        for (int i = 0; i < traders.length; i++) traders[i] = new Trader(i);
        this.periodNs = 1_000_000_000L / settings.rate();
    }

    /** The TCP port of member {@code m}'s SoupBinTCP gateway. */
    public int port(int m) {
        return layout.portBase() + 35 + m;
    }

    /** The FIX port of member {@code m}. */
    public int fixPort(int m) {
        return layout.portBase() + 30 + m;
    }

    /** The user every measuring client of {@link #port} may log in as (password {@code demo}). */
    public static String measuringUser() {
        return "demo";
    }

    /** Writes the accounts, starts the three nodes, logs every session in and trades until 1,000 orders were acknowledged. */
    public void start() {
        try {
            Files.createDirectories(s.dir());
            StringBuilder accounts = new StringBuilder("demo 1000 demo\n" + FIX_USER + " 1001 " + PASSWORD + "\n");
            for (Trader t : traders) accounts.append(t.user).append(' ').append(t.index + 1).append(' ').append(PASSWORD).append('\n');
            Files.writeString(s.dir().resolve("accounts"), accounts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int m = 0; m < 3; m++) {
            int member = m;
            List<String> cmd = MemberProcess.javaCommand();
            cmd.addAll(List.of(ClusterNodeMain.class.getName(), "--member", Integer.toString(m), "--hosts", String.join(",", layout.hosts()),
                    "--port-base", Integer.toString(layout.portBase()), "--dir", s.dir().resolve("node-" + m).toString(), "--port",
                    Integer.toString(port(m)), "--accounts", s.dir().resolve("accounts").toString(), "--park-us",
                    Long.toString(s.parkMicros()), "--snapshot-every", Long.toString(s.snapshotEvery()), "--store-mb",
                    Long.toString(s.storeMb()), "--fix-port", Integer.toString(fixPort(m))));
            members[m] = new MemberProcess(m, layout, s.dir().resolve("node-" + m), s.parkMicros(), digests,
                    s.verbose() ? s.out() : null, cmd, line -> {
                        if (line.startsWith("ROLE ")) roles.put(member, line.substring(line.indexOf("role=") + 5).trim());
                    });
        }
        for (MemberProcess m : members) m.start();
        await("nodes started", 180_000, () -> {
            for (MemberProcess m : members) if (!m.ready()) return false;
            return leader() >= 0;
        }, false);
        for (Trader t : traders) {
            if (!t.connect(t.index % 3)) s.out().println("cluster-demo: " + t.lastFailure + "; it logs in elsewhere");
        }
        try {
            int l = leader(); // it starts at the leader, whose kill comes first
            fix = new FixTrader(FIX_USER, List.of(fixPort(l), fixPort((l + 1) % 3), fixPort((l + 2) % 3)), false, s.verbose());
        } catch (Exception e) {
            throw new IllegalStateException("FIX trader: " + e, e);
        }
        if (fix != null) await("the FIX trader's logon", 180_000, fix::loggedOn, false);
        trading = true;
        nextSendNs = System.nanoTime();
        nextFixNs = nextSendNs;
        await("first acknowledgements", 180_000, () -> acked >= 1_000, true);
        s.out().printf("cluster up: 3 clustered nodes (SoupBinTCP ports %d..%d, FIX %d..%d), leader %d, %d sessions at %d orders/s,"
                + " one FIX session at %d orders/s%n", port(0), port(2), fixPort(0), fixPort(2), leader(), traders.length, s.rate(), FIX_RATE);
    }

    /** The member whose latest role line says LEADER and whose JVM runs, or -1. */
    public int leader() {
        for (int m = 0; m < 3; m++) if ("LEADER".equals(roles.get(m)) && members[m] != null && members[m].alive()) return m;
        return -1;
    }

    /** One simulated session: its connection, the tokens it sent and had answered, and a hash of its stream. */
    private final class Trader extends StreamProbe {
        final int index;
        final String user;
        final long[] sentAtNs = new long[MASK + 1];
        final BitSet answered = new BitSet();
        int[] sentTo = new int[1 << 12]; // per token: member * 65536 + that member's kill count when sent
        OrderEntryClient client;
        String lastFailure;
        int member = -1;
        long nextToken = 1;
        long answeredCount;

        Trader(int index) {
            this.index = index;
            this.user = "t" + (index + 1);
        }

        boolean connected() {
            return client != null && client.isConnected() && client.isLoggedIn();
        }

        /** Logs in at member {@code m} asking for the next sequence number it expects; false if that failed. */
        boolean connect(int m) {
            close();
            OrderEntryClient c = new OrderEntryClient(this);
            try {
                c.connect("127.0.0.1", port(m));
                if (!c.login(user, PASSWORD, "", lastSeq + 1, 30_000)) {
                    lastFailure = "login of " + user + " at member " + m + " rejected: " + (char) c.loginRejectReason();
                    c.close();
                    return false;
                }
            } catch (IOException e) {
                lastFailure = "login of " + user + " at member " + m + ": " + e.getMessage();
                c.close();
                return false;
            }
            client = c;
            member = m;
            return true;
        }

        void close() {
            if (client != null) client.close();
            client = null;
        }

        /** Sends the next order: buy on odd tokens, sell on even ones of the same quantity, one price, so pairs trade. */
        boolean send() {
            long t = nextToken;
            try {
                sentAtNs[(int) (t & MASK)] = System.nanoTime();
                if (t >= sentTo.length) sentTo = java.util.Arrays.copyOf(sentTo, (int) t * 2);
                sentTo[(int) t] = member * 65536 + kills[member];
                client.enterOrder(t, SYMBOL, (t & 1) == 1 ? (byte) 'B' : (byte) 'S', (byte) 'L', (byte) 'G', 10_000, 1 + ((t >> 1) % 10));
            } catch (IOException e) {
                close();
                return false;
            }
            nextToken = t + 1;
            sent++;
            return true;
        }

        int poll() {
            if (client == null) return 0;
            try {
                int r = client.poll();
                if (r >= 0) return r;
            } catch (IOException e) {
                // the member died: reconnect below
            }
            close();
            return 0;
        }

        @Override
        void answer(long seq, long token) {
            if (token <= 0 || token >= nextToken || answered.get((int) token)) {
                duplicateAnswers++;
                return;
            }
            answered.set((int) token);
            answeredCount++;
            acked++;
            if (armed && sentAtNs[(int) (token & MASK)] >= goneAtNs) {
                firstAckNs = System.nanoTime();
                armed = false;
            }
        }

        @Override
        void gap(long expected, long seq) {
            gaps++;
        }
    }

    /**
     * A SoupBinTCP order-entry stream, as seen by one client: counts each sequenced message once
     * (a member that is behind may start a resumed login below what the client already has: those
     * are skipped), hashes every message in order, and reports answers (Accepted, Rejected) by token.
     */
    private abstract static class StreamProbe implements OrderEntryListener {
        long lastSeq;
        long hash;

        /** An Accepted or Rejected for {@code token} at {@code seq}. */
        abstract void answer(long seq, long token);

        /** A sequence number beyond the next expected one arrived. */
        void gap(long expected, long seq) {}

        /** Message {@code seq} was hashed into {@link #hash}. */
        void hashed(long seq) {}

        private boolean fresh(long seq, long kind, long a, long b) {
            if (seq <= lastSeq) return false;
            if (seq != lastSeq + 1) gap(lastSeq + 1, seq);
            lastSeq = seq;
            long h = hash * 0x9E3779B97F4A7C15L + seq;
            h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + kind;
            h = (h ^ (h >>> 31)) * 0x94D049BB133111EBL + a;
            hash = (h ^ (h >>> 32)) * 0x9E3779B97F4A7C15L + b;
            hashed(seq);
            return true;
        }

        @Override
        public void onAccepted(long seq, long token, long orderId, long symbol, byte side, byte orderType, byte timeInForce, long price,
                               long quantity) {
            if (fresh(seq, 'A', token, orderId ^ quantity << 20 ^ side)) answer(seq, token);
        }

        @Override
        public void onRejected(long seq, long token, byte reason) {
            if (fresh(seq, 'J', token, reason)) answer(seq, token);
        }

        @Override
        public void onExecuted(long seq, long token, long orderId, long matchId, long price, long quantity, long leavesQuantity,
                               byte liquidity) {
            fresh(seq, 'E', token, matchId ^ quantity << 24 ^ leavesQuantity << 44 ^ liquidity);
        }

        @Override
        public void onCanceled(long seq, long token, long orderId, long canceledQuantity, byte reason) {
            fresh(seq, 'C', token, canceledQuantity << 8 ^ reason);
        }

        @Override
        public void onReplaced(long seq, long oldToken, long newToken, long orderId, long price, long quantity, boolean keptPriority) {
            fresh(seq, 'U', oldToken, newToken ^ quantity << 32);
        }

        @Override
        public void onCancelReject(long seq, long token, byte reason) {
            fresh(seq, 'I', token, reason);
        }

        @Override
        public void onReplaceReject(long seq, long existingToken, long replacementToken, byte reason) {
            fresh(seq, 'R', existingToken, replacementToken);
        }

        @Override
        public void onMassCancelAck(long seq, long symbol, int canceledCount, byte reason) {
            fresh(seq, 'M', symbol, canceledCount);
        }

        @Override
        public void onUndecodable(long seq, int entryError) {
            fresh(seq, '?', entryError, 0);
        }
    }

    /** A session's stream replayed from sequence 1 at one member, up to the live client's last sequence number. */
    private static final class Replay extends StreamProbe {
        final BitSet seen = new BitSet();
        final long until;
        long hashAtUntil;
        long duplicated;

        Replay(long until) {
            this.until = until;
        }

        @Override
        void answer(long seq, long token) {
            if (seq > until) return;
            if (token <= 0 || token > Integer.MAX_VALUE || seen.get((int) token)) {
                duplicated++;
                return;
            }
            seen.set((int) token);
        }

        @Override
        void hashed(long seq) {
            if (seq == until) hashAtUntil = hash;
        }

        boolean done() {
            return lastSeq >= until;
        }
    }

    /** Runs the client loop (sending at the offered rate when {@code load}) until {@code done} or the timeout. */
    private void await(String what, long timeoutMs, BooleanSupplier done, boolean load) {
        DemoLoop.runUntil(what, timeoutMs, done, now -> round(now, load));
    }

    /** One round of the client loop: every trader polled (reconnecting), FIX drained, what is due sent (when {@code load}); the work done. */
    private int round(long now, boolean load) {
        int work = 0;
        for (Trader t : traders) {
            if (t.client == null && (!trading || !reconnect(t))) continue;
            work += t.poll();
        }
        work += drainFix();
        if (load && fix != null && nextFixNs <= now && fix.loggedOn()) {
            if (now - nextFixNs > 100_000_000L) nextFixNs = now;
            long n = ++fixSent;
            fix.session().send(FixTrader.limit("F" + n, (n & 1) == 1 ? quickfix.field.Side.BUY : quickfix.field.Side.SELL, 1 + (n >> 1) % 10,
                    100.00));
            nextFixNs += 1_000_000_000L / FIX_RATE;
            work++;
        }
        if (load) {
            if (now - nextSendNs > 100_000_000L) nextSendNs = now; // behind by 100 ms: do not burst
            for (int tries = 0; nextSendNs <= now && tries < traders.length; ) {
                Trader t = traders[nextTrader];
                nextTrader = (nextTrader + 1) % traders.length;
                if (t.connected() && t.send()) {
                    nextSendNs += periodNs;
                    work++;
                    tries = 0;
                } else {
                    tries++;
                }
            }
        }
        return work;
    }

    /**
     * Takes the FIX trader's ExecutionReports: a New acknowledges an order (its OrderID), a
     * Rejected answers one; an ExecID seen before counts as a report received twice.
     */
    private int drainFix() {
        if (fix == null) return 0;
        int n = 0;
        for (quickfix.Message m; (m = fix.app.poll()) != null; n++) {
            if (!fixExecIds.add(String.valueOf(FixTrader.field(m, 17)))) {
                fixDuplicateReports++;
                continue;
            }
            String type = FixTrader.field(m, 150);
            if ("0".equals(type)) {
                if (!fixAcked.add(Long.parseLong(FixTrader.field(m, 37)))) fixDuplicateReports++;
            } else if ("8".equals(type)) {
                fixRejected++;
            }
        }
        return n;
    }

    /** Orders the FIX trader sent that have neither an ExecutionReport New nor a Rejected yet. */
    private long fixUnanswered() {
        return fixSent - fixAcked.size() - fixRejected;
    }

    /** A session whose member died logs in at the next member that runs, with its next expected sequence number. */
    private boolean reconnect(Trader t) {
        for (int k = 1; k <= 3; k++) {
            int m = (t.member + k) % 3;
            if (members[m].ready() && t.connect(m)) {
                moves++;
                return true;
            }
        }
        return false;
    }

    private void pump(long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        await("load", ms + 120_000, () -> System.nanoTime() >= until, true);
    }

    /** Stops sending and waits until no answer came for a second. */
    private void quiesce() {
        long[] lastAcked = {acked};
        long[] lastChange = {System.nanoTime()};
        // Orders a killed member took but never forwarded are never answered: wait for a second without answers.
        await("answers", 180_000, () -> {
            long now = System.nanoTime();
            if (acked != lastAcked[0]) {
                lastAcked[0] = acked;
                lastChange[0] = now;
            }
            return now - lastChange[0] > 1_000_000_000L;
        }, false);
        // The FIX trader's orders are all answered once it is logged on again (FIX resends what either side missed).
        long until = System.nanoTime() + 60_000_000_000L;
        if (fix != null) {
            await("the FIX trader's answers", 120_000, () -> (fix.loggedOn() && fixUnanswered() == 0) || System.nanoTime() > until, false);
        }
    }

    /** The FIX trader's node output replayed at member {@code m} from sequence 1: its Accepted orders' ids. */
    private FixCheck checkFix(int m) {
        java.util.Set<Long> accepted = new java.util.HashSet<>();
        long[] twice = {0};
        StreamProbe l = new StreamProbe() {
            @Override
            void answer(long seq, long token) {}

            @Override
            public void onAccepted(long seq, long token, long orderId, long symbol, byte side, byte orderType, byte timeInForce,
                                   long price, long quantity) {
                if (seq > lastSeq && !accepted.add(orderId)) twice[0]++;
                super.onAccepted(seq, token, orderId, symbol, side, orderType, timeInForce, price, quantity);
            }
        };
        try (OrderEntryClient c = new OrderEntryClient(l)) {
            c.connect("127.0.0.1", port(m));
            if (!c.login(FIX_USER, PASSWORD, "", 1, 30_000)) throw new IOException("login of " + FIX_USER + " refused at member " + m);
            long deadline = System.nanoTime() + 180_000_000_000L;
            long quietSince = System.nanoTime();
            long seen = -1;
            while (System.nanoTime() - quietSince < 2_000_000_000L) { // the whole stream: no new sequenced message for 2 s
                if (System.nanoTime() > deadline) throw new IOException("member " + m + " did not replay " + FIX_USER + "'s stream");
                if (c.poll() < 0) throw new IOException("member " + m + " closed " + FIX_USER + "'s replay");
                if (l.lastSeq != seen) {
                    seen = l.lastSeq;
                    quietSince = System.nanoTime();
                }
                LockSupport.parkNanos(200_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long found = 0;
        for (Long id : fixAcked) if (accepted.contains(id)) found++;
        return new FixCheck(fixAcked.size(), found, fixAcked.size() - found, twice[0]);
    }

    /**
     * Replays every session's stream at member {@code m} from sequence 1 up to what its live client
     * last received, and compares: the same messages in the same order (hash), every acknowledged
     * order answered there exactly once. Sessions logged in live at {@code m} are logged out first.
     */
    public Check check(int m) {
        long found = 0;
        long missing = 0;
        long duplicated = 0;
        long mismatches = 0;
        long ackedHere = 0;
        for (Trader t : traders) {
            if (t.member == m) t.close(); // one login per user per member: it logs in elsewhere (or here again) later
            Replay r = new Replay(t.lastSeq);
            ackedHere += t.answeredCount;
            if (t.lastSeq > 0) {
                try (OrderEntryClient c = new OrderEntryClient(r)) {
                    c.connect("127.0.0.1", port(m));
                    if (!c.login(t.user, PASSWORD, "", 1, 30_000)) throw new IOException("login of " + t.user + " refused at member " + m);
                    long deadline = System.nanoTime() + 180_000_000_000L;
                    while (!r.done()) {
                        if (System.nanoTime() > deadline) throw new IOException("member " + m + " did not replay " + t.user + "'s stream");
                        if (c.poll() < 0) throw new IOException("member " + m + " closed " + t.user + "'s replay");
                        LockSupport.parkNanos(20_000);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (r.hashAtUntil != t.hash) mismatches++;
            duplicated += r.duplicated;
            BitSet lost = (BitSet) t.answered.clone();
            lost.andNot(r.seen);
            missing += lost.cardinality();
            BitSet both = (BitSet) t.answered.clone();
            both.and(r.seen);
            found += both.cardinality();
        }
        return new Check(m, traders.length, ackedHere, found, missing, duplicated, mismatches, checkFix(m));
    }

    /**
     * Asks every member for its digest at one log position (a DIGEST request through an admin
     * cluster client; another under a new token after 5 s without a complete set) and returns the
     * reports of the first request all {@code expected} members answered.
     */
    private Map<Integer, MemberProcess.DigestLine> digestsNow(int expected) {
        if (admin == null) {
            admin = new ClusterGateway(layout, s.dir().resolve("admin").toFile(), "127.0.0.1", 64, 3_000, s.parkMicros(),
                    (session, token, status, outcome, reason, sequence, orderId, filled, member, roundTripNs) -> { });
        }
        long first = digestToken + 1;
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            long token = ++digestToken;
            long sendBy = System.nanoTime() + 60_000_000_000L;
            while (!admin.digest(token)) {
                if (System.nanoTime() > sendBy) throw new IllegalStateException("digest request not sent");
                admin.poll();
                LockSupport.parkNanos(1_000_000);
            }
            long until = Math.min(deadline, System.nanoTime() + 5_000_000_000L);
            while (System.nanoTime() < until) {
                for (long t = first; t <= token; t++) {
                    Map<Integer, MemberProcess.DigestLine> d = digests.get(t);
                    if (d != null && d.size() >= expected) return d;
                }
                admin.poll();
                for (Trader tr : traders) tr.poll();
                LockSupport.parkNanos(1_000_000);
            }
            if (System.nanoTime() >= deadline) throw new IllegalStateException("timed out waiting for " + expected + " digest reports");
        }
    }

    /** SIGKILLs the leader's JVM under load, measures the failover, restarts it, checks its streams and everyone's digests. */
    public Kill killLeader(long loadBeforeMs) {
        pump(loadBeforeMs);
        await("a leader", 180_000, () -> leader() >= 0, true);
        int leader = leader();
        long t0 = System.nanoTime();
        java.time.Instant killedAt = java.time.Instant.now();
        members[leader].kill();
        kills[leader]++;
        roles.remove(leader);
        goneAtNs = System.nanoTime();
        firstAckNs = 0;
        armed = true;
        await("an acknowledgement through a new leader", 180_000, () -> firstAckNs != 0, true);
        long failover = firstAckNs - t0;
        await("the new leader's role line", 180_000, () -> leader() >= 0, true);
        int newLeader = leader();
        pump(300);
        long restartAt = System.nanoTime();
        members[leader].start();
        await("restarted node ready", 180_000, members[leader]::ready, true);
        pump(300);
        quiesce();
        Map<Integer, MemberProcess.DigestLine> d = digestsNow(3);
        long caughtUp = System.nanoTime() - restartAt;
        boolean equal = MemberProcess.DigestLine.allEqual(d);
        Check c = check(leader);
        MemberProcess.DigestLine mine = d.get(leader);
        Kill k = new Kill(leader, newLeader, failover, c, equal, mine.digest(), mine.position(), caughtUp,
                members[leader].readyFromSnapshot());
        s.out().printf("kill leader %d at %s: new leader %d, first ack of an order sent after the SIGKILL %.1f ms after it; restarted node"
                        + " (%s) replayed %d sessions: %d of %d acknowledged orders found once, %d missing, %d answered twice, %d"
                        + " streams differ; FIX: %d of %d acknowledged found once; digests %s (%s at log position %d)%n",
                leader, killedAt, newLeader, failover / 1e6, k.restartedFromSnapshot() ? "from its snapshot" : "from the log", c.sessions(),
                c.found(), c.acked(), c.missing(), c.duplicated(), c.streamMismatches(), c.fix().found(), c.fix().acked(),
                equal ? "equal" : "DIFFER", mine.digest(), mine.position());
        return k;
    }

    /** Every session's stream at every member, and the members' digests. */
    public List<Check> finalCheck(boolean[] digestsEqual) {
        quiesce();
        List<Check> checks = new ArrayList<>();
        for (int m = 0; m < 3; m++) checks.add(check(m));
        Map<Integer, MemberProcess.DigestLine> d = digestsNow(3);
        digestsEqual[0] = MemberProcess.DigestLine.allEqual(d);
        long[] u = unanswered();
        s.out().printf("final: %d orders sent, %d acknowledged, never answered: %d sent to a node SIGKILLed afterwards, %d others;"
                        + " %d answers not matching a pending order, %d sequence gaps, %d logins moved to another member; digests %s%n",
                sent, acked, u[0], u[1], duplicateAnswers, gaps, moves, digestsEqual[0] ? "equal (" + d.get(0).digest() + ")" : "DIFFER");
        s.out().printf("FIX trader: %d orders sent, %d acknowledged (New), %d rejected, %d unanswered, %d reports received twice%n",
                fixSent, fixAcked.size(), fixRejected, fixUnanswered(), fixDuplicateReports);
        for (Check c : checks) {
            s.out().printf("  member %d: %d of %d acknowledged orders found once, %d missing, %d answered twice, %d streams differ;"
                            + " FIX: %d of %d acknowledged found once, %d missing, %d accepted twice%n",
                    c.member(), c.found(), c.acked(), c.missing(), c.duplicated(), c.streamMismatches(), c.fix().found(), c.fix().acked(),
                    c.fix().missing(), c.fix().duplicated());
        }
        return checks;
    }

    public long sent() {
        return sent;
    }

    /** The FIX trader: {sent, acknowledged (New), rejected, unanswered, reports received twice}. */
    public long[] fixCounts() {
        return new long[] {fixSent, fixAcked.size(), fixRejected, fixUnanswered(), fixDuplicateReports};
    }

    public long acked() {
        return acked;
    }

    /** Answers the clients saw for a token they had no order pending under (0 unless something ran twice). */
    public long duplicateAnswers() {
        return duplicateAnswers;
    }

    public long gaps() {
        return gaps;
    }

    /**
     * Orders sent and never answered, {@code [0]} those sent to a node whose JVM was SIGKILLed
     * afterwards (lost with it, never acknowledged), {@code [1]} those sent to a node never killed
     * after the send.
     */
    public long[] unanswered() {
        long[] u = new long[2];
        for (Trader t : traders) {
            for (long k = 1; k < t.nextToken; k++) {
                if (t.answered.get((int) k)) continue;
                int via = t.sentTo[(int) k];
                u[kills[via / 65536] > via % 65536 ? 0 : 1]++;
            }
        }
        return u;
    }

    /** Closes every session and stops the nodes (SIGTERM). */
    @Override
    public void close() {
        for (Trader t : traders) t.close();
        if (fix != null) fix.close();
        if (admin != null) admin.close();
        for (MemberProcess m : members) if (m != null) m.stop(5_000);
    }
}
