package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "flamegraph", mixinStandardHelpOptions = true, description = "async-profiler flamegraph of a named workload.")
final class FlamegraphCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl flamegraph: not built yet");
        return 1;
    }
}
