package qsl.bench.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import qsl.affinity.CpuSet;
import qsl.affinity.Outcome;
import qsl.affinity.ThreadAffinity;
import qsl.gateway.client.OrderEntryClient;
import qsl.gateway.client.OrderEntryListener;
import qsl.protocol.entry.Symbols;

/**
 * Open-loop load on a node over SoupBinTCP: {@code sessions} logged-in clients driven by one
 * thread at a fixed offered rate. Request {@code i} has the scheduled send time
 * {@code start + i / rate} and goes to session {@code i mod sessions}; it is sent as soon as that
 * time has come whatever the replies are doing (a generator that fell behind sends the overdue
 * requests at once). The round trip of a request runs from its <em>scheduled</em> send time to
 * its first reply (Accepted / Rejected for a new order, Canceled / Cancel Reject, Replaced /
 * Replace Reject), so a stall anywhere (node, kernel, this generator) shows in every request it
 * delayed: the coordinated-omission correction is built into the measurement. Replies are matched
 * per session in order (a session's requests are answered in the order they were sent).
 *
 * <p>The generator hardly spins: between sends it blocks in one {@link Selector} over every
 * session's socket, woken by a reply or by a {@link SendTimer} at the next scheduled send time,
 * or, with no reply outstanding, parks until then. At rates up to 5,000/s it wakes
 * {@value #EARLY_NANOS} ns early and spins (reading replies) until the send is due, so that its
 * own wake-up latency is not charged to the round trip; its timed sleeps run with a timer slack
 * of 1 ns ({@link TimerSlack}; the default 50 us would make every send up to that late).
 * A generator spinning between sends would take whole scheduler time slices from the node
 * threads it measures whenever they share a core (a 2-core host always does). For the same
 * reason its threads are pinned off the CPU of the node's socket thread where the node pins one
 * ({@link NodeChild#generatorCpus()}): left to the scheduler, they land there and the pinned node
 * thread waits out their time slices.
 */
final class NodeLoad implements AutoCloseable {
    private static final int PENDING = 1 << 14;

    /** How long before a scheduled send the generator wakes; it spins the rest (at most this long per send). */
    static final long EARLY_NANOS = 30_000;
    /**
     * Sends at least this far apart (rates up to 5,000/s) get the early wake-up; at higher rates the
     * generator is rarely idle that long, and spinning would take CPU the node needs.
     */
    static final long EARLY_MIN_INTERVAL_NANOS = 200_000;

    /** Every session is polled this often even without readiness (client heartbeats). */
    private static final long SWEEP_NANOS = 100_000_000L;

    private final Session[] sessions;
    private final CpuSet cpus;
    private final OrderMix mix;
    private final Selector selector;
    private final SendTimer timer;
    private final Consumer<SelectionKey> onReadable = this::readable;
    private IOException readFailure;
    final Histogram rtt = new Histogram(60_000_000_000L, 3);
    /** How late each recorded request was sent after its scheduled time (this generator's own delay, part of its round trip). */
    final Histogram sendLag = new Histogram(60_000_000_000L, 3);
    long sent;
    long answered;
    long unanswered;
    long mismatched;
    long rejects;
    long executions;
    long maxSendLagNanos;
    /**
     * Spin between sends instead of blocking (polling every socket, yielding only when nothing is
     * outstanding): how this generator behaved before, kept only for the idle study that shows what
     * spinning costs the node on a shared core.
     */
    boolean spin;
    private boolean slackSet;
    /** Why the generator thread's timer slack could not be set to 1 ns (its sleeps then end up to 50 us late), or null. */
    String slackProblem;
    /** Requests of earlier runs still unanswered when this run began (its settle timed out): a backlog it inherited. */
    long backlogAtStart;
    /** How long a run first waits for the replies of earlier runs. */
    static final long SETTLE_NANOS = 30_000_000_000L;
    /** Requests not sent because their session already had {@code PENDING} unanswered (recorded as unanswered). */
    long overflow;
    double achievedRate;
    private boolean recording;
    private long recordFrom;
    /** The measured window of the last run (System.nanoTime). */
    long windowStart;
    long windowEnd;

