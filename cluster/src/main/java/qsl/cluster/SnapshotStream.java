package qsl.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Moves one snapshot (a byte array whose header states its total length) through the cluster's
 * snapshot publication in chunks of at most {@link ServiceSnapshotDescriptor#CHUNK} bytes, and
 * reads it back whole from the snapshot image. Shared by the clustered services.
 */
final class SnapshotStream {
    /** Reads a snapshot's total length from its first bytes; negative when they are not a valid header. */
    interface LengthOf {
        long totalLength(byte[] head, int length);
    }

    private SnapshotStream() {}

    static void write(ExclusivePublication publication, byte[] bytes, IdleStrategy idle) {
        UnsafeBuffer view = new UnsafeBuffer(bytes);
        int chunk = Math.min(ServiceSnapshotDescriptor.CHUNK, publication.maxMessageLength());
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(chunk, bytes.length - at);
            long r = publication.offer(view, at, n);
            if (r > 0) {
                at += n;
            } else if (r == Publication.CLOSED || r == Publication.NOT_CONNECTED || r == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("snapshot publication refused: " + r);
            } else {
                idle.idle();
            }
        }
    }

    static byte[] read(Image image, IdleStrategy idle, int headerLength, LengthOf lengthOf) {
        Reader reader = new Reader(headerLength, lengthOf);
        FragmentAssembler assembler = new FragmentAssembler(reader);
        while (!reader.done()) {
            int fragments = image.poll(assembler, 16);
            if (reader.failed != null) throw new IllegalStateException(reader.failed);
            if (fragments == 0) {
                if ((image.isClosed() || image.isEndOfStream()) && !reader.done()) {
                    throw new IllegalStateException("cluster snapshot ended after " + reader.received + " bytes");
                }
                idle.idle();
            }
        }
        return reader.bytes;
    }

    /** Collects the snapshot's chunks: the first starts with the header that gives the total length. */
    private static final class Reader implements FragmentHandler {
        private final int headerLength;
        private final LengthOf lengthOf;
        byte[] bytes;
        int received;
        String failed;

        Reader(int headerLength, LengthOf lengthOf) {
            this.headerLength = headerLength;
            this.lengthOf = lengthOf;
        }

        boolean done() {
            return bytes != null && received == bytes.length;
        }

        @Override
        public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
            if (bytes == null) {
                byte[] head = new byte[Math.min(length, headerLength)];
                buffer.getBytes(offset, head);
                long total = lengthOf.totalLength(head, head.length);
                if (total < 0) {
                    failed = "cluster snapshot does not start with its header";
                    return;
                }
                bytes = new byte[(int) total];
            }
            if (received + length > bytes.length) {
                failed = "cluster snapshot longer than its header says";
                return;
            }
            buffer.getBytes(offset, bytes, received, length);
            received += length;
        }
    }
}
