package qsl.bench.downcall;

import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;

/** Cost of an FFM downcall against jnr-posix and a Java floor. */
public final class DowncallSuite implements BenchSuite {
    @Override
    public String name() {
        return "downcalls";
    }

    @Override
    public String description() {
        return "Cost of an FFM downcall against jnr-posix and a Java floor";
    }

    @Override
    public void run(BenchOptions options) {
        throw new UnsupportedOperationException("suite downcalls is not built yet");
    }
}
