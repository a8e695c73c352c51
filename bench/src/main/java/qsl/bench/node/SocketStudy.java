package qsl.bench.node;

import qsl.bench.BenchOptions;

/** Placeholder replaced below. */
final class SocketStudy {
    void run(BenchOptions o) {}
}
