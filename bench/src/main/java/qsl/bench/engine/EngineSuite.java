package qsl.bench.engine;

import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;

/** Matching engine throughput against exchange-core. */
public final class EngineSuite implements BenchSuite {
    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String description() {
        return "Matching engine throughput against exchange-core";
    }

    @Override
    public void run(BenchOptions options) {
        throw new UnsupportedOperationException("suite engine is not built yet");
    }
}
