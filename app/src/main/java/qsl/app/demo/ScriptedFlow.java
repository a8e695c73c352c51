package qsl.app.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;

/**
 * The demo's deterministic part: two traders take turns, each command sent only once the previous
 * one was answered, so the engine sees the same commands in the same order on every run. Enters,
 * IOCs, cancels and replaces of live orders, and a few commands the node must reject.
 */
final class ScriptedFlow {
    private final EntryClient[] clients;
    private final List<LinkedHashSet<Long>> live = new ArrayList<>();
    private final long[] nextToken;
    private final SplittableRandom random;
    final Histogram rtt = new Histogram(3_600_000_000_000L, 3);
    long rejects;
    long fills;

    ScriptedFlow(EntryClient[] clients, long seed) {
        this.clients = clients;
        this.random = new SplittableRandom(seed);
        this.nextToken = new long[clients.length];
        for (int i = 0; i < clients.length; i++) live.add(new LinkedHashSet<>());
    }

    /** Runs {@code commands} commands; every one is one journal record. */
    void run(int commands) throws IOException {
        for (int i = 0; i < commands; i++) {
            int who = i % clients.length;
            EntryClient c = clients[who];
            LinkedHashSet<Long> mine = live.get(who);
            int roll = random.nextInt(100);
            long expectToken;
            byte[] expectTypes;
            long t0 = System.nanoTime();
            if (roll < 12 && !mine.isEmpty()) {
                long token = pick(mine);
                c.cancel(token);
                expectToken = token;
                expectTypes = new byte[] {Wire.CANCELED, Wire.CANCEL_REJECT};
            } else if (roll < 22 && !mine.isEmpty()) {
                long token = pick(mine);
                long nt = ++nextToken[who];
                c.replace(token, nt, 10_000 + random.nextInt(-6, 7), 1 + random.nextInt(60));
                expectToken = token;
                expectTypes = new byte[] {Wire.REPLACED, Wire.REPLACE_REJECT};
            } else if (roll < 25) {
                long token = ++nextToken[who];
                // Rejected on purpose: an unknown symbol, a zero price, a zero quantity.
                switch (random.nextInt(3)) {
                    case 0 -> c.enter(token, "NOPE", 'B', 'L', 'G', 10_000, 10);
                    case 1 -> c.enter(token, "AAPL", 'S', 'L', 'G', 0, 10);
                    default -> c.enter(token, "AAPL", 'B', 'L', 'G', 10_000, 0);
                }
                expectToken = token;
                expectTypes = new byte[] {Wire.ACCEPTED, Wire.REJECTED};
            } else {
                long token = ++nextToken[who];
                char side = random.nextBoolean() ? 'B' : 'S';
                char tif = random.nextInt(5) == 0 ? 'I' : 'G';
                c.enter(token, "AAPL", side, 'L', tif, 10_000 + random.nextInt(-6, 7), 1 + random.nextInt(60));
                expectToken = token;
                expectTypes = new byte[] {Wire.ACCEPTED, Wire.REJECTED};
            }
            awaitAnswer(who, expectToken, expectTypes);
            rtt.recordValue(Math.max(1, System.nanoTime() - t0));
        }
        // Take in what is still on the wire (fills of the last commands) so nothing is left unread.
        for (int who = 0; who < clients.length; who++) {
            EntryClient.Packet p;
            while ((p = clients[who].next(300)) != null) track(who, p);
        }
    }

    private long pick(LinkedHashSet<Long> set) {
        int k = random.nextInt(set.size());
        for (long t : set) if (k-- == 0) return t;
        throw new IllegalStateException();
    }

    private void awaitAnswer(int who, long token, byte[] types) throws IOException {
        while (true) {
            EntryClient.Packet p = clients[who].next(15_000);
            if (p == null) throw new IOException("no answer to token " + token);
            track(who, p);
            byte t = p.messageType();
            if ((t == types[0] || t == types[1]) && p.longAt(1) == token) return;
        }
    }

    private void track(int who, EntryClient.Packet p) {
        LinkedHashSet<Long> mine = live.get(who);
        switch (p.messageType()) {
            case Wire.ACCEPTED -> {
                if (p.byteAt(Wire.ACC_TIF) != 'I') mine.add(p.longAt(Wire.ACC_TOKEN));
            }
            case Wire.REJECTED -> rejects++;
            case Wire.EXECUTED -> {
                fills++;
                if (p.longAt(Wire.EXE_LEAVES) == 0) mine.remove(p.longAt(Wire.EXE_TOKEN));
            }
            case Wire.CANCELED -> mine.remove(p.longAt(Wire.CAN_TOKEN));
            case Wire.REPLACED -> {
                mine.remove(p.longAt(Wire.REP_OLD_TOKEN));
                mine.add(p.longAt(Wire.REP_NEW_TOKEN));
            }
            default -> { }
        }
    }
}
