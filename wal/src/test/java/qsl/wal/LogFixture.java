package qsl.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Writes logs of known records and collects what recovery delivers. */
final class LogFixture {
    private LogFixture() {}

    /** Payload length of record {@code seq}: 1..40 bytes, so frames have every padding length. */
    static int lengthOf(long seq) {
        return 1 + (int) ((seq * 7) % 40);
    }

    static byte byteOf(long seq, int i) {
        return (byte) (seq * 31 + i * 7 + 1);
    }

    static WalWriter open(WalConfig config) {
        WalWriter.Open o = WalWriter.open(config, 0);
        return assertInstanceOf(WalWriter.Open.Ready.class, o, () -> "open: " + o).writer();
    }

    /** Appends records {@code writer.nextSequence()..} up to {@code count} records; returns end offsets of each record in its segment. */
    static List<long[]> append(WalWriter w, int count, int fixedLength) {
        List<long[]> frames = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1 << 16);
            for (int k = 0; k < count; k++) {
                long seq = w.nextSequence();
                int len = fixedLength > 0 ? fixedLength : lengthOf(seq);
                for (int i = 0; i < len; i++) buf.set(ValueLayout.JAVA_BYTE, i, byteOf(seq, i));
                long before = w.position();
                long segBefore = w.segmentIndex();
                long got = w.append(7, buf, 0, len);
                assertEquals(seq, got, "append");
                long start = w.segmentIndex() == segBefore ? before : SegmentDescriptor.LENGTH;
                frames.add(new long[] {w.segmentIndex(), start, len, seq});
            }
        }
        return frames;
    }

    /** Collects delivered records and checks each payload is the one written. */
    static final class Collector implements RecordHandler {
        final List<Long> sequences = new ArrayList<>();
        int badPayloads;
        final boolean fixed;
        final int fixedLength;

        Collector() { this(0); }

        /** Any payload length: only the bytes are checked. */
        static Collector anyLength() { return new Collector(-1); }

        Collector(int fixedLength) {
            this.fixedLength = fixedLength;
            this.fixed = fixedLength > 0;
        }

        @Override
        public void onRecord(long sequence, int type, MemorySegment segment, long payloadOffset, int payloadLength) {
            sequences.add(sequence);
            int want = fixed ? fixedLength : fixedLength < 0 ? payloadLength : lengthOf(sequence);
            if (type != 7 || payloadLength != want) {
                badPayloads++;
                return;
            }
            for (int i = 0; i < payloadLength; i++) {
                if (segment.get(ValueLayout.JAVA_BYTE, payloadOffset + i) != byteOf(sequence, i)) {
                    badPayloads++;
                    return;
                }
            }
        }
    }

    static Path seg(Path dir, long index) {
        return SegmentFiles.path(dir, index);
    }

    /** Which native calls {@link #failWithEio} fails: a call kind and the path it names (or null). */
    interface FailedCalls {
        boolean fail(int call, Path path);
    }

    /** A hook that fails the calls {@code which} picks with EIO, without making them; every other call proceeds. */
    static NativeFiles.Hook failWithEio(FailedCalls which) {
        return new NativeFiles.Hook() {
            @Override
            public int before(int call, int fd, Path path) {
                return which.fail(call, path) ? qsl.offheap.ffi.Errno.EIO : NativeFiles.PROCEED;
            }

            @Override
            public void after(int call, int fd, Path path, Path to, long arg) {}
        };
    }

    /**
     * Reads a child's standard output line by line, SIGKILLs it at the first line {@code killAt}
     * accepts (the signal sent without closing the pipe), then reads the pipe to its end, so that
     * every line the child wrote before it died is seen; returns every line read. The child is
     * killed and waited for (bounded) whatever happens.
     */
    static List<String> killAtLine(Process p, Predicate<String> killAt) throws Exception {
        List<String> seen = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            boolean killed = false;
            while ((line = r.readLine()) != null) {
                seen.add(line);
                if (!killed && killAt.test(line)) {
                    p.toHandle().destroyForcibly();
                    killed = true;
                }
            }
        } finally {
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child gone");
        }
        return seen;
    }
}