    /**
     * @param cpus the CPUs this generator's threads run on (none of the node's pinned CPUs, {@link
     *     NodeChild#generatorCpus()}), or null: wherever the scheduler puts them
     */
    NodeLoad(InetSocketAddress address, String[] users, String password, long seed, CpuSet cpus) throws IOException {
        this.cpus = cpus;
        sessions = new Session[users.length];
        mix = new OrderMix(users.length, seed);
        for (int i = 0; i < users.length; i++) {
            Session s = new Session(i);
            s.client = new OrderEntryClient(s, 64 * 1024, 1000);
            s.client.autoFlush(false);
            s.client.connect(address);
            if (!s.client.login(users[i], password, "", 0, 10_000)) {
                throw new IOException("login of " + users[i] + " refused: " + (char) s.client.loginRejectReason());
            }
            sessions[i] = s;
        }
        selector = Selector.open();
        for (Session s : sessions) s.client.channel().register(selector, SelectionKey.OP_READ, s);
        timer = new SendTimer(selector, cpus);
    }

    private void readable(SelectionKey key) {
        Session s = (Session) key.attachment();
        try {
            if (s.client.poll() < 0) readFailure = new IOException("session " + s.index + " lost its connection");
        } catch (IOException e) {
            readFailure = e;
        }
    }

    /**
     * Runs {@code rate} requests per second for {@code warmupNanos + measureNanos}, recording the
     * round trips of requests scheduled after the warm-up, then waits up to {@code drainNanos} for
     * the last replies; requests still unanswered are recorded at the time the wait ended.
     *
     * @return the number of requests scheduled inside the measured window
     */
    long run(double rate, long warmupNanos, long measureNanos, long drainNanos) throws IOException {
        // off the node's CPU: a generator that lands there takes scheduler time slices from the thread it measures
        return onCpus(cpus, () -> runHere(rate, warmupNanos, measureNanos, drainNanos));
    }

    /** A run of the generator that may throw {@link IOException}. */
    interface Run {
        long run() throws IOException;
    }

    /**
     * Runs {@code body} with this thread pinned to {@code cpus} (null: as it is), then gives the
     * thread back the CPUs it had: a process started from it later (the next node JVM) inherits its
     * mask, and must not inherit the generator's.
     */
    static long onCpus(CpuSet cpus, Run body) throws IOException {
        if (cpus == null) return body.run();
        CpuSet had = ThreadAffinity.currentAffinity() instanceof Outcome.Ok<CpuSet> ok ? ok.value() : null;
        ThreadAffinity.pinCurrentThread(cpus);
        try {
            return body.run();
        } finally {
            if (had != null) ThreadAffinity.pinCurrentThread(had);
        }
    }

