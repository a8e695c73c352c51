package qsl.perf.profile;

import java.io.IOException;
import java.util.List;

/**
 * A workload the profiling lab can drive in its steady state: {@link FlamegraphCapture} warms
 * it up, then calls {@link #runBatch()} in a loop while the profiler records. Implementations
 * live where the code they exercise is visible ({@code qsl.app.profile}); this module only
 * drives them, so it depends on none of the engine, ring or log modules.
 */
public interface ProfiledWorkload extends AutoCloseable {
    /** Short name, as {@code --workload} takes it and results file names carry it. */
    String name();

    /** One line for the results file: what a batch does, with its sizes and seed. */
    String description();

    /**
     * Does one batch of work on the calling thread and returns how many operations it did.
     * After warm-up it must allocate nothing: the alloc flamegraph and the allocation meter
     * are the checks.
     */
    long runBatch();

    /**
     * Prefixes of the frames that are this workload's own hot code (e.g. {@code qsl.book.}); the
     * results file reports the share of samples on stacks through them.
     */
    List<String> hotFramePrefixes();

    /** Threads besides the caller that do part of the work (a ring's consumer); metered for allocation too. */
    default List<Thread> workerThreads() {
        return List.of();
    }

    /** Stops worker threads and frees memory; the default does nothing. */
    @Override
    default void close() throws IOException {}
}
