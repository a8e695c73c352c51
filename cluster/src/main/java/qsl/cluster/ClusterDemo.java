package qsl.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Members as child JVMs on loopback ({@link MemberProcess}), this JVM as the gateway with
 * simulated trading sessions ({@link SimulatedTraders}) at a fixed offered rate: the leader is
 * SIGKILLed under load, the failover time is taken from the kill to the first acknowledgement
 * through the new leader, every acknowledged command is checked against the cluster's state, the
 * old leader is restarted and must catch up to the same digest as the others. Optionally, round
 * trips and throughput at fixed offered rates.
 */
public final class ClusterDemo implements AutoCloseable {
    /** What to run. */
    public record Settings(int members, int sessions, int rate, int portBase, Path dir, long parkMicros, PrintStream out,
                           boolean verbose) {}

    /** One kill's outcome. */
    public record Kill(int killed, int newLeader, long failoverNs, long checkedAcks, boolean allAcksFound, boolean digestsEqual,
                       String digest, long position, boolean restartedCaughtUp, long catchUpNs) {}

    /** One fixed-rate run. */
    public record RateRun(int members, int offeredRate, double seconds, long acks, double achievedRate, long p50Ns, long p99Ns,
                          long p999Ns, long maxNs) {}

    private final Settings s;
    private final ClusterLayout layout;
    private final MemberProcess[] members;
    private final Map<Long, Map<Integer, MemberProcess.DigestLine>> digests = new ConcurrentHashMap<>();
    private final SimulatedTraders traders;
    private ClusterGateway gateway;
    private long nextSendNs;
    private long periodNs;
    private long digestToken = 1_000;

    public ClusterDemo(Settings settings) {
        this.s = settings;
        this.layout = ClusterLayout.loopback(settings.members(), settings.portBase());
        this.members = new MemberProcess[settings.members()];
        for (int m = 0; m < members.length; m++) {
            members[m] = new MemberProcess(m, layout, settings.dir().resolve("member-" + m), settings.parkMicros(), digests,
                    settings.verbose() ? settings.out() : null);
        }
        this.traders = new SimulatedTraders(settings.sessions(), 8, 42);
        rate(settings.rate());
    }

    private void rate(int perSecond) {
        periodNs = 1_000_000_000L / perSecond;
    }

    /** Starts the members and the gateway; returns once the first command was acknowledged. */
    public void start() {
        for (MemberProcess m : members) m.start();
        await("members started", 120_000, () -> {
            for (MemberProcess m : members) if (!m.ready()) return false;
            return true;
        }, false);
        gateway = new ClusterGateway(layout, s.dir().resolve("gateway").toFile(), "127.0.0.1", 1 << 14, 3_000, s.parkMicros(), traders);
        nextSendNs = System.nanoTime();
        await("first acknowledgements", 120_000, () -> traders.acked() >= 1_000, true);
        s.out().printf("cluster up: %d members, leader %d, %d sessions at %d commands/s%n", members.length,
                gateway.leaderMemberId(), s.sessions(), s.rate());
    }

    /** Runs the gateway loop (sending at the offered rate when {@code load}) until {@code done} or the timeout. */
    private void await(String what, long timeoutMs, BooleanSupplier done, boolean load) {
        DemoLoop.runUntil(what, timeoutMs, done, now -> round(now, load));
    }

    /** One round of the gateway loop: what is due sent (when {@code load}), the gateway polled; the work done. */
    private int round(long now, boolean load) {
        int work = 0;
        if (gateway != null) {
            if (load) {
                if (now - nextSendNs > 100_000_000L) nextSendNs = now; // behind by 100 ms: do not burst
                while (nextSendNs <= now && traders.sendNext(gateway)) {
                    nextSendNs += periodNs;
                    work++;
                }
            }
            work += gateway.poll();
        }
        return work;
    }

    private void pump(long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        await("load", ms + 60_000, () -> System.nanoTime() >= until, true);
    }

    private void quiesce() {
        await("every command acknowledged", 120_000, () -> gateway.outstanding() == 0, false);
    }

    /** Checks every session's acknowledged commands against the cluster; returns the number checked, -1 on a mismatch. */
    private long checkAcks() {
        quiesce();
        await("checks sent", 30_000, () -> traders.sendChecks(gateway), false);
        await("check replies", 60_000, () -> traders.checksDone(gateway), false);
        return traders.checksMatched() == traders.sessions() ? traders.checkedAcks() : -1;
    }

