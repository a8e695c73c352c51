package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "perf-stat", mixinStandardHelpOptions = true, description = "Runs a workload under Linux perf stat and classifies what the host could count.")
final class PerfStatCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl perf-stat: not built yet");
        return 1;
    }
}
