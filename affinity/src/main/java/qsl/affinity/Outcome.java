package qsl.affinity;

import qsl.offheap.ffi.NativeError;

/**
 * What a native call answered: a value, a failure with its errno, or "this platform cannot do
 * that" with the reason. Expected failures are values, never exceptions, so a caller on macOS or
 * in a container that forbids a call decides what to do with a plain {@code switch}:
 * <pre>{@code
 *   switch (ThreadAffinity.pinCurrentThread(cpus)) {
 *       case Outcome.Ok<CpuSet> ok -> log("pinned to " + ok.value());
 *       case Outcome.Failed<CpuSet> f -> log(f.error().message());       // e.g. EINVAL
 *       case Outcome.Unsupported<CpuSet> u -> log("unpinned: " + u.reason());
 *   }
 * }</pre>
 */
public sealed interface Outcome<T> {

    /** The call succeeded. */
    record Ok<T>(T value) implements Outcome<T> {}

    /** The call ran and failed; {@link NativeError#errno()} says why. */
    record Failed<T>(NativeError error) implements Outcome<T> {}

    /** The platform lacks the call (or it cannot be expressed here); {@code reason} says what is missing. */
    record Unsupported<T>(String reason) implements Outcome<T> {}

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> failed(String call, int errno) {
        return new Failed<>(new NativeError(call, errno));
    }

    static <T> Outcome<T> unsupported(String reason) {
        return new Unsupported<>(reason);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value, or {@code fallback} when the call failed or is unsupported. */
    default T orElse(T fallback) {
        return this instanceof Ok<T> ok ? ok.value() : fallback;
    }

    /**
     * The value; for callers that cannot go on without it.
     *
     * @throws IllegalStateException with {@link #describe()} when not {@link Ok}
     */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) return ok.value();
        throw new IllegalStateException(describe());
    }

    /** One line for logs and results files: {@code ok: ...}, {@code failed: ...} or {@code unsupported: ...}. */
    default String describe() {
        return switch (this) {
            case Ok<T> ok -> "ok: " + ok.value();
            case Failed<T> f -> "failed: " + f.error().message();
            case Unsupported<T> u -> "unsupported: " + u.reason();
        };
    }

    /** The same failure or unsupported answer, retyped; only for non-{@link Ok} outcomes. */
    @SuppressWarnings("unchecked")
    default <U> Outcome<U> retype() {
        if (this instanceof Ok) throw new IllegalStateException("retype of an Ok outcome");
        return (Outcome<U>) this;
    }
}