    private long runHere(double rate, long warmupNanos, long measureNanos, long drainNanos) throws IOException {
        if (!slackSet) {
            slackProblem = TimerSlack.set(1); // this thread's timed sleeps end when asked, not up to 50 us later
            slackSet = true;
        }
        backlogAtStart = settle(SETTLE_NANOS);
        rtt.reset();
        sendLag.reset();
        sent = answered = unanswered = mismatched = rejects = executions = maxSendLagNanos = overflow = 0;
        mix.reset();
        double interval = 1e9 / rate;
        long total = (long) ((warmupNanos + measureNanos) / interval);
        long start = System.nanoTime() + 1_000_000;
        recordFrom = start + warmupNanos;
        recording = true;
        long i = 0;
        long lastSweep = start;
        long end = start + warmupNanos + measureNanos;
        windowStart = recordFrom;
        windowEnd = end;
        int n = sessions.length;
        long outstanding = 0;
        while (true) {
            long now = System.nanoTime();
            int burst = 0;
            while (i < total && burst < 4096) {
                long at = start + (long) (i * interval);
                if (at > now) break;
                Session s = sessions[(int) (i % n)];
                send(s, at);
                long lag = now - at;
                if (at >= recordFrom) {
                    if (lag > maxSendLagNanos) maxSendLagNanos = lag;
                    sendLag.recordValue(Math.max(0, lag));
                }
                i++;
                burst++;
            }
            if (burst > 0) {
                for (Session s : sessions) if (s.dirty) { s.client.flush(); s.dirty = false; }
            }
            int ready = selector.selectNow(onReadable);
            if (readFailure != null) throw readFailure;
            if (now - lastSweep > SWEEP_NANOS) {
                lastSweep = now;
                for (Session s : sessions) if (s.client.poll() < 0) throw new IOException("session " + s.index + " lost its connection");
            }
            outstanding = 0;
            for (Session s : sessions) outstanding += s.tail - s.head;
            if (i >= total && outstanding == 0) break;
            if (i >= total && now - end > drainNanos) break;
            if (spin) {
                if (burst == 0 && outstanding == 0) Thread.yield(); // the previous generator: never blocks
            } else if (burst == 0 && ready == 0) {
                // Nothing due, nothing read: sleep until the next send is due, or (replies outstanding)
                // block until one arrives or the timer wakes us. Waking EARLY_NANOS before the send
                // and spinning the rest keeps the wake-up's own latency out of the round trip.
                long next = i < total ? start + (long) (i * interval) : now + drainNanos;
                long early = interval >= EARLY_MIN_INTERVAL_NANOS ? EARLY_NANOS : 0;
                long sleep = next - early - System.nanoTime();
                if (sleep > 0) {
                    if (outstanding == 0 && i < total) {
                        LockSupport.parkNanos(sleep); // no reply can come: no need for the selector or the timer thread
                    } else {
                        timer.arm(next - early);
                        selector.select(onReadable, 100);
                        if (readFailure != null) throw readFailure;
                    }
                }
                if (i < total) {
                    long left;
                    while ((left = next - System.nanoTime()) > 0 && left <= early) {
                        if (outstanding == 0) {
                            Thread.onSpinWait();
                        } else {
                            selector.selectNow(onReadable); // a reply during the wait is read (and timed) now
                            if (readFailure != null) throw readFailure;
                        }
                    }
                }
            }
        }
        long stop = System.nanoTime();
        sent = i;
        for (Session s : sessions) {
            for (int k = s.head; k != s.tail; k++) {
                int slot = k & (PENDING - 1);
                long at = s.sched[slot];
                if (at >= recordFrom) {
                    rtt.recordValue(Math.max(1, stop - at));
                    unanswered++;
                }
                s.sched[slot] = Long.MIN_VALUE; // still expected (matched when it comes), never recorded
            }
        }
        if (overflow > 0) {
            rtt.recordValueWithCount(Math.max(1, stop - recordFrom), overflow);
            unanswered += overflow;
        }
        recording = false;
        achievedRate = sent * 1e9 / Math.max(1, (end - start));
        return rtt.getTotalCount();
    }

    /**
     * Polls until no request of an earlier run is still waiting for its reply, or {@code maxNanos} passed.
     *
     * @return the requests still waiting (0: drained)
     */
    long settle(long maxNanos) throws IOException {
        long deadline = System.nanoTime() + maxNanos;
        long waiting = 0;
        while (true) {
            waiting = 0;
            for (Session s : sessions) {
                if (s.tail != s.head) {
                    if (s.client.poll() < 0) throw new IOException("session " + s.index + " lost its connection");
                    waiting += s.tail - s.head;
                }
            }
            if (waiting == 0 || System.nanoTime() - deadline > 0) return waiting;
            selector.select(onReadable, 10);
            if (readFailure != null) throw readFailure;
        }
    }

