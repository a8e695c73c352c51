package qsl.numa;

/**
 * The off-heap block the false-sharing threads write their counters into: 256 bytes aligned to
 * 128, one counter per thread, either in one cache line or two lines apart.
 *
 * <pre>
 *   0        8        16               64                      128      136               256
 *   +--------+--------+------ ... -----+---------- ... ---------+--------+------ ... ------+
 *   |   A    | B (shared layout)       |                         | B (padded layout)      |
 *   +--------+--------+------ ... -----+---------- ... ---------+--------+------ ... ------+
 *   |&lt;------- one 64-byte line ------&gt;|
 * </pre>
 */
final class CounterLineDescriptor {
    static final long BLOCK_BYTES = 256;
    static final long BLOCK_ALIGNMENT = 128;
    static final long COUNTER_A_OFFSET = 0;
    /** Same 64-byte line as counter A. */
    static final long COUNTER_B_SHARED_OFFSET = 8;
    /** 128 bytes on: another line, and not the pair the adjacent-line prefetcher fetches together. */
    static final long COUNTER_B_PADDED_OFFSET = 128;

    private CounterLineDescriptor() {}
}
