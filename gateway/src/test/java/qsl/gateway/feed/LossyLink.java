package qsl.gateway.feed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An in-process datagram link with loss injection: drops a fraction of packets (or every packet
 * while {@link #blackout} is set), duplicates some and delays some behind later ones (reordering).
 * Packets are copied and delivered by {@link #pump}.
 */
final class LossyLink implements PacketOut, RequestOut {
    private final SplittableRandom random;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final ArrayDeque<byte[]> delayed = new ArrayDeque<>();
    double drop;
    double duplicate;
    double reorder;
    boolean blackout;
    long sent;
    long dropped;

    LossyLink(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public void send(MemorySegment packet, int length) {
        sent++;
        if (blackout || random.nextDouble() < drop) {
            dropped++;
            return;
        }
        byte[] copy = packet.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (random.nextDouble() < reorder) {
            delayed.add(copy);
            return;
        }
        queue.add(copy);
        if (random.nextDouble() < duplicate) queue.add(copy.clone());
        // a delayed packet comes out after a later one
        if (!delayed.isEmpty() && random.nextInt(3) == 0) queue.add(delayed.poll());
    }

    /** Delivers every queued packet (and, with {@code flushDelayed}, the delayed ones) to {@code to}. */
    void pump(Consumer<MemorySegment> to, boolean flushDelayed) {
        if (flushDelayed) while (!delayed.isEmpty()) queue.add(delayed.poll());
        byte[] p;
        while ((p = queue.poll()) != null) to.accept(MemorySegment.ofArray(p));
    }

    static MemorySegment direct(byte[] bytes) {
        MemorySegment s = Arena.ofAuto().allocate(bytes.length);
        s.copyFrom(MemorySegment.ofArray(bytes));
        return s;
    }
}
