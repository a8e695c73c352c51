package qsl.gateway;

/**
 * How the node's pipeline stages are put on threads (the {@code threading} key of the node
 * configuration, {@code docs/node.md}); the idea of Aeron's media-driver threading modes.
 *
 * <ul>
 *   <li>{@link #SHARED}: one thread runs the gateway's select loop and the engine
 *       stage in turn (read sockets, apply what was just read, write what was released), so a
 *       command reaches the engine without a hand-off between threads; in {@code none} mode it
 *       also runs the journal stage, so the node is that one thread. In {@code batch} and
 *       {@code sync} modes the journal (which blocks in fdatasync) keeps a thread of its own.
 *       On a host with few cores this leaves the other cores to everything else and costs no
 *       cross-CPU wake-up per order.</li>
 *   <li>{@link #SINGLE} (the default): as {@link #SHARED}, and in {@code batch} and {@code sync} modes the same
 *       thread also runs the journal stage and (with {@code syncs.in.flight = 0}; by default sync threads make
 *       the calls, {@link NodeConfig#syncsInFlight()}) issues the fdatasync itself: each round reads what
 *       the sockets hold, applies it, appends it, syncs once for all of it, releases the responses
 *       and writes them (the classic single-threaded group commit). No thread hand-off between a
 *       command and its durable acknowledgement; while the thread waits for the disk it reads no
 *       input, and what arrives meanwhile is the next round's group. While commands come faster
 *       than that (large groups) a journal thread takes the journal stage over, as with
 *       {@link #SHARED}, and hands it back when the groups are small again. In {@code none} mode
 *       the same as {@link #SHARED}.</li>
 *   <li>{@link #DEDICATED}: a gateway thread, an engine thread and (except in {@code none} mode,
 *       where the engine thread runs the journal stage) a journal thread, handing commands on
 *       through rings and waking each other ({@link NodeIdle}). More throughput headroom when each
 *       thread has a core of its own.</li>
 * </ul>
 */
public enum NodeThreading {
    SHARED,
    SINGLE,
    DEDICATED;

    /** The word that names it in the configuration file. */
    public String label() {
        return ConfigLabel.of(this);
    }

    /** Whether the gateway's thread runs the engine stage ({@link #SHARED} and {@link #SINGLE}). */
    public boolean engineOnGateway() {
        return this != DEDICATED;
    }

    /** {@code shared}, {@code single} or {@code dedicated} (any case); null for anything else. */
    public static NodeThreading parse(String s) {
        return ConfigLabel.parse(NodeThreading.class, s);
    }
}