    private void send(Session s, long at) throws IOException {
        if (s.tail - s.head >= PENDING) {
            if (at >= recordFrom) overflow++;
            return;
        }
        mix.next(s.index);
        int slot = s.tail & (PENDING - 1);
        s.kind[slot] = mix.kind;
        s.token[slot] = mix.token;
        s.sched[slot] = at;
        s.tail++;
        switch (mix.kind) {
            case OrderMix.NEW -> s.client.enterOrder(mix.token, SYMBOL_KEYS[mix.symbol], mix.buy ? (byte) 'B' : (byte) 'S',
                    (byte) 'L', mix.ioc ? (byte) 'I' : (byte) 'G', mix.price, mix.quantity);
            case OrderMix.CANCEL -> s.client.cancelOrder(mix.token);
            default -> s.client.replaceOrder(mix.token, mix.newToken, mix.price, mix.quantity);
        }
        s.dirty = true;
    }

    private static final long[] SYMBOL_KEYS = new long[OrderMix.SYMBOLS.length];

    static {
        for (int i = 0; i < SYMBOL_KEYS.length; i++) SYMBOL_KEYS[i] = Symbols.key(OrderMix.SYMBOLS[i]);
    }

    @Override
    public void close() {
        if (timer != null) timer.close();
        try {
            if (selector != null) selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Session s : sessions) {
            if (s == null) continue;
            try {
                s.client.logout();
            } catch (IOException ignored) {
                // closing anyway
            }
            s.client.close();
        }
    }

    /** One client session and its FIFO of requests waiting for their first reply. */
    private final class Session implements OrderEntryListener {
        final int index;
        OrderEntryClient client;
        final byte[] kind = new byte[PENDING];
        final long[] token = new long[PENDING];
        final long[] sched = new long[PENDING];
        int head;
        int tail;
        boolean dirty;

        Session(int index) {
            this.index = index;
        }

        private void reply(byte expectKind, long tok) {
            if (head == tail) {
                mismatched++;
                return;
            }
            int slot = head & (PENDING - 1);
            if (kind[slot] != expectKind || token[slot] != tok) {
                mismatched++;
                return;
            }
            long at = sched[slot];
            head++;
            if (recording && at >= recordFrom) {
                rtt.recordValue(Math.max(1, System.nanoTime() - at));
                answered++;
            }
        }

        @Override
        public void onAccepted(long seq, long tok, long orderId, long symbol, byte side, byte orderType, byte tif, long price,
                               long quantity) {
            reply(OrderMix.NEW, tok);
        }

        @Override
        public void onRejected(long seq, long tok, byte reason) {
            rejects++;
            mix.gone(index, tok);
            reply(OrderMix.NEW, tok);
        }

        @Override
        public void onExecuted(long seq, long tok, long orderId, long matchId, long price, long quantity, long leaves,
                               byte liquidity) {
            executions++;
            if (leaves == 0) mix.gone(index, tok);
        }

        @Override
        public void onCanceled(long seq, long tok, long orderId, long canceledQuantity, byte reason) {
            int slot = head & (PENDING - 1);
            if (head != tail && kind[slot] == OrderMix.CANCEL && token[slot] == tok) reply(OrderMix.CANCEL, tok);
            mix.gone(index, tok);
        }

        @Override
        public void onCancelReject(long seq, long tok, byte reason) {
            rejects++;
            reply(OrderMix.CANCEL, tok);
        }

        @Override
        public void onReplaced(long seq, long oldToken, long newToken, long orderId, long price, long quantity,
                               boolean keptPriority) {
            reply(OrderMix.REPLACE, oldToken);
        }

        @Override
        public void onReplaceReject(long seq, long existingToken, long replacementToken, byte reason) {
            rejects++;
            mix.gone(index, replacementToken);
            reply(OrderMix.REPLACE, existingToken);
        }
    }
}
