package qsl.app.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import qsl.gateway.entry.EntryClient;
import qsl.gateway.entry.Wire;

/**
 * One simulated trader of the demo's load phase: a writer thread sends Enter Orders with up to
 * {@code window} unanswered, a reader thread records every sequenced response (for the
 * after-restart check) and the round trip from send to the order's Accepted or Rejected.
 */
final class LoadClient {
    final String user;
    final String password;
    final EntryClient client;
    final int window;
    final SplittableRandom random;
    final List<byte[]> received = new ArrayList<>();
    final Histogram rtt = new Histogram(3_600_000_000_000L, 3);
    final long[] sentAt = new long[1 << 16];
    final AtomicLong acked = new AtomicLong();
    volatile boolean dead;
    volatile boolean stop;
    long sent;

    LoadClient(String user, String password, InetSocketAddress address, int window, long seed) throws IOException {
        this.user = user;
        this.password = password;
        this.client = new EntryClient(address);
        this.window = window;
        this.random = new SplittableRandom(seed);
        EntryClient.Login l = client.login(user, password, "", 1);
        if (!l.accepted()) throw new IOException("login of " + user + " refused");
    }

    Thread start() {
        Thread reader = new Thread(this::read, "demo-" + user + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::write, "demo-" + user + "-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private void write() {
        try {
            long token = 0;
            while (!stop && !dead) {
                if (token - acked.get() >= window) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000); // the node shares this machine: never spin
                    continue;
                }
                token++;
                char side = random.nextBoolean() ? 'B' : 'S';
                long price = 10_000 + random.nextInt(-8, 9);
                char tif = random.nextInt(4) == 0 ? 'I' : 'G';
                String symbol = random.nextInt(3) == 0 ? "MSFT" : "AAPL";
                sentAt[(int) (token & (sentAt.length - 1))] = System.nanoTime();
                client.enter(token, symbol, side, 'L', tif, symbol.equals("MSFT") ? price * 2 : price, 1 + random.nextInt(100));
                sent = token;
            }
        } catch (IOException e) {
            dead = true;
        }
    }

    private void read() {
        try {
            while (true) {
                EntryClient.Packet p = client.readPacket(60_000);
                if (p == null) return;
                if (p.type() != Wire.SEQUENCED) continue;
                synchronized (received) {
                    received.add(p.wire());
                }
                byte t = p.messageType();
                if (t == Wire.ACCEPTED || t == Wire.REJECTED) {
                    long token = p.longAt(1);
                    long now = System.nanoTime();
                    synchronized (rtt) {
                        rtt.recordValue(Math.max(1, now - sentAt[(int) (token & (sentAt.length - 1))]));
                    }
                    acked.incrementAndGet();
                }
            }
        } catch (IOException e) {
            dead = true;
        }
    }

    List<byte[]> receivedCopy() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }
}
