package qsl.bench.ring;

import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;

/** SPSC ring against Agrona and JCTools. */
public final class RingSuite implements BenchSuite {
    @Override
    public String name() {
        return "ringbuffer";
    }

    @Override
    public String description() {
        return "SPSC ring against Agrona and JCTools";
    }

    @Override
    public void run(BenchOptions options) {
        throw new UnsupportedOperationException("suite ringbuffer is not built yet");
    }
}
