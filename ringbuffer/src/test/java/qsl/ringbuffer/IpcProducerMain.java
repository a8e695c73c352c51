package qsl.ringbuffer;

import java.nio.file.Path;

/**
 * Child-process producer for {@link MappedRingTest}: opens the ring file, writes records 0..n-1
 * (content from {@link Payloads}), then exits; with "die-mid-claim" it then claims one more
 * record, scribbles into it and halts without committing.
 */
public final class IpcProducerMain {
    static final int DIED_MID_CLAIM = 42;

    private IpcProducerMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int capacity = Integer.parseInt(args[1]);
        long records = Long.parseLong(args[2]);
        boolean die = "die-mid-claim".equals(args[3]);
        try (MappedRing ring = MappedRing.open(file, capacity)) {
            RingProducer producer = ring.ring().producer();
            int maxLength = Math.min(producer.maxPayloadLength(), 1024);
            RingStressTest.produce(producer, records, maxLength);
            if (die) {
                long at;
                while ((at = producer.claim(1, 64)) < 0) Thread.onSpinWait();
                producer.buffer().asSlice(at, 64).fill((byte) 0xAB);
                Runtime.getRuntime().halt(DIED_MID_CLAIM);
            }
        } catch (RingLayoutException e) {
            System.err.println("refused: " + e.getMessage());
            System.exit(3);
        }
    }
}
