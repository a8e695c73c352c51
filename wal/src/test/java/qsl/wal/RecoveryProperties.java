package qsl.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Recovery against a simple reference: after damaging one byte range of a log, tolerate-mode
 * recovery delivers exactly the records that lie wholly before the damage, classifies the damage as
 * a torn tail when no intact record follows it and as corruption otherwise, and after a repair the
 * log reads back clean with the same records.
 */
class RecoveryProperties {

    @Property(tries = 400)
    void recoveryDeliversExactlyTheIntactPrefix(@ForAll @IntRange(min = 1, max = 60) int records,
                                                @ForAll @IntRange(min = 0, max = 100_000) int where,
                                                @ForAll @IntRange(min = 1, max = 200) int span,
                                                @ForAll boolean zeros) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "qsl-prop-");
        try {
            List<long[]> frames;
            try (WalWriter w = LogFixture.open(new WalConfig(dir, DurabilityMode.NONE, 64 << 10, 256, 1_000_000L))) {
                frames = LogFixture.append(w, records, 0);
            }
            long end = frames.get(frames.size() - 1)[1] + RecordDescriptor.frameLength((int) frames.get(frames.size() - 1)[2]);
            long from = SegmentDescriptor.LENGTH + where % (end - SegmentDescriptor.LENGTH);
            long to = Math.min(end, from + span);
            Path seg = SegmentFiles.path(dir, 0);
            byte[] orig = Files.readAllBytes(seg);
            byte[] img = orig.clone();
            for (long p = from; p < to; p++) img[(int) p] = zeros ? 0 : (byte) (img[(int) p] ^ 0x5a);
            Files.write(seg, img);
            // Reference: records wholly before the first changed byte survive; the record holding it does not.
            long intact = 0;
            int damagedFrame = -1;
            for (int k = 0; k < frames.size(); k++) {
                long[] f = frames.get(k);
                long fEnd = f[1] + RecordDescriptor.frameLength((int) f[2]);
                boolean hit = false;
                for (long p = f[1]; p < fEnd; p++) {
                    if (img[(int) p] != orig[(int) p]) {
                        hit = true;
                        break;
                    }
                }
                if (hit) {
                    damagedFrame = k;
                    break;
                }
                intact++;
            }
            LogFixture.Collector c = new LogFixture.Collector();
            RecoveryReport r = WalRecovery.recover(dir, RecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS, 1, c, true);
            String ctx = r.summary() + " records " + records + " damage [" + from + "," + to + ") zeros " + zeros;
            if (c.badPayloads != 0) throw new AssertionError("accepted a damaged payload: " + ctx);
            if (c.sequences.size() != intact) throw new AssertionError("delivered " + c.sequences.size() + ", expected " + intact + ": " + ctx);
            if (damagedFrame < 0) {
                if (r.kind() != RecoveryReport.Kind.CLEAN) throw new AssertionError("no damage, yet " + ctx);
                return;
            }
            boolean laterIntact = false;
            for (int k = damagedFrame + 1; k < frames.size(); k++) {
                if (frames.get(k)[1] >= to) {
                    laterIntact = true;
                    break;
                }
            }
            boolean zeroTail = true; // zeros from a frame boundary to the end: a shorter log, indistinguishable from one never written further
            for (long p = frames.get(damagedFrame)[1]; p < img.length && zeroTail; p++) zeroTail = img[(int) p] == 0;
            RecoveryReport.Kind want = laterIntact ? RecoveryReport.Kind.CORRUPT
                    : zeroTail ? (intact == 0 ? RecoveryReport.Kind.EMPTY : RecoveryReport.Kind.CLEAN)
                    : RecoveryReport.Kind.TORN_TAIL_REPAIRED;
            if (r.kind() != want) throw new AssertionError("kind " + r.kind() + ", expected " + want + ": " + ctx);
            if (!laterIntact) {
                RecoveryReport again = WalRecovery.verify(dir, RecoveryMode.ABSOLUTE_CONSISTENCY);
                if (again.lastSequence() != intact || (again.kind() != RecoveryReport.Kind.CLEAN && again.kind() != RecoveryReport.Kind.EMPTY)) {
                    throw new AssertionError("after repair " + again.summary() + ": " + ctx);
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

}
