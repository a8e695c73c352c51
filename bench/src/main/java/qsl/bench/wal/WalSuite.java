package qsl.bench.wal;

import qsl.bench.BenchOptions;
import qsl.bench.BenchSuite;

/** Write-ahead log appends, syncs and replay. */
public final class WalSuite implements BenchSuite {
    @Override
    public String name() {
        return "wal";
    }

    @Override
    public String description() {
        return "Write-ahead log appends, syncs and replay";
    }

    @Override
    public void run(BenchOptions options) {
        throw new UnsupportedOperationException("suite wal is not built yet");
    }
}