    /**
     * Asks for a digest at one log position and waits for every live member's report of one
     * request; returns them. A request offered to a leader that loses office is never appended, so
     * after 5 s without a complete set another request goes out under a new token.
     */
    private Map<Integer, MemberProcess.DigestLine> digestsNow(int expected, long timeoutMs) {
        long first = digestToken + 1;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long token = ++digestToken;
            await("digest request sent", 30_000, () -> gateway.digest(token), false);
            long until = Math.min(deadline, System.nanoTime() + 5_000_000_000L);
            long[] complete = {-1};
            await(expected + " digest reports", Math.max(0, (until - System.nanoTime()) / 1_000_000L) + 1, () -> {
                for (long t = first; t <= token; t++) {
                    if (digests.getOrDefault(t, Map.of()).size() >= expected) complete[0] = t;
                }
                return complete[0] >= 0 || System.nanoTime() >= until;
            }, false);
            if (complete[0] >= 0) return digests.get(complete[0]);
            if (System.nanoTime() >= deadline) throw new IllegalStateException("timed out waiting for " + expected + " digest reports");
        }
    }

    /** SIGKILLs the leader under load, measures the failover, checks, restarts it and waits for it to catch up. */
    public Kill killLeader(long loadBeforeMs) {
        pump(loadBeforeMs);
        int leader = gateway.leaderMemberId();
        long t0 = System.nanoTime();
        traders.killed(leader, t0);
        members[leader].kill();
        await("an acknowledgement through a new leader", 120_000, () -> traders.failoverNs() > 0, true);
        long failover = traders.failoverNs();
        int newLeader = gateway.leaderMemberId();
        pump(300);
        long checked = checkAcks();
        long restartAt = System.nanoTime();
        members[leader].start();
        await("restarted member ready", 120_000, members[leader]::ready, true);
        pump(300);
        quiesce();
        Map<Integer, MemberProcess.DigestLine> d = digestsNow(members.length, 120_000);
        long caughtUp = System.nanoTime() - restartAt;
        boolean equal = MemberProcess.DigestLine.allEqual(d);
        MemberProcess.DigestLine any = d.get(leader);
        Kill k = new Kill(leader, newLeader, failover, Math.max(checked, 0), checked >= 0, equal, any.digest(), any.position(),
                any.applied() == traders.acked(), caughtUp);
        s.out().printf("kill leader %d: new leader %d, first ack through it %.1f ms after the SIGKILL; %d acknowledged commands"
                        + " checked: %s; restarted member caught up: digests %s (%s at log position %d)%n",
                leader, newLeader, failover / 1e6, k.checkedAcks(), k.allAcksFound() ? "all present, none twice" : "MISMATCH",
                equal ? "equal" : "DIFFER", any.digest(), any.position());
        return k;
    }

    /** Unmeasured load at {@code rate} for {@code seconds} (JIT warm-up of every member before the measured runs). */
    public void warm(int rate, double seconds) {
        rate(rate);
        nextSendNs = System.nanoTime();
        pump((long) (seconds * 1_000));
        quiesce();
        rate(s.rate());
    }

    /** Offered load at {@code rate} commands/s for {@code seconds} after a one-second warm-up. */
    public RateRun rateRun(int rate, double seconds) {
        rate(rate);
        nextSendNs = System.nanoTime();
        pump(1_000);
        quiesce();
        Histogram h = traders.roundTrip();
        h.reset();
        traders.recording(true);
        long acked0 = traders.acked();
        long t0 = System.nanoTime();
        nextSendNs = t0;
        pump((long) (seconds * 1_000));
        long acks = traders.acked() - acked0;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        traders.recording(false);
        quiesce();
        RateRun r = new RateRun(members.length, rate, elapsed, acks, acks / elapsed, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
        s.out().printf("%d member(s), offered %d/s: achieved %.0f/s, round trip p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n",
                r.members(), rate, r.achievedRate(), r.p50Ns() / 1e3, r.p99Ns() / 1e3, r.p999Ns() / 1e3, r.maxNs() / 1e3);
        rate(s.rate());
        return r;
    }

    public SimulatedTraders traders() {
        return traders;
    }

    /** Final check of every acknowledged command and of all members' digests. */
    public boolean finalCheck() {
        long checked = checkAcks();
        Map<Integer, MemberProcess.DigestLine> d = digestsNow(members.length, 120_000);
        boolean equal = MemberProcess.DigestLine.allEqual(d);
        s.out().printf("final: %d commands sent, %d acknowledged (%d answered as duplicates of a resend), %d filled, %d rejected;"
                        + " acknowledged commands checked: %d (%s); member digests: %s%n",
                traders.sent(), traders.acked(), traders.duplicates(), traders.filledCommands(), traders.rejected(),
                Math.max(checked, 0), checked >= 0 ? "all present, none twice" : "MISMATCH", describe(d));
        return checked >= 0 && checked == traders.acked() && equal;
    }

    private static String describe(Map<Integer, MemberProcess.DigestLine> d) {
        List<String> parts = new ArrayList<>();
        d.values().stream().sorted(Comparator.comparingInt(MemberProcess.DigestLine::member))
                .forEach(l -> parts.add(l.member() + "=" + l.digest()));
        return String.join(" ", parts) + (MemberProcess.DigestLine.allEqual(d) ? " (equal)" : " (DIFFER)");
    }

    @Override
    public void close() {
        if (gateway != null) gateway.close();
        for (MemberProcess m : members) m.stop(5_000);
    }

    /** A scratch directory in shared memory when there is one, else in the temp directory. */
    public static Path scratch(String prefix) {
        try {
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm)) return Files.createTempDirectory(shm, prefix);
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
