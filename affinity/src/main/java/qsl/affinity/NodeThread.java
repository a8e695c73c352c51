package qsl.affinity;

/** The exchange node's long-lived threads, as {@link ThreadLayout} places them. */
public enum NodeThread {
    /** Sequences, risk-checks and matches: the latency-critical busy-spinning thread. */
    ENGINE,
    /** Gateway I/O: decodes client frames onto the engine's inbound ring. */
    GATEWAY,
    /** Journal and publisher: appends to the WAL, acknowledges, publishes market data. */
    JOURNAL
}
